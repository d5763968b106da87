// bench_labels: reviewer labels and review sessions on a big log (issue 3). A program, not a
// test: run it by hand.
//
//   bench_labels [LOG [WORKSPACE_PARENT]]   LOG defaults to /tmp/assay-bench-1M.sqlite
//                                           (make one with `assay demo --rows 1000000`)
//
// Uses a fresh workspace in a temporary folder under WORKSPACE_PARENT (default: the system's
// temporary folder; pass a folder on the disk reviewers' workspaces live on, since the
// keystroke figure is mostly that disk's fsync), so the log's real workspace is never touched. Figures, with their targets:
//   1. keystroke to durable label: LabelStore::set() (one committed, fsync'ed row) on a
//      workspace that already holds 10,000 labels; p50/p95/max of 300 calls (<= 20 ms p95);
//   2. agreement over 10,000 labels (5,000 outputs x 2 reviewers): reading the current labels,
//      the features of the outputs from the log, and agreementByFeature (<= 100 ms);
//   3. sampling 50 outputs from the whole log, without and with --oversample-feedback 3 (<= 500 ms);
//   4. the reviewer-label filters on the whole log with those labels: counts, and a first page.

#include "BenchStats.h"

#include "browse/LogSession.h"
#include "labels/Agreement.h"
#include "labels/LabelStore.h"
#include "labels/OutputLookup.h"
#include "labels/ReviewSampler.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::bench;

namespace {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

// The first `n` ids of the log, newest first (what a reviewer would be labelling).
QStringList recentIds(LogSession &session, int n)
{
    QStringList ids;
    const auto walked = session.outputs().forEachRecord(OutputFilter{}, SortOrder{}, n, [&](const OutputRecord &r) {
        ids << r.key.toString();
        return true;
    });
    return walked ? ids : QStringList{};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QString path = app.arguments().value(1, u"/tmp/assay-bench-1M.sqlite"_s);
    QTemporaryDir wsDir(app.arguments().size() > 2 ? app.arguments().at(2) + u"/bench-labels-XXXXXX"_s
                                                   : QDir::tempPath() + u"/bench-labels-XXXXXX"_s);
    if (!wsDir.isValid()) {
        err() << "bench_labels: cannot make a temporary workspace folder: " << wsDir.errorString() << Qt::endl;
        return 2;
    }
    qputenv("ASSAY_WORKSPACE_DIR", wsDir.path().toUtf8());

    SessionSpec spec;
    auto location = SourceLocation::parse(path);
    if (!location) {
        err() << "bench_labels: " << location.error() << Qt::endl;
        return 2;
    }
    spec.source = *location;
    auto opened = LogSession::open(spec);
    if (!opened || !(*opened)->workspace()) {
        err() << "bench_labels: " << (opened ? (*opened)->workspaceError() : opened.error()) << Qt::endl;
        return 2;
    }
    LogSession &session = **opened;
    Workspace &ws = *session.workspace();

    // 10,000 labels: 5,000 recent outputs, each labelled by two reviewers who mostly agree.
    err() << "writing 10,000 labels..." << Qt::endl;
    const QStringList ids = recentIds(session, 6000);
    if (ids.size() < 6000) {
        err() << "bench_labels: the log needs at least 6,000 rows" << Qt::endl;
        return 2;
    }
    LabelStore alice(ws, u"alice"_s);
    LabelStore bob(ws, u"bob"_s);
    QList<LabelChange> aliceChanges, bobChanges;
    for (int i = 0; i < 5000; ++i) {
        const auto a = LabelValue(i % 3);
        const auto b = i % 7 == 0 ? LabelValue((i + 1) % 3) : a;
        aliceChanges << LabelChange{ids.at(i), a, i % 10 == 0 ? u"note"_s : QString(), {}, {}};
        bobChanges << LabelChange{ids.at(i), b, {}, i % 9 == 0 ? QStringList{u"tone"_s} : QStringList{}, {}};
    }
    if (!alice.setMany(aliceChanges) || !bob.setMany(bobChanges)) {
        err() << "bench_labels: cannot write the labels" << Qt::endl;
        return 1;
    }

    out << "| measurement | Assay | target |\n|---|---|---|\n";

    // 1. Keystroke to durable label: set() returns after the commit (synchronous=FULL).
    LabelStore carol(ws, u"carol"_s);
    QList<double> keystrokes;
    for (int i = 0; i < 300; ++i) {
        QElapsedTimer t;
        t.start();
        auto saved = carol.set({ids.at(5000 + i % 1000), LabelValue(i % 3), {}, {}, {}});
        keystrokes << elapsedMs(t);
        if (!saved) {
            err() << "bench_labels: " << saved.error() << Qt::endl;
            return 1;
        }
    }
    out << "| keystroke to durable label (set + commit, 10,000 labels in the workspace), p50 / p95 / max of 300 | "
        << formatMs(percentile(keystrokes, 0.5)) << " / " << formatMs(percentile(keystrokes, 0.95)) << " / "
        << formatMs(percentile(keystrokes, 1.0)) << " | p95 <= 20 ms |\n";

    // 2. Agreement over the 10,000 labels of alice and bob, as `assay agreement` computes it.
    const Samples agreement = measure([&](QString &error) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        LabelQuery two;
        auto labels = LabelStore(ws).currentLabels(two);
        if (!labels) {
            error = labels.error();
            return std::nullopt;
        }
        QList<RatedLabel> rated;
        QStringList keys;
        for (const LabelEvent &l : *labels) {
            if (l.reviewer == "carol"_L1)
                continue;
            rated << RatedLabel{l.outputKey, l.reviewer, *l.label};
            keys << l.outputKey;
        }
        keys.removeDuplicates();
        auto facts = lookupOutputs(session.connection(), session.schema(), keys);
        if (!facts) {
            error = facts.error();
            return std::nullopt;
        }
        QHash<QString, QString> featureOf;
        for (auto it = facts->cbegin(); it != facts->cend(); ++it)
            featureOf.insert(it.key(), it.value().feature);
        const auto result = agreementByFeature(rated, featureOf);
        if (result.isEmpty() || rated.size() != 10000) {
            error = u"unexpected: %1 labels rated"_s.arg(rated.size());
            return std::nullopt;
        }
        return elapsedMs(t);
    });
    out << "| agreement over 10,000 labels (read labels, features from the log, kappa per feature) | "
        << formatSamples(agreement) << " | <= 100 ms |\n";

