#include "replay/NewReplayDialog.h"

#include "replay/ReplayTargetsTable.h"
#include "util/Money.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

NewReplayDialog::NewReplayDialog(const ReplayChoices &choices, const OutputFilter &filter, const QStringList &selectedIds,
                                 QWidget *parent)
    : QDialog(parent), m_filter(filter), m_selectedIds(selectedIds)
{
    setWindowTitle(tr("New replay"));
    setObjectName(u"newReplayDialog"_s);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &NewReplayDialog::requestEstimate);

    // Inputs.
    auto *inputs = new QGroupBox(tr("Inputs: the logged outputs to replay"), this);
    auto *grid = new QGridLayout(inputs);
    m_fromFilter = new QRadioButton(tr("The Outputs page's filter, newest"), inputs);
    m_limit = new QSpinBox(inputs);
    m_limit->setRange(1, 1'000'000);
    m_limit->setValue(100);
    m_onlyPromptsOwn = new QCheckBox(tr("only outputs the first target's prompt logged"), inputs);
    m_onlyPromptsOwn->setChecked(true);
    m_onlyPromptsOwn->setToolTip(tr("Other prompts' inputs rarely have the variables this template needs."));
    grid->addWidget(m_fromFilter, 0, 0);
    grid->addWidget(m_limit, 0, 1);
    grid->addWidget(m_onlyPromptsOwn, 0, 2);
    m_fromSelection = new QRadioButton(tr("The Outputs page's selection (%n output(s))", nullptr,
                                          static_cast<int>(selectedIds.size())), inputs);
    m_fromSelection->setEnabled(!selectedIds.isEmpty());
    grid->addWidget(m_fromSelection, 1, 0, 1, 3);
    m_fromSession = new QRadioButton(tr("A review session's sample"), inputs);
    m_session = new QComboBox(inputs);
    m_session->addItems(choices.reviewSessions);
    m_fromSession->setEnabled(!choices.reviewSessions.isEmpty());
    grid->addWidget(m_fromSession, 2, 0);
    grid->addWidget(m_session, 2, 1, 1, 2);
    m_fromDataset = new QRadioButton(tr("A saved dataset"), inputs);
    m_dataset = new QComboBox(inputs);
    m_dataset->addItems(choices.datasets);
    m_fromDataset->setEnabled(!choices.datasets.isEmpty());
    grid->addWidget(m_fromDataset, 3, 0);
    grid->addWidget(m_dataset, 3, 1, 1, 2);
    m_saveAs = new QLineEdit(inputs);
    m_saveAs->setObjectName(u"saveAsDataset"_s);
    m_saveAs->setPlaceholderText(tr("optional: a name, to replay the same outputs again later"));
    grid->addWidget(new QLabel(tr("Save these as a dataset:"), inputs), 4, 0);
    grid->addWidget(m_saveAs, 4, 1, 1, 2);
    grid->setColumnStretch(2, 1);
    m_fromFilter->setChecked(true);

    // Targets.
    auto *targetsBox = new QGroupBox(tr("Targets: each is compared with the logged output"), this);
    auto *targetsLayout = new QVBoxLayout(targetsBox);
    m_targets = new ReplayTargetsTable(choices.promptRefs, targetsBox);
    m_targets->setMinimumHeight(110);
    auto *addTarget = new QPushButton(tr("Add target"), targetsBox);
    auto *removeTarget = new QPushButton(tr("Remove target"), targetsBox);
    auto *targetButtons = new QHBoxLayout;
    targetButtons->addWidget(addTarget);
    targetButtons->addWidget(removeTarget);
    targetButtons->addStretch();
    targetsLayout->addWidget(m_targets);
    targetsLayout->addLayout(targetButtons);
    if (!choices.note.isEmpty())
        targetsLayout->addWidget(new QLabel(choices.note, targetsBox));
    connect(addTarget, &QPushButton::clicked, this, [this] {
        const QList<ReplayTarget> existing = m_targets->targets();
        ReplayTarget next = existing.isEmpty() ? ReplayTarget{} : existing.last();
        if (existing.isEmpty())
            next.maxTokens = 0;
        m_targets->addTarget(next);
    });
    connect(removeTarget, &QPushButton::clicked, m_targets, &ReplayTargetsTable::removeCurrentTarget);

    // How it runs.
    auto *runBox = new QGroupBox(tr("Run"), this);
    auto *form = new QFormLayout(runBox);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_concurrency = new QSpinBox(runBox);
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(8);
    form->addRow(tr("Concurrency (calls in flight per target):"), m_concurrency);
    auto *budgetRow = new QHBoxLayout;
    m_useBudget = new QCheckBox(tr("Stop before spending more than"), runBox);
    m_budget = new QDoubleSpinBox(runBox);
    // Four decimals: a test run of a cheap model costs fractions of a cent.
    m_budget->setRange(0.0001, 100000);
    m_budget->setDecimals(4);
    m_budget->setPrefix(u"$"_s);
    m_budget->setValue(5);
    m_budget->setEnabled(false);
    budgetRow->addWidget(m_useBudget);
    budgetRow->addWidget(m_budget);
    budgetRow->addStretch();
    form->addRow(tr("Budget:"), budgetRow);
    m_noCache = new QCheckBox(tr("Fresh samples (never answer from the response cache)"), runBox);
    form->addRow(QString(), m_noCache);
    connect(m_useBudget, &QCheckBox::toggled, m_budget, &QWidget::setEnabled);

    // The estimate and what stands in the way.
    m_estimate = new QLabel(tr("Estimating…"), this);
    m_estimate->setObjectName(u"replayEstimate"_s);
    m_estimate->setTextFormat(Qt::RichText);
    m_estimate->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(u"replayProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(u"color: #b3261e;"_s);
    m_problem->hide();
    m_keys = new QPushButton(tr("Provider API keys…"), this);
    m_keys->setObjectName(u"replayKeysButton"_s);
    m_keys->hide();
    connect(m_keys, &QPushButton::clicked, this, &NewReplayDialog::apiKeysRequested);
    auto *recheck = new QPushButton(tr("Estimate again"), this);
    connect(recheck, &QPushButton::clicked, this, &NewReplayDialog::requestEstimate);
    auto *problemRow = new QHBoxLayout;
    problemRow->addWidget(m_keys);
    problemRow->addWidget(recheck);
    problemRow->addStretch();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_start = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"replayStart"_s);
    m_start->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Accepting waits for the worker to store the run: the page closes the dialog then.
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_start->setEnabled(false);
        m_estimate->setText(m_estimate->text() + tr("<br><i>Starting…</i>"));
        Q_EMIT startRequested(request());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(inputs);
    layout->addWidget(targetsBox, 1);
    layout->addWidget(runBox);
    layout->addWidget(m_estimate);
    layout->addWidget(m_problem);
    layout->addLayout(problemRow);
    layout->addWidget(buttons);
    resize(920, 680);

    for (QRadioButton *radio : {m_fromFilter, m_fromSelection, m_fromSession, m_fromDataset})
        connect(radio, &QRadioButton::toggled, this, &NewReplayDialog::scheduleEstimate);
    connect(m_limit, &QSpinBox::valueChanged, this, &NewReplayDialog::scheduleEstimate);
    connect(m_onlyPromptsOwn, &QCheckBox::toggled, this, &NewReplayDialog::scheduleEstimate);
    connect(m_session, &QComboBox::currentTextChanged, this, &NewReplayDialog::scheduleEstimate);
    connect(m_dataset, &QComboBox::currentTextChanged, this, &NewReplayDialog::scheduleEstimate);
    connect(m_targets, &ReplayTargetsTable::edited, this, &NewReplayDialog::scheduleEstimate);
    connect(m_concurrency, &QSpinBox::valueChanged, this, &NewReplayDialog::scheduleEstimate);
    connect(m_useBudget, &QCheckBox::toggled, this, &NewReplayDialog::scheduleEstimate);
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, &NewReplayDialog::scheduleEstimate);
    connect(m_noCache, &QCheckBox::toggled, this, &NewReplayDialog::scheduleEstimate);

    ReplayTarget first;
    first.maxTokens = 0;
    if (!choices.promptRefs.isEmpty()) {
        first.promptName = choices.promptRefs.first().section(u'@', 0, 0);
        first.promptVersion = choices.promptRefs.first().section(u'@', 1);
    }
    m_targets->addTarget(first);
}

