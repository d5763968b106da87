#include "judging/JudgeModelDialog.h"

#include "eval/JudgeRubric.h"
#include "util/Money.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

JudgeModelDialog::JudgeModelDialog(const QString &session, QWidget *parent)
    : QDialog(parent), m_session(session), m_rubricOrigin(JudgeRubric::builtIn().origin())
{
    setWindowTitle(tr("Judge session %1 with a model").arg(session));
    setMinimumWidth(640);
    m_provider = new QComboBox(this);
    m_provider->setObjectName(u"judgeProvider"_s);
    m_provider->addItems({u"anthropic"_s, u"openai"_s, u"gemini"_s, u"openai-compatible"_s});
    m_model = new QLineEdit(this);
    m_model->setObjectName(u"judgeModel"_s);
    m_model->setPlaceholderText(tr("e.g. claude-sonnet-4-5, gpt-4o"));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(u"judgeBaseUrl"_s);
    m_baseUrl->setPlaceholderText(tr("the provider's own endpoint"));
    m_criteria = new QLineEdit(defaultJudgeCriteria(), this);
    m_criteria->setObjectName(u"judgeCriteria"_s);
    m_rubric = new QPlainTextEdit(JudgeRubric::builtIn().text(), this);
    m_rubric->setObjectName(u"judgeRubric"_s);
    m_rubric->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rubric->setMinimumHeight(200);
    m_rubric->setToolTip(tr("{{criteria}}, {{input}}, {{response_1}} and {{response_2}} are filled in per pair; "
                            "the judge must answer with JSON: {\"winner\": \"1\" | \"2\" | \"tie\", \"reason\": …}"));
    auto *load = new QPushButton(tr("Load rubric…"), this);
    load->setObjectName(u"judgeLoadRubric"_s);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setObjectName(u"judgeMaxTokens"_s);
    m_maxTokens->setRange(16, 32000);
    m_maxTokens->setValue(512);
    m_budget = new QDoubleSpinBox(this);
    m_budget->setObjectName(u"judgeBudget"_s);
    m_budget->setRange(0, 100000);
    m_budget->setDecimals(2);
    m_budget->setPrefix(u"$"_s);
    m_budget->setSpecialValueText(tr("no budget"));
    m_message = new QLabel(tr("Estimate first: nothing is sent before you have seen what it costs."), this);
    m_message->setObjectName(u"judgeMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *rubricRow = new QVBoxLayout;
    rubricRow->addWidget(m_rubric, 1);
    auto *rubricButtons = new QHBoxLayout;
    rubricButtons->addWidget(load);
    rubricButtons->addStretch(1);
    rubricRow->addLayout(rubricButtons);
    auto *form = new QFormLayout;
    form->addRow(tr("Provider"), m_provider);
    form->addRow(tr("Judge model"), m_model);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("Criteria"), m_criteria);
    form->addRow(tr("Rubric"), rubricRow);
    form->addRow(tr("Max output tokens"), m_maxTokens);
    form->addRow(tr("Budget"), m_budget);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_estimate = buttons->addButton(tr("Estimate"), QDialogButtonBox::ActionRole);
    m_estimate->setObjectName(u"judgeEstimate"_s);
    m_start = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"judgeStart"_s);
    m_start->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(load, &QPushButton::clicked, this, &JudgeModelDialog::loadRubric);
    connect(m_estimate, &QPushButton::clicked, this, [this] {
        m_message->setText(tr("Estimating…"));
        Q_EMIT estimateRequested(request());
    });
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (!m_estimated || *m_estimated != request())
            return; // settings changed since the estimate: settingsChanged() disabled the button
        m_start->setEnabled(false);
        m_message->setText(tr("Starting…"));
        Q_EMIT startRequested(request());
    });
    connect(m_provider, &QComboBox::currentIndexChanged, this, &JudgeModelDialog::settingsChanged);
    for (QLineEdit *edit : {m_model, m_baseUrl, m_criteria})
        connect(edit, &QLineEdit::textChanged, this, &JudgeModelDialog::settingsChanged);
    connect(m_rubric, &QPlainTextEdit::textChanged, this, &JudgeModelDialog::settingsChanged);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &JudgeModelDialog::settingsChanged);
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, &JudgeModelDialog::settingsChanged);
}

JudgeModelRequest JudgeModelDialog::request() const
{
    JudgeModelRequest r;
    r.session = m_session;
    r.provider = m_provider->currentText();
    r.model = m_model->text().trimmed();
    r.baseUrl = m_baseUrl->text().trimmed();
    r.rubricText = m_rubric->toPlainText();
    r.rubricOrigin = m_rubricOrigin;
    r.criteria = m_criteria->text().trimmed();
    r.maxTokens = m_maxTokens->value();
    r.budgetUsd = m_budget->value();
    return r;
}

void JudgeModelDialog::settingsChanged()
{
    const bool current = m_estimated && *m_estimated == request();
    m_start->setEnabled(current);
    if (m_estimated && !current)
        m_message->setText(tr("The settings changed: estimate again before starting."));
}

void JudgeModelDialog::loadRubric()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load a rubric"), {}, tr("Text (*.txt *.md);;All files (*)"));
    if (path.isEmpty())
        return;
    auto rubric = JudgeRubric::fromFile(path);
    if (!rubric) {
        showFailure(rubric.error());
        return;
    }
    m_rubricOrigin = rubric->origin();
    m_rubric->setPlainText(rubric->text());
}

void JudgeModelDialog::showEstimate(const JudgeModelEstimate &e)
{
    if (e.request != request())
        return; // an answer for settings the user has changed since
    m_estimated = e.request;
    m_start->setEnabled(true);
    if (e.existingRunId > 0) {
        m_message->setText(e.pendingCalls > 0
                               ? tr("Run %1 already judges this session with this model and rubric: %2 of %3 calls "
                                    "still to send. Start resumes it.")
                                     .arg(e.existingRunId)
                                     .arg(e.pendingCalls)
                                     .arg(e.totalCalls)
                               : tr("Run %1 already judged this session with this model and rubric: every call is "
                                    "answered. Start shows it.")
                                     .arg(e.existingRunId));
        return;
    }
    const ReplayEstimate &x = e.estimate;
    QString text = tr("%1 pairs, each judged twice with the positions swapped: %2 calls, about %3 input and at most "
                      "%4 output tokens, %5.")
                       .arg(e.pairs)
                       .arg(x.calls)
                       .arg(x.inputTokens)
                       .arg(x.outputTokens)
                       .arg(formatUsd(x.costUsd));
    if (x.unpricedCalls > 0)
        text += u' ' + tr("%1 calls have no price (%2): not counted.").arg(x.unpricedCalls).arg(x.unpricedModels.join(u", "_s));
    if (x.renderErrors > 0)
        text += u' ' + tr("%1 orders cannot be sent (a case lost an output): counted as failed.").arg(x.renderErrors);
    m_message->setText(text);
}

void JudgeModelDialog::showFailure(const QString &message)
{
    m_message->setText(message);
    settingsChanged();
}

} // namespace assay