    // 3. Sampling 50 from the whole log.
    for (double weight : {1.0, 3.0}) {
        SampleSpec sample;
        sample.since = QDateTime(QDate(2000, 1, 1), QTime(0, 0), QTimeZone::utc());
        sample.until = QDateTime(QDate(2100, 1, 1), QTime(0, 0), QTimeZone::utc());
        sample.size = 50;
        sample.seed = 1;
        sample.oversampleFeedback = weight;
        QSet<QString> reviewed;
        if (auto keys = LabelStore(ws).labelledKeys())
            reviewed = *keys;
        const Samples s = measure([&](QString &error) -> std::optional<double> {
            QElapsedTimer t;
            t.start();
            auto drawn = sampleOutputs(session.connection(), session.schema(), sample, reviewed);
            if (!drawn || drawn->size() != 50) {
                error = drawn ? u"drew %1"_s.arg(drawn->size()) : drawn.error();
                return std::nullopt;
            }
            return elapsedMs(t);
        });
        out << "| sampling 50 from the whole log, " << (weight > 1 ? u"oversampling feedback x3"_s : u"plain"_s)
            << ", excluding 6,000 reviewed | " << formatSamples(s) << " | <= 500 ms |\n";
    }

    // 4. Filters over the labels (no target in the issue; for the record).
    const QList<std::pair<QString, OutputFilter>> filters{
        {u"--label negative"_s, [] { OutputFilter f; f.reviewLabels = {u"negative"_s}; return f; }()},
        {u"--disagrees"_s, [] { OutputFilter f; f.disagreesWithUser = true; return f; }()},
        {u"--unreviewed"_s, [] { OutputFilter f; f.reviewed = ReviewedFilter::Unreviewed; return f; }()},
    };
    for (const auto &[name, filter] : filters) {
        qint64 rows = 0;
        const Samples count = measure([&](QString &error) -> std::optional<double> {
            QElapsedTimer t;
            t.start();
            auto n = session.outputs().count(filter);
            if (!n) {
                error = n.error();
                return std::nullopt;
            }
            rows = *n;
            return elapsedMs(t);
        });
        const Samples page = measure([&](QString &error) -> std::optional<double> {
            QElapsedTimer t;
            t.start();
            auto p = session.outputs().fetchPage(PageRequest{filter, {}, std::nullopt, false, false, 256});
            if (!p) {
                error = p.error();
                return std::nullopt;
            }
            return elapsedMs(t);
        });
        out << "| " << name << ": count (" << rows << " rows) / first page | " << formatSamples(count) << " / "
            << formatSamples(page) << " | - |\n";
    }
    out << "\nMedians of " << kRuns << " runs after " << kWarmups << " warm-up unless stated; log " << path
        << ", workspace in " << wsDir.path() << ".\n";
    return 0;
}
