#include "compare/ComparePage.h"

#include "common/WorkerThread.h"

#include "compare/CompareDelegate.h"
#include "compare/CompareRoles.h"
#include "compare/CompareWorker.h"
#include "compare/ComparedPairsModel.h"
#include "compare/PairDetailView.h"
#include "compare/ScoreboardView.h"
#include "compare/SummaryModels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QTableView *tableFor(QAbstractItemModel *model, int winRateColumn, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setItemDelegate(new CompareDelegate(winRateColumn, view));
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

ComparePage::ComparePage(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<CompareRunChoice>();
    qRegisterMetaType<QList<CompareRunChoice>>();
    qRegisterMetaType<CompareRequest>();
    qRegisterMetaType<CompareReport>();
    qRegisterMetaType<PairDetail>();
    qRegisterMetaType<SessionSpec>();
    qRegisterMetaType<PriceTable>();

    m_features = new FeatureTallyModel(this);
    m_checks = new CheckComparisonModel(this);
    m_deltas = new DeltaModel(this);
    m_pairs = new ComparedPairsModel(this);
    m_pairsFilter = new PairVerdictFilter(this);
    m_pairsFilter->setSourceModel(m_pairs);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(buildControls());
    topLayout->addWidget(buildSummary(), 1);

    m_detail = new PairDetailView(this);
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(buildPairs());
    bottom->addWidget(m_detail);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({330, 500});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_worker = new CompareWorker;
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connectWorker();
    m_thread.setObjectName(u"compare-worker"_s);
    m_thread.start();
}

ComparePage::~ComparePage()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

QWidget *ComparePage::buildControls()
{
    auto *bar = new QWidget(this);
    m_run = new QComboBox(bar);
    m_run->setObjectName(u"compareRun"_s);
    m_run->setMinimumContentsLength(24);
    m_a = new QComboBox(bar);
    m_a->setObjectName(u"compareSideA"_s);
    m_b = new QComboBox(bar);
    m_b->setObjectName(u"compareSideB"_s);
    for (QComboBox *box : {m_a, m_b}) {
        box->setMinimumContentsLength(28);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    }
    m_judges = new QComboBox(bar);
    m_judges->setObjectName(u"compareJudges"_s);
    m_judges->addItem(tr("All people"), u"people"_s);
    m_judges->addItem(tr("Everyone (people and the judge model)"), u"all"_s);
    m_judges->addItem(tr("The judge model"), u"llm"_s);
    m_judge = new QPushButton(tr("Judge these pairs…"), bar);
    m_judge->setObjectName(u"compareJudge"_s);
    m_judge->setToolTip(tr("Start a blind judging session over this run's pairs of A and B"));
    m_judge->setEnabled(false);
    m_judgeModel = new QPushButton(tr("Judge with a model…"), bar);
    m_judgeModel->setObjectName(u"compareJudgeModel"_s);
    m_judgeModel->setToolTip(tr("Have a judge model compare every pair of A and B, twice with the positions swapped "
                                "(you see the estimate before anything is sent)"));
    m_judgeModel->setEnabled(false);
    m_status = new QLabel(tr("Open a log to compare its replay runs."), bar);
    m_status->setObjectName(u"compareStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Run"), bar));
    layout->addWidget(m_run);
    layout->addWidget(new QLabel(tr("A"), bar));
    layout->addWidget(m_a);
    layout->addWidget(new QLabel(tr("B"), bar));
    layout->addWidget(m_b);
    layout->addWidget(new QLabel(tr("Judges"), bar));
    layout->addWidget(m_judges);
    layout->addWidget(m_judge);
    layout->addWidget(m_judgeModel);
    layout->addWidget(m_status, 1);

    connect(m_run, &QComboBox::currentIndexChanged, this, [this] {
        fillSides();
        requestComparison();
    });
    for (QComboBox *box : {m_a, m_b, m_judges})
        connect(box, &QComboBox::currentIndexChanged, this, &ComparePage::requestComparison);
    connect(m_judge, &QPushButton::clicked, this, [this] {
        const CompareRequest r = currentRequest();
        Q_EMIT judgingRequested(r.runId, r.sideA, r.sideB);
    });
    connect(m_judgeModel, &QPushButton::clicked, this, [this] {
        const CompareRequest r = currentRequest();
        Q_EMIT judgeModelRequested(r.runId, r.sideA, r.sideB);
    });
    return bar;
}