void NewReplayDialog::chooseInputs(Inputs inputs, const QString &name)
{
    switch (inputs) {
    case Inputs::Filter:
        m_fromFilter->setChecked(true);
        break;
    case Inputs::Selection:
        m_fromSelection->setChecked(true);
        break;
    case Inputs::ReviewSession:
        m_session->setCurrentText(name);
        m_fromSession->setChecked(true);
        break;
    case Inputs::Dataset:
        m_dataset->setCurrentText(name);
        m_fromDataset->setChecked(true);
        break;
    }
    scheduleEstimate();
}

void NewReplayDialog::setLimit(int limit)
{
    m_limit->setValue(limit);
}

void NewReplayDialog::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

void NewReplayDialog::setBudget(std::optional<double> usd)
{
    m_useBudget->setChecked(usd.has_value());
    if (usd)
        m_budget->setValue(*usd);
}

void NewReplayDialog::setSaveAsDataset(const QString &name)
{
    m_saveAs->setText(name);
}

void NewReplayDialog::setFreshSamples(bool fresh)
{
    m_noCache->setChecked(fresh);
}

ReplayRequest NewReplayDialog::request() const
{
    ReplayRequest r;
    r.spec.targets = m_targets->targets();
    r.spec.options.concurrency = m_concurrency->value();
    if (m_useBudget->isChecked())
        r.spec.options.budgetUsd = m_budget->value();
    r.spec.options.noCache = m_noCache->isChecked();
    r.onlyPromptsOwnOutputs = m_onlyPromptsOwn->isChecked();
    r.saveAsDataset = m_saveAs->text().trimmed();
    if (m_fromSelection->isChecked()) {
        r.spec.inputs.kind = ReplayInputs::Kind::Ids;
        r.spec.inputs.ids = m_selectedIds;
    } else if (m_fromSession->isChecked()) {
        r.spec.inputs.kind = ReplayInputs::Kind::Ids;
        r.reviewSession = m_session->currentText();
    } else if (m_fromDataset->isChecked()) {
        r.spec.inputs.kind = ReplayInputs::Kind::Dataset;
        r.spec.inputs.dataset = m_dataset->currentText();
    } else {
        r.spec.inputs.kind = ReplayInputs::Kind::Filter;
        r.spec.inputs.filter = m_filter;
        r.spec.inputs.limit = m_limit->value();
    }
    return r;
}

