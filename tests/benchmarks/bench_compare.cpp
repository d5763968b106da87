// bench_compare: the A/B path at the sizes the issue names (issue 10). A program, not a test:
// run it by hand.
//
//   bench_compare [WORKSPACE_PARENT]
//
// Writes a 10,000-row log (test::TestLog) and a 10,000-case replay run into a temporary folder
// under WORKSPACE_PARENT (default: the system's temporary folder; pass a folder on the disk judges'
// workspaces live on, since the keystroke figure is mostly that disk's fsync), then measures:
//   1. loading the run's 10,000 pairs from the workspace and the log (loadComparedPairs);
//   2. the statistics over 10,000 pairs, 20,000 human votes and 3 checks (summarizeComparison) (<= 50 ms);
//   3. drawing a 500-pair judging session from them (drawJudgingPairs);
//   4. keystroke to durable verdict: JudgingStore::record (one committed, fsync'ed row) on a
//      workspace holding 20,000 verdicts, p50/p95/max of 300 (p95 <= 20 ms);
//   5. reading the 20,000 current verdicts back as votes (loadHumanVotes).

#include "BenchStats.h"
#include "ReplayRunFixture.h"
#include "TestSupport.h"

#include "eval/ComparisonLoader.h"
#include "eval/JudgingSampler.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::bench;

namespace {

constexpr int kPairs = 10000;

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir(app.arguments().size() > 1 ? app.arguments().at(1) + u"/bench-compare-XXXXXX"_s
                                                 : QDir::tempPath() + u"/bench-compare-XXXXXX"_s);
    if (!dir.isValid()) {
        err() << "bench_compare: cannot make a temporary folder: " << dir.errorString() << Qt::endl;
        return 2;
    }
    qputenv("ASSAY_WORKSPACE_DIR", dir.path().toUtf8());
    err() << "writing a 10,000-row log and a 10,000-case run..." << Qt::endl;
    const QString log = test::TestLog::create(dir.filePath(u"log.sqlite"_s), test::TestLog::standardColumns(),
                                              test::TestLog::standardRows(kPairs));
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto opened = LogSession::open(spec);
    if (!opened || !(*opened)->workspace()) {
        err() << "bench_compare: " << (opened ? (*opened)->workspaceError() : opened.error()) << Qt::endl;
        return 2;
    }
    LogSession &session = **opened;
    Workspace &ws = *session.workspace();
    QList<test::FixtureCase> cases;
    for (int i = 1; i <= kPairs; ++i)
        cases << test::FixtureCase{QString::number(i), {{ReplayResultStatus::Ok, u"candidate answer %1"_s.arg(i), 0.0012, 420, 60}}};
    QString error;
    const qint64 runId = test::writeReplayRun(ws, log, {test::fixtureTarget(u"summarize@v2"_s)}, cases, &error);
    if (runId < 0) {
        err() << "bench_compare: " << error << Qt::endl;
        return 1;
    }
    const PriceTable prices = PriceTable::withDefaults();

    out << "| measurement | Assay | target |\n|---|---|---|\n";
    std::optional<ComparedPairs> pairs;
    const Samples load = measure([&](QString &why) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        auto loaded = loadComparedPairs(ws, session.outputs(), prices, runId, ComparisonSide{}, ComparisonSide{0});
        if (!loaded) {
            why = loaded.error();
            return std::nullopt;
        }
        const double ms = elapsedMs(t);
        pairs = std::move(*loaded);
        return ms;
    }, 0, 3);
    if (!load.ok() || pairs->pairs.size() != kPairs) {
        err() << "bench_compare: " << load.error << Qt::endl;
        return 1;
    }
    out << "| load 10,000 pairs (workspace + log by key) | " << formatMs(load.median()) << " | |\n";

    QList<JudgeVote> votes;
    QList<CheckPairResults> checks(3);
    for (int c = 0; c < 3; ++c)
        checks[c].name = u"check %1"_s.arg(c);
    for (int i = 0; i < kPairs; ++i) {
        const int caseNo = pairs->pairs[i].caseNo;
        votes << JudgeVote{caseNo, u"alice"_s, false, i % 3 ? PairWinner::B : PairWinner::A, i % 2 == 0, false};
        votes << JudgeVote{caseNo, u"bob"_s, false, i % 5 ? PairWinner::B : PairWinner::Tie, i % 3 == 0, false};
        for (int c = 0; c < 3; ++c) {
            checks[c].aPassed << ((i + c) % 4 != 0);
            checks[c].bPassed << ((i + c) % 5 != 0);
        }
    }
    const Samples stats = measure([&](QString &) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        const ComparisonSummary s = summarizeComparison(*pairs, votes, {}, checks, 0.05);
        return s.judged == kPairs ? std::optional<double>(elapsedMs(t)) : std::nullopt;
    });
    out << "| statistics over 10,000 pairs, 20,000 votes, 3 checks | " << formatMs(stats.median()) << " | <= 50 ms |\n";

    QList<JudgingPair> drawn;
    const Samples draw = measure([&](QString &) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        drawn = drawJudgingPairs(*pairs, 500, 7);
        return elapsedMs(t);
    });
    out << "| draw a 500-pair session from 10,000 pairs | " << formatMs(draw.median()) << " | |\n";

    // 20,000 verdicts in the workspace: a session over every pair, judged by two people.
    JudgingStore store(ws);
    QList<JudgingPair> all = drawJudgingPairs(*pairs, kPairs, 1);
    if (!store.createSession(JudgingSession{u"everything"_s, runId, u"baseline"_s, u"target:1"_s, 1}, all)
        || !store.createSession(JudgingSession{u"meeting"_s, runId, u"baseline"_s, u"target:1"_s, 7}, drawn)) {
        err() << "bench_compare: cannot create the sessions" << Qt::endl;
        return 1;
    }
    err() << "writing 20,000 verdicts..." << Qt::endl;
    QSqlDatabase &db = ws.db();
    db.transaction();
    for (const JudgingPair &p : all) {
        store.record(u"everything"_s, p.pairNo, u"alice"_s, PairChoice::Left);
        store.record(u"everything"_s, p.pairNo, u"bob"_s, PairChoice::Tie);
    }
    db.commit();
    QList<double> keystrokes;
    for (int i = 0; i < 300; ++i) {
        QElapsedTimer t;
        t.start();
        auto saved = store.record(u"meeting"_s, drawn[i % drawn.size()].pairNo, u"carol"_s, PairChoice(i % 3));
        keystrokes << elapsedMs(t);
        if (!saved) {
            err() << "bench_compare: " << saved.error() << Qt::endl;
            return 1;
        }
    }
    out << "| keystroke to durable verdict (record + commit, 20,000 verdicts in the workspace), p50 / p95 / max of 300 | "
        << formatMs(percentile(keystrokes, 0.5)) << " / " << formatMs(percentile(keystrokes, 0.95)) << " / "
        << formatMs(percentile(keystrokes, 1.0)) << " | p95 <= 20 ms |\n";

    const Samples read = measure([&](QString &why) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        auto loaded = loadHumanVotes(ws, *pairs);
        if (!loaded) {
            why = loaded.error();
            return std::nullopt;
        }
        return elapsedMs(t);
    });
    out << "| read 20,300 current verdicts as votes | " << formatMs(read.median()) << " | |\n";
    return 0;
}