QWidget *ComparePage::buildSummary()
{
    auto *box = new QWidget(this);
    m_scoreboard = new ScoreboardView(box);
    m_sections = new QTabWidget(box);
    m_sections->setObjectName(u"compareSections"_s);
    auto *features = tableFor(m_features, FeatureTallyModel::WinRate, m_sections);
    features->setObjectName(u"compareFeatures"_s);
    features->setColumnWidth(FeatureTallyModel::Feature, 130);
    for (int c : {FeatureTallyModel::Wins, FeatureTallyModel::Losses, FeatureTallyModel::Ties})
        features->setColumnWidth(c, 60);
    features->setColumnWidth(FeatureTallyModel::WinRate, 290);
    m_sections->addTab(features, tr("Per feature"));
    auto *deltas = tableFor(m_deltas, -1, m_sections);
    deltas->setObjectName(u"compareDeltas"_s);
    deltas->setColumnWidth(DeltaModel::Metric, 110);
    deltas->setColumnWidth(DeltaModel::Pairs, 50);
    deltas->setColumnWidth(DeltaModel::Interval, 200);
    m_sections->addTab(deltas, tr("Cost, latency, tokens"));
    m_checksTab = tableFor(m_checks, -1, m_sections);
    m_checksTab->setObjectName(u"compareChecks"_s);
    m_sections->addTab(m_checksTab, tr("Checks"));
    m_sections->setTabVisible(m_sections->indexOf(m_checksTab), false);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scoreboard, 1);
    layout->addWidget(m_sections, 1);
    return box;
}

QWidget *ComparePage::buildPairs()
{
    auto *box = new QWidget(this);
    m_filter = new QComboBox(box);
    m_filter->setObjectName(u"compareVerdictFilter"_s);
    m_filter->addItem(tr("Every pair"), -1);
    for (PairVerdictKind kind : {PairVerdictKind::BBetter, PairVerdictKind::ABetter, PairVerdictKind::Tie, PairVerdictKind::NotJudged})
        m_filter->addItem(pairVerdictKindText(kind), int(kind));
    m_checkFilter = new QComboBox(box);
    m_checkFilter->setObjectName(u"compareCheckFilter"_s);
    m_checkFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_checkFilter->setToolTip(tr("Keep the pairs by a check's outcome on each side"));
    fillCheckFilter({});
    m_pairsView = tableFor(m_pairsFilter, -1, box);
    m_pairsView->setObjectName(u"comparePairs"_s);
    m_pairsView->setColumnWidth(ComparedPairsModel::Case, 50);
    m_pairsView->setColumnWidth(ComparedPairsModel::Verdict, 90);
    m_pairsView->setColumnWidth(ComparedPairsModel::Votes, 130);
    m_pairsView->setColumnWidth(ComparedPairsModel::Fails, 140);
    m_pairsView->setColumnWidth(ComparedPairsModel::OutputA, 200);
    m_pairsView->setColumnWidth(ComparedPairsModel::OutputB, 200);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Pairs"), box));
    top->addWidget(m_filter);
    top->addWidget(m_checkFilter);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_pairsView, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_filter->currentData().toInt();
        m_pairsFilter->setVerdict(kind < 0 ? std::nullopt : std::optional<PairVerdictKind>(PairVerdictKind(kind)));
    });
    connect(m_checkFilter, &QComboBox::currentIndexChanged, this, &ComparePage::applyCheckFilter);
    connect(m_pairsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            showPair(current.data(CompareRole::CaseNo).toInt());
    });
    return box;
}

