#include "judging/NewJudgingDialog.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace assay {

NewJudgingDialog::NewJudgingDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New judging session"));
    setMinimumWidth(520); // target labels are long: "ticket_summary@v4 anthropic/claude-haiku-4-5"
    m_run = new QComboBox(this);
    m_a = new QComboBox(this);
    m_b = new QComboBox(this);
    m_size = new QSpinBox(this);
    m_size->setRange(1, 100000);
    m_size->setValue(50);
    m_seed = new QSpinBox(this);
    m_seed->setRange(1, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Draws the pairs and which side each shows on the left: the same for every judge."));
    m_name = new QLineEdit(this);
    m_name->setText(u"judging-%1"_s.arg(QDate::currentDate().toString(u"yyyy-MM-dd"_s)));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout;
    form->addRow(tr("Replay run"), m_run);
    form->addRow(tr("Side A"), m_a);
    form->addRow(tr("Side B"), m_b);
    form->addRow(tr("Pairs"), m_size);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Name"), m_name);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Draw pairs"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        m_message->setText(tr("Drawing…"));
        m_ok->setEnabled(false);
        Q_EMIT requested(request());
    });
    connect(m_run, &QComboBox::currentIndexChanged, this, &NewJudgingDialog::fillSides);
    for (QComboBox *box : {m_a, m_b})
        connect(box, &QComboBox::currentIndexChanged, this, &NewJudgingDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &NewJudgingDialog::validate);
}

void NewJudgingDialog::setRuns(const QList<CompareRunChoice> &runs, qint64 runId, const QString &sideA, const QString &sideB)
{
    m_runs = runs;
    const QSignalBlocker block(m_run);
    m_run->clear();
    int chosen = 0;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        m_run->addItem(runs.at(i).title(), runs.at(i).runId);
        if (runs.at(i).runId == runId)
            chosen = int(i);
    }
    m_run->setCurrentIndex(runs.isEmpty() ? -1 : chosen);
    fillSides();
    if (const int a = m_a->findData(sideA); a >= 0)
        m_a->setCurrentIndex(a);
    if (const int b = m_b->findData(sideB); b >= 0)
        m_b->setCurrentIndex(b);
    validate();
}

void NewJudgingDialog::fillSides()
{
    const int run = m_run->currentIndex();
    for (QComboBox *box : {m_a, m_b}) {
        const QSignalBlocker block(box);
        box->clear();
        if (run < 0)
            continue;
        const CompareRunChoice &c = m_runs.at(run);
        for (qsizetype i = 0; i < c.sideKeys.size(); ++i)
            box->addItem(c.sideNames.at(i), c.sideKeys.at(i));
    }
    m_a->setCurrentIndex(m_a->count() > 0 ? 0 : -1);
    m_b->setCurrentIndex(m_b->count() > 1 ? 1 : -1);
    validate();
}

void NewJudgingDialog::validate()
{
    QString problem;
    if (m_run->currentIndex() < 0)
        problem = tr("No replay run yet: run a replay first (the Replay tab).");
    else if (m_b->currentIndex() < 0)
        problem = tr("This run has no target to compare the baseline with.");
    else if (m_a->currentData() == m_b->currentData())
        problem = tr("Pick two different sides.");
    else if (m_name->text().trimmed().isEmpty())
        problem = tr("Name the session.");
    m_message->setText(problem);
    m_ok->setEnabled(problem.isEmpty());
}

JudgingRequest NewJudgingDialog::request() const
{
    JudgingRequest r;
    r.runId = m_run->currentData().toLongLong();
    r.sideA = m_a->currentData().toString();
    r.sideB = m_b->currentData().toString();
    r.size = m_size->value();
    r.seed = quint64(m_seed->value());
    r.name = m_name->text().trimmed();
    return r;
}

void NewJudgingDialog::showFailure(const QString &message)
{
    m_message->setText(message);
    m_ok->setEnabled(true);
}

} // namespace assay