void NewReplayDialog::scheduleEstimate()
{
    // Whatever was estimated no longer describes the form: Start waits for the new answer, and
    // an answer still on its way (to the form as it was) is dropped when it comes.
    ++m_requestNo;
    m_estimateHolds = false;
    m_lastEstimate.reset();
    m_start->setEnabled(false);
    m_debounce->start();
}

void NewReplayDialog::requestEstimate()
{
    m_debounce->stop();
    m_estimateHolds = false;
    m_lastEstimate.reset();
    m_start->setEnabled(false);
    QString problem;
    const QList<ReplayTarget> targets = m_targets->targets(&problem);
    if (!problem.isEmpty() || targets.isEmpty()) {
        m_estimate->setText(QString());
        showProblems(problem.isEmpty() ? tr("Add a target.") : problem, {});
        return;
    }
    m_estimate->setText(tr("Estimating…"));
    Q_EMIT estimateRequested(++m_requestNo, request());
}

void NewReplayDialog::showProblems(const QString &message, const QStringList &keyProblems)
{
    QStringList lines;
    if (!message.isEmpty())
        lines << message;
    lines << keyProblems;
    m_problem->setText(lines.join(u'\n'));
    m_problem->setVisible(!lines.isEmpty());
    m_keys->setVisible(!keyProblems.isEmpty());
}

void NewReplayDialog::showEstimate(const ReplayEstimateReply &reply)
{
    if (reply.requestNo != m_requestNo)
        return; // an answer to a form that has changed since
    if (!reply.error.isEmpty()) {
        m_estimate->setText(QString());
        showProblems(reply.error, reply.keyProblems);
        return;
    }
    const ReplayEstimate &e = reply.estimate;
    const QLocale locale;
    QString text = tr("<b>Estimate:</b> %1 cases, %2 calls, about %3 input and %4 output tokens, <b>%5</b>")
                       .arg(locale.toString(e.cases), locale.toString(e.calls), locale.toString(e.inputTokens),
                            locale.toString(e.outputTokens), formatUsd(e.costUsd).toHtmlEscaped());
    if (e.unpricedCalls > 0)
        text += tr(" (+ %1 calls with no price: %2)").arg(e.unpricedCalls).arg(e.unpricedModels.join(u", "_s).toHtmlEscaped());
    if (e.renderErrors > 0)
        text += tr("<br>%1 case(s) cannot be rendered from their logged input and will be recorded as render errors.")
                    .arg(e.renderErrors);
    QStringList labels;
    for (const ReplayTarget &t : reply.targets)
        labels << t.label().toHtmlEscaped() + tr(" (max %1 tokens)").arg(t.maxTokens);
    text += u"<br>"_s + tr("Sends to: %1").arg(labels.join(u"; "_s));
    m_estimate->setText(text);
    m_lastEstimate = e;
    showProblems({}, reply.keyProblems);
    m_estimateHolds = reply.keyProblems.isEmpty();
    m_start->setEnabled(m_estimateHolds);
}

void NewReplayDialog::showStartFailure(const QString &message, const QStringList &keyProblems)
{
    showProblems(message, keyProblems);
    m_start->setEnabled(false);
}

} // namespace assay