void ComparePage::connectWorker()
{
    connect(m_worker, &CompareWorker::opened, this, [this] { setStatus(tr("Reading replay runs…")); });
    connect(m_worker, &CompareWorker::openFailed, this, [this](const QString &message) {
        setStatus(tr("Compare unavailable: %1").arg(message));
        Q_EMIT problem(message);
    });
    connect(m_worker, &CompareWorker::runsListed, this, &ComparePage::showRuns);
    connect(m_worker, &CompareWorker::compared, this, &ComparePage::showReport);
    connect(m_worker, &CompareWorker::pairLoaded, this, [this](const PairDetail &detail) {
        if (detail.generation != m_generation)
            return;
        m_detail->showDetail(detail);
        Q_EMIT pairShown(detail.caseNo);
    });
    connect(m_worker, &CompareWorker::problem, this, [this](const QString &message) {
        setStatus(message);
        Q_EMIT problem(message);
    });
}

void ComparePage::openSource(const SessionSpec &spec)
{
    m_runs.clear();
    {
        const QSignalBlocker block(m_run);
        m_run->clear();
    }
    fillSides();
    m_scoreboard->clear(tr("Pick a replay run and two sides."));
    setStatus(tr("Opening…"));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, spec] { w->open(spec); }, Qt::QueuedConnection);
}

void ComparePage::setPriceTable(const PriceTable &prices)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, prices] { w->setPrices(prices); }, Qt::QueuedConnection);
}

void ComparePage::reloadRuns()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->listRuns(); }, Qt::QueuedConnection);
}

void ComparePage::showRuns(const QList<CompareRunChoice> &runs)
{
    const qint64 current = m_wantedRun ? m_wantedRun : m_run->currentData().toLongLong();
    m_runs = runs;
    {
        const QSignalBlocker block(m_run);
        m_run->clear();
        for (const CompareRunChoice &r : runs)
            m_run->addItem(r.title(), r.runId);
        const int at = m_run->findData(current);
        m_run->setCurrentIndex(at >= 0 ? at : runs.isEmpty() ? -1 : 0);
    }
    setStatus(runs.isEmpty() ? tr("No replay runs yet: start one in the Replay tab.") : QString());
    fillSides();
    requestComparison();
    Q_EMIT runsListed(int(runs.size()));
}

void ComparePage::showRun(qint64 runId, const QString &sideA, const QString &sideB)
{
    m_wantedRun = runId;
    m_wantedA = sideA;
    m_wantedB = sideB;
    const int at = m_run->findData(runId);
    if (at < 0) {
        reloadRuns(); // a run made since the list was read
        return;
    }
    if (at == m_run->currentIndex()) {
        fillSides();
        requestComparison();
    } else {
        m_run->setCurrentIndex(at);
    }
}

void ComparePage::fillSides()
{
    const int run = m_run->currentIndex();
    const QString keepA = !m_wantedA.isEmpty() ? m_wantedA : m_a->currentData().toString();
    const QString keepB = !m_wantedB.isEmpty() ? m_wantedB : m_b->currentData().toString();
    for (QComboBox *box : {m_a, m_b}) {
        const QSignalBlocker block(box);
        box->clear();
        if (run < 0 || run >= m_runs.size())
            continue;
        const CompareRunChoice &c = m_runs.at(run);
        for (qsizetype i = 0; i < c.sideKeys.size(); ++i)
            box->addItem(c.sideNames.at(i), c.sideKeys.at(i));
    }
    const QSignalBlocker blockA(m_a);
    const QSignalBlocker blockB(m_b);
    const int a = m_a->findData(keepA);
    m_a->setCurrentIndex(a >= 0 ? a : m_a->count() > 0 ? 0 : -1);
    const int b = m_b->findData(keepB);
    m_b->setCurrentIndex(b >= 0 ? b : m_b->count() > 1 ? 1 : -1);
    m_wantedRun = 0;
    m_wantedA.clear();
    m_wantedB.clear();
}

CompareRequest ComparePage::currentRequest() const
{
    CompareRequest r;
    r.generation = m_generation;
    r.runId = m_run->currentData().toLongLong();
    r.sideA = m_a->currentData().toString();
    r.sideB = m_b->currentData().toString();
    r.judges = m_judges->currentData().toString();
    return r;
}

void ComparePage::requestComparison()
{
    ++m_generation;
    const CompareRequest r = currentRequest();
    m_judge->setEnabled(false);
    m_judgeModel->setEnabled(false);
    m_detail->showMessage(tr("Pick a pair to see its prompt diff, output diff and verdicts."));
    const auto nothingToShow = [this](const QString &why) {
        // The last comparison's figures would read as this one's.
        m_scoreboard->clear(why);
        m_features->setSummary({});
        m_deltas->setSummary({});
        m_checks->setSummary({});
        m_pairs->setPairs({}, {}, {});
        fillCheckFilter({});
        m_report = {};
    };
    if (r.runId == 0 || r.sideA.isEmpty() || r.sideB.isEmpty()) {
        nothingToShow(m_runs.isEmpty() ? tr("No replay runs yet.") : tr("This run has only one side."));
        return;
    }
    if (r.sideA == r.sideB) {
        nothingToShow(tr("Pick two different sides."));
        return;
    }
    setStatus(tr("Comparing…"));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->compare(r); }, Qt::QueuedConnection);
}

void ComparePage::showReport(const CompareReport &report)
{
    if (report.request.generation != m_generation)
        return; // the user has asked for another comparison since
    m_report = report;
    if (!report.error.isEmpty()) {
        m_scoreboard->clear(report.error);
        setStatus(report.error);
        Q_EMIT compared(report.request.runId);
        return;
    }
    const ComparisonSummary &s = report.summary;
    m_scoreboard->setSummary(s);
    m_features->setSummary(s);
    m_deltas->setSummary(s);
    m_checks->setSummary(s);
    // Checks come with a check set; without one the section would only say "none".
    m_sections->setTabVisible(m_sections->indexOf(m_checksTab), !s.checks.isEmpty());
    auto selection = JudgeSelection::parse(report.request.judges);
    m_pairs->setPairs(report.pairs, report.votes, selection ? *selection : JudgeSelection{}, report.checked);
    fillCheckFilter(m_pairs->checkNames());
    // People by name join the judges choice once known.
    for (const QString &person : s.people) {
        if (m_judges->findData(person) < 0) {
            const QSignalBlocker block(m_judges);
            m_judges->addItem(tr("Only %1").arg(person), person);
        }
    }
    m_judge->setEnabled(!report.pairs.pairs.isEmpty());
    m_judgeModel->setEnabled(!report.pairs.pairs.isEmpty());
    setStatus(tr("%1 pairs").arg(report.pairs.pairs.size()));
    Q_EMIT compared(report.request.runId);
}

void ComparePage::fillCheckFilter(const QStringList &checks)
{
    // The same condition on the same check stays chosen across recomputations.
    const QString kept = m_checkFilter->currentIndex() > 0 ? m_checkFilter->currentText() : QString();
    {
        const QSignalBlocker block(m_checkFilter);
        m_checkFilter->clear();
        m_checkFilter->addItem(checks.isEmpty() ? tr("No checks") : tr("Any check outcome"), -1);
        for (int check = 0; check < checks.size(); ++check) {
            for (PairCheckCondition c : {PairCheckCondition::OnlyBFails, PairCheckCondition::OnlyAFails,
                                         PairCheckCondition::BFails, PairCheckCondition::AFails})
                m_checkFilter->addItem(pairCheckConditionText(c, checks.at(check)), check * 4 + int(c));
        }
        const int at = kept.isEmpty() ? 0 : m_checkFilter->findText(kept);
        m_checkFilter->setCurrentIndex(at >= 0 ? at : 0);
        m_checkFilter->setEnabled(!checks.isEmpty());
    }
    applyCheckFilter();
}

void ComparePage::applyCheckFilter()
{
    // The item's data: check index * 4 + PairCheckCondition; -1 for every pair.
    const int code = m_checkFilter->currentData().toInt();
    m_pairsFilter->setCheckCondition(code < 0 ? -1 : code / 4, PairCheckCondition(code < 0 ? 0 : code % 4));
}

void ComparePage::showPair(int caseNo)
{
    const CompareRequest r = currentRequest();
    m_detail->showMessage(tr("Case %1: reading…").arg(caseNo + 1));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, r, caseNo] { w->loadPair(r, caseNo); }, Qt::QueuedConnection);
}

void ComparePage::setStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace assay
