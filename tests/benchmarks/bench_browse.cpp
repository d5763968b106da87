// bench_browse: how fast the outputs browser is on a big log, each figure beside the sqlite3
// shell running the equivalent query on the same file in the same run. A program, not a test:
// see tests/benchmarks/README.md.

#include "BenchSqlite3.h"
#include "BenchStats.h"

#include "browse/LogSession.h"
#include "browse/OutputsModel.h"
#include "browse/OutputsRepository.h"
#include "demo/DemoLogGenerator.h"
#include "schema/TimestampCodec.h"
#include "search/SearchIndexer.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>
#include <QTimeZone>
#include <QTimer>

#include <sqlite3.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::bench;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

void progress(const QString &text)
{
    err() << text << Qt::endl;
}

// Disk needed per row, measured on the 1M demo log: 807 MB with its indexes, and 1,254 MB of
// FTS5 trigram index in the workspace (contentless, outputs and inputs).
constexpr double kLogBytesPerRow = 850;
constexpr double kIndexBytesPerRow = 1300;
constexpr double kRssLimitMb = 200;
constexpr double kLatencyTargetMs = 50;
constexpr int kWaitMs = 30 * 60 * 1000;

QString rowsLabel(qint64 rows)
{
    if (rows % 1'000'000 == 0)
        return u"%1M"_s.arg(rows / 1'000'000);
    if (rows % 1000 == 0)
        return u"%1k"_s.arg(rows / 1000);
    return QString::number(rows);
}

QString sqlQuote(const QString &text)
{
    QString q = text;
    q.replace(u'\'', u"''"_s);
    return u'\'' + q + u'\'';
}

QString isoMillisUtc(const QDateTime &when)
{
    return when.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

// "0.52 0.61 0.70": the 1, 5 and 15 minute load averages. Other work on the machine shows up in
// the figures (a page fetch that has to wait for a CPU), so the report says how busy it was.
QString loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    if (!f.open(QIODevice::ReadOnly))
        return u"unknown"_s;
    return QString::fromLatin1(f.readAll()).section(u' ', 0, 2);
}

// ---------------------------------------------------------------------------------------------
// The demo log

struct LogFacts {
    qint64 rows = -1;
    QString newest;
};

LogFacts readLogFacts(const QString &path)
{
    LogFacts facts;
    const QString name = u"bench-facts"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            qint64 lo = -1;
            qint64 hi = -1;
            if (q.exec(u"SELECT min(rowid) FROM ai_outputs"_s) && q.next())
                lo = q.value(0).toLongLong();
            if (q.exec(u"SELECT max(rowid) FROM ai_outputs"_s) && q.next())
                hi = q.value(0).toLongLong();
            if (lo == 1 && hi >= 1)
                facts.rows = hi; // ids are written 1..N in one transaction
            if (q.exec(u"SELECT max(created_at) FROM ai_outputs"_s) && q.next())
                facts.newest = q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return facts;
}

bool removeSqliteFiles(const QString &path)
{
    bool ok = true;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFileInfo::exists(path + suffix) && !QFile::remove(path + suffix))
            ok = false;
    }
    return ok;
}

qint64 fileBytes(const QString &path)
{
    qint64 total = 0;
    for (const QString &suffix : {QString(), u"-wal"_s})
        total += QFileInfo(path + suffix).size();
    return total;
}

// The internal --generate-only mode: writes the log in this (child) process, so the
// generator's memory never counts towards the browser's peak RSS in the parent.
int generateOnly(const QString &path, qint64 rows, const QDateTime &end)
{
    DemoOptions options;
    options.rows = rows;
    options.seed = 42;
    options.end = end;
    qint64 lastShown = 0;
    const auto written = writeDemoLog(path, options, [&](qint64 done, qint64 total) {
        if (done - lastShown >= 100'000 || done == total) {
            lastShown = done;
            err() << "\r  writing " << done << " / " << total << " rows" << Qt::flush;
        }
        return true;
    });
    err() << Qt::endl;
    if (!written) {
        err() << "bench_browse: " << written.error() << Qt::endl;
        return 1;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Results

struct Metric {
    int section = 0;       // the brief's numbering: rows print grouped by it
    QString name;
    QString assay;         // formatted figure
    double value = -1;     // compared with the target (ms or MB)
    double target = -1;    // -1: informational
    QString targetUnit = u"ms"_s;
    QString sqlite;        // formatted baseline
    QString detail;        // min..max, rows, what was timed
    QList<StatementLog::Entry> statements; // what Assay's connection ran (last run)
    QStringList baselineSql;

    bool missed() const { return target >= 0 && (value < 0 || value > target); }
};

// The shell prints whole milliseconds: "<1 ms", "3 ms", then formatMs above 100 ms.
QString sqliteFigure(const Sqlite3Cli::Timing &t)
{
    if (!t.real.ok())
        return u"failed: "_s + t.real.error;
    const double ms = t.real.median();
    QString s = ms < 0.5 ? u"<1 ms"_s : ms < 100 ? u"%1 ms"_s.arg(qRound(ms)) : formatMs(ms);
    if (ms < 10)
        s += u" (cpu "_s + formatMs(t.cpu.median()) + u')';
    return s;
}

QString spread(const Samples &s)
{
    if (!s.ok())
        return s.error;
    return u"median of %1 (min %2, max %3)"_s.arg(s.ms.size()).arg(formatMs(s.min()), formatMs(s.max()));
}

// ---------------------------------------------------------------------------------------------
// Driving the model the way a view does: ask for a row, let the event loop deliver it.

class ModelDriver {
public:
    ModelDriver()
    {
        QObject::connect(&model, &OutputsModel::errorOccurred, &model, [this](const QString &m) { lastError = m; });
        QObject::connect(&model, &OutputsModel::openFailed, &model, [this](const QString &m) { lastError = m; });
        m_tick.setInterval(10); // only wakes the loop so deadlines are checked
        m_tick.start();
    }

    OutputsModel model;
    QString lastError;

    bool rowLoaded(int row) const
    {
        if (row < 0 || row >= model.rowCount())
            return false;
        // data() on a placeholder is what asks for its page, as a view painting it would.
        return !model.data(model.index(row, 0), OutputsModel::PlaceholderRole).toBool();
    }

    bool waitUntil(const std::function<bool()> &done, QString &error, int timeoutMs = kWaitMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!done()) {
            if (!lastError.isEmpty()) {
                error = lastError;
                return false;
            }
            if (deadline.hasExpired()) {
                error = u"timed out"_s;
                return false;
            }
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        return true;
    }

    int pages() const { return (model.rowCount() + OutputsModel::pageSize - 1) / OutputsModel::pageSize; }

    // Waits for the slow lane: the exact count, then the anchors (a page in the middle that
    // cannot be reached from a neighbour loads only once they are in).
    bool waitIdle(QString &error)
    {
        if (!waitUntil([this] { return model.isCountExact() && model.anchorsComplete(); }, error))
            return false;
        const int n = pages();
        if (n < 4)
            return true;
        const int probe = (n / 2) * OutputsModel::pageSize;
        return waitUntil([this, probe] { return rowLoaded(probe); }, error);
    }

private:
    QTimer m_tick;
};

struct Setup {
    QString dbPath;
    qint64 rows = 0;
    QDateTime end;
    SessionSpec spec;
    QString workspacePath;
    QString term;
    QString rareTerm;
    bool skipSearch = false;
};

class Bench {
public:
    explicit Bench(Setup setup)
        : m_s(std::move(setup)), m_cli(m_s.dbPath),
          m_cliWs(m_s.dbPath, {u"ATTACH "_s + sqlQuote(m_s.workspacePath) + u" AS ws"_s})
    {
    }

    void addFact(const QString &fact) { m_facts << fact; }
    int run();

private:
    bool openDirect();
    QString selectList() const;
    QString pageSql(const QString &where, const QString &order, int limit) const;
    QString where(const OutputFilter &filter) const;
    Sqlite3Cli::Timing sqliteTiming(const QString &sql, bool workspace = false, int warmups = kWarmups,
                                    int runs = kRuns);
    void repoPage(int section, const QString &name, const PageRequest &request, const QString &baselineSql,
                  bool workspace = false);
    void counts();
    void modelOpen();
    struct FilterBaselines {
        QString firstPage;
        QString count;     // empty: no count / anchor rows
        QString keys;
        bool workspace = false;
    };
    void modelFilter(int section, const QString &label, const OutputFilter &filter, const FilterBaselines &sql,
                     bool unfilteredToo);
    void modelLastRow();
    void modelScroll();
    bool buildIndex();
    void search(const QString &term);
    void print();

    Metric &add(int section, const QString &name, double target = -1, const QString &unit = u"ms"_s)
    {
        Metric m;
        m.section = section;
        m.name = name;
        m.target = target;
        m.targetUnit = unit;
        m_metrics << m;
        return m_metrics.last();
    }
    static void setAssay(Metric &m, const Samples &s)
    {
        m.assay = formatSamples(s);
        m.value = s.ok() ? s.median() : -1;
        m.detail = spread(s) + (m.detail.isEmpty() ? QString() : u"; "_s + m.detail);
    }
    void setSqlite(Metric &m, const QString &sql, bool workspace = false)
    {
        m.baselineSql << sql;
        m.sqlite = sqliteFigure(sqliteTiming(sql, workspace));
    }

    Setup m_s;
    Sqlite3Cli m_cli;
    Sqlite3Cli m_cliWs;
    std::unique_ptr<LogSession> m_session;
    StatementLog m_log;
    std::unique_ptr<ModelDriver> m_driver;
    QList<Metric> m_metrics;
    QHash<QString, Sqlite3Cli::Timing> m_sqliteCache;
    QStringList m_facts;
    QStringList m_notes;
    OutputFilter m_featureWeek;
    bool m_indexed = false;
};

bool Bench::openDirect()
{
    auto session = LogSession::open(m_s.spec);
    if (!session) {
        err() << "bench_browse: cannot open " << m_s.dbPath << ": " << session.error() << Qt::endl;
        return false;
    }
    m_session = std::move(*session);
    if (m_session->workspace() && !m_session->workspace()->filePath().isEmpty()) {
        m_s.workspacePath = m_session->workspace()->filePath();
        m_cliWs = Sqlite3Cli(m_s.dbPath, {u"ATTACH "_s + sqlQuote(m_s.workspacePath) + u" AS ws"_s});
    }
    if (!m_session->workspace())
        m_notes << u"The workspace did not open (%1): no search index."_s.arg(m_session->workspaceError());
    if (!m_log.install(m_session->connection().db()))
        m_notes << u"Could not trace the repository's SQL (the Qt SQLite driver exposes no sqlite3 handle)."_s;
    return true;
}

// The columns OutputsRepository selects for a browser page, in its order: id, the sort value,
// every other field the log has, the output cut to the preview length, no input.
QString Bench::selectList() const
{
    const LogSchema &schema = m_session->schema();
    QStringList cols{schema.expr(LogField::Id), schema.expr(LogField::CreatedAt)};
    for (LogField f : allLogFields) {
        if (f == LogField::Id || !schema.has(f))
            continue;
        if (f == LogField::Output)
            cols << u"substr(%1, 1, %2)"_s.arg(schema.expr(f)).arg(OutputsRepository::previewChars);
        else if (f == LogField::Input)
            cols << u"NULL"_s;
        else
            cols << schema.expr(f);
    }
    return cols.join(u", "_s);
}

QString Bench::pageSql(const QString &whereClause, const QString &order, int limit) const
{
    QString sql = u"SELECT "_s + selectList() + u" FROM "_s + m_session->schema().qualifiedTable();
    if (!whereClause.isEmpty())
        sql += u" WHERE "_s + whereClause;
    sql += u" ORDER BY "_s + order;
    if (limit > 0)
        sql += u" LIMIT "_s + QString::number(limit);
    return sql;
}

// The natural hand-written WHERE for the feature + since filter, values inlined.
QString Bench::where(const OutputFilter &filter) const
{
    const LogSchema &schema = m_session->schema();
    QStringList parts;
    if (!filter.features.isEmpty())
        parts << schema.expr(LogField::Feature) + u" = "_s + sqlQuote(filter.features.first());
    if (filter.since)
        parts << schema.expr(LogField::CreatedAt) + u" >= "_s + sqlQuote(schema.timestamps.encode(*filter.since).toString());
    return parts.join(u" AND "_s);
}

Sqlite3Cli::Timing Bench::sqliteTiming(const QString &sql, bool workspace, int warmups, int runs)
{
    const QString key = u"%1|%2|%3|"_s.arg(workspace).arg(warmups).arg(runs) + sql;
    if (auto it = m_sqliteCache.constFind(key); it != m_sqliteCache.cend())
        return *it;
    const Sqlite3Cli::Timing t = (workspace ? m_cliWs : m_cli).time(sql, warmups, runs);
    m_sqliteCache.insert(key, t);
    return t;
}

void Bench::repoPage(int section, const QString &name, const PageRequest &request, const QString &baselineSql,
                     bool workspace)
{
    progress(u"- %1"_s.arg(name));
    qsizetype rows = 0;
    QList<StatementLog::Entry> statements;
    const Samples s = measure([&](QString &error) -> std::optional<double> {
        m_log.clear();
        QElapsedTimer t;
        t.start();
        auto page = m_session->outputs().fetchPage(request);
        const double ms = elapsedMs(t);
        statements = m_log.entries();
        if (!page) {
            error = page.error();
            return std::nullopt;
        }
        rows = page->size();
        return ms;
    });
    Metric &m = add(section, name, kLatencyTargetMs);
    m.statements = statements;
    m.detail = u"%1 rows"_s.arg(rows);
    setAssay(m, s);
    setSqlite(m, baselineSql, workspace);
}

void Bench::counts()
{
    const auto timeCall = [&](const QString &name, const std::function<Result<qint64>()> &call, const QString &sql) {
        progress(u"- %1"_s.arg(name));
        qint64 result = 0;
        QList<StatementLog::Entry> statements;
        const Samples s = measure([&](QString &error) -> std::optional<double> {
            m_log.clear();
            QElapsedTimer t;
            t.start();
            auto r = call();
            const double ms = elapsedMs(t);
            statements = m_log.entries();
            if (!r) {
                error = r.error();
                return std::nullopt;
            }
            result = *r;
            return ms;
        });
        Metric &m = add(6, name);
        m.statements = statements;
        m.detail = u"%1 rows"_s.arg(result);
        setAssay(m, s);
        setSqlite(m, sql);
    };
    OutputsRepository &repo = m_session->outputs();
    const QString table = m_session->schema().qualifiedTable();
    const QString w = where(m_featureWeek);
    timeCall(u"Exact count, unfiltered: repository count()"_s, [&] { return repo.count({}); },
             u"SELECT count(*) FROM "_s + table);
    timeCall(u"Exact count, feature + 7 days: repository count()"_s, [&] { return repo.count(m_featureWeek); },
             u"SELECT count(*) FROM "_s + table + u" WHERE "_s + w);
    const auto walk = [&repo](const OutputFilter &f) -> Result<qint64> {
        qint64 n = 0;
        auto done = repo.forEachKey(f, SortOrder{}, [&n](const PageKey &) {
            ++n;
            return true;
        });
        if (!done)
            return fail(done.error());
        return n;
    };
    const QString keys = u"SELECT created_at, id FROM "_s + table;
    timeCall(u"Anchor pass, unfiltered: repository forEachKey() over every key"_s, [&] { return walk({}); },
             keys + u" ORDER BY created_at DESC, id DESC"_s);
    timeCall(u"Anchor pass, feature + 7 days: repository forEachKey()"_s, [&] { return walk(m_featureWeek); },
             keys + u" WHERE "_s + w + u" ORDER BY created_at DESC, id DESC"_s);
}

void Bench::modelOpen()
{
    progress(u"- model: open() → first page, count, anchors"_s);
    Samples first;
    Samples exact;
    Samples anchors;
    ModelDriver &d = *m_driver;
    for (int i = 0; i < kWarmups + kRuns; ++i) {
        d.lastError.clear();
        QString error;
        QElapsedTimer t;
        t.start();
        d.model.open(m_s.spec);
        const bool ok = d.waitUntil([&d] { return d.rowLoaded(0); }, error);
        const double firstMs = elapsedMs(t);
        if (!ok || !d.waitUntil([&d] { return d.model.isCountExact(); }, error)) {
            first.error = exact.error = anchors.error = error;
            break;
        }
        const double exactMs = elapsedMs(t);
        if (!d.waitIdle(error)) {
            first.error = exact.error = anchors.error = error;
            break;
        }
        if (i >= kWarmups) {
            first.ms << firstMs;
            exact.ms << exactMs;
            anchors.ms << elapsedMs(t);
        }
    }
    const QString table = m_session->schema().qualifiedTable();
    {
        Metric &m = add(1, u"First page, model: open() → row 0 loaded"_s, kLatencyTargetMs);
        m.detail = u"open() runs on the worker threads: connection, schema detection, workspace, estimate, then page 0"_s;
        setAssay(m, first);
        setSqlite(m, pageSql({}, u"created_at DESC, id DESC"_s, 256));
    }
    {
        Metric &m = add(6, u"Model: open() → exact count (scrollbar exact)"_s);
        setAssay(m, exact);
        setSqlite(m, u"SELECT count(*) FROM "_s + table);
    }
    {
        Metric &m = add(6, u"Model: open() → anchors in (any page one keyset query away)"_s);
        m.detail = u"waited for by loading a page in the middle of the table"_s;
        setAssay(m, anchors);
        setSqlite(m, u"SELECT created_at, id FROM "_s + table + u" ORDER BY created_at DESC, id DESC"_s);
        m.sqlite = u"key walk alone: "_s + m.sqlite;
    }
}

// setFilter(filter) timed from the call to row 0, alternating with the unfiltered view
// (which is left idle before each timed switch, so no earlier count competes).
void Bench::modelFilter(int section, const QString &label, const OutputFilter &filter, const FilterBaselines &sql,
                        bool unfilteredToo)
{
    progress(u"- model: setFilter(%1)"_s.arg(label));
    ModelDriver &d = *m_driver;
    Samples first;
    Samples exact;
    Samples anchors;
    Samples unfiltered;
    qint64 total = -1;
    QString error;
    const auto fail = [&](const QString &why) { first.error = exact.error = anchors.error = unfiltered.error = why; };
    d.lastError.clear();
    d.model.setFilter({});
    if (!d.waitUntil([&d] { return d.rowLoaded(0); }, error) || !d.waitIdle(error))
        fail(error);
    for (int i = 0; i < kWarmups + kRuns && first.error.isEmpty(); ++i) {
        QElapsedTimer t;
        t.start();
        d.model.setFilter(filter);
        if (!d.waitUntil([&d] { return d.rowLoaded(0); }, error)) {
            fail(error);
            break;
        }
        const double firstMs = elapsedMs(t);
        if (!d.waitUntil([&d] { return d.model.isCountExact(); }, error)) {
            fail(error);
            break;
        }
        const double exactMs = elapsedMs(t);
        total = d.model.totalRows();
        if (!d.waitIdle(error)) {
            fail(error);
            break;
        }
        const double anchorsMs = elapsedMs(t);
        t.start();
        d.model.setFilter({});
        if (!d.waitUntil([&d] { return d.rowLoaded(0); }, error)) {
            fail(error);
            break;
        }
        const double unfilteredMs = elapsedMs(t);
        if (!d.waitIdle(error)) {
            fail(error);
            break;
        }
        if (i >= kWarmups) {
            first.ms << firstMs;
            exact.ms << exactMs;
            anchors.ms << anchorsMs;
            unfiltered.ms << unfilteredMs;
        }
    }
    {
        Metric &m = add(section, u"%1 first page, model: setFilter() → row 0 loaded"_s.arg(label), kLatencyTargetMs);
        m.detail = u"%1 matching rows"_s.arg(total);
        setAssay(m, first);
        setSqlite(m, sql.firstPage, sql.workspace);
    }
    if (unfilteredToo) {
        Metric &m = add(1, u"First page, model: setFilter(none) → row 0 loaded"_s, kLatencyTargetMs);
        m.detail = u"switching back from %1, the unfiltered view idle before"_s.arg(label);
        setAssay(m, unfiltered);
        setSqlite(m, pageSql({}, u"created_at DESC, id DESC"_s, 256));
    }
    if (sql.count.isEmpty())
        return;
    {
        Metric &m = add(6, u"Model: setFilter(%1) → exact count"_s.arg(label));
        setAssay(m, exact);
        setSqlite(m, sql.count, sql.workspace);
    }
    {
        Metric &m = add(6, u"Model: setFilter(%1) → anchors in"_s.arg(label));
        if (total >= 0 && total <= 3 * OutputsModel::pageSize)
            m.detail = u"%1 rows: every page is reachable from its neighbour, so this is the count"_s.arg(total);
        setAssay(m, anchors);
        setSqlite(m, sql.keys, sql.workspace);
        m.sqlite = u"key walk alone: "_s + m.sqlite;
    }
}

void Bench::modelLastRow()
{
    progress(u"- model: jump to the last row"_s);
    ModelDriver &d = *m_driver;
    Samples reversed;
    Samples anchored;
    QString error;
    d.lastError.clear();
    d.model.setFilter({});
    for (int i = 0; i < kWarmups + kRuns; ++i) {
        d.model.reload(); // a new generation: empty cache, count and anchors again
        if (!d.waitUntil([&d] { return d.model.isCountExact(); }, error)) {
            reversed.error = anchored.error = error;
            break;
        }
        // The count is exact and the anchors are still being walked: the last page is the
        // first page of the reversed order.
        const int last = d.model.rowCount() - 1;
        QElapsedTimer t;
        t.start();
        if (!d.waitUntil([&d, last] { return d.rowLoaded(last); }, error)) {
            reversed.error = anchored.error = error;
            break;
        }
        const double reversedMs = elapsedMs(t);
        if (!d.waitIdle(error)) {
            reversed.error = anchored.error = error;
            break;
        }
        // With the anchors in: the last row of the page before the last, a keyset query away.
        const int pages = d.pages();
        double anchoredMs = -1;
        if (pages >= 3) {
            const int row = (pages - 1) * OutputsModel::pageSize - 1;
            if (!d.model.isRowLoaded(row)) {
                t.start();
                if (!d.waitUntil([&d, row] { return d.rowLoaded(row); }, error)) {
                    reversed.error = anchored.error = error;
                    break;
                }
                anchoredMs = elapsedMs(t);
            }
        }
        if (i >= kWarmups) {
            reversed.ms << reversedMs;
            if (anchoredMs >= 0)
                anchored.ms << anchoredMs;
        }
    }
    const QString asc = pageSql({}, u"created_at ASC, id ASC"_s, 256);
    {
        Metric &m = add(2, u"Last row, model: data(last) → loaded (count exact, anchors not yet in)"_s, kLatencyTargetMs);
        m.detail = u"the model fetches it as the first page of the reversed order (the last page holds %1 rows)"_s.arg(
            ((m_s.rows - 1) % OutputsModel::pageSize) + 1);
        setAssay(m, reversed);
        setSqlite(m, asc);
    }
    {
        Metric &m = add(2, u"Row near the end, model: data() → loaded (anchors in)"_s, kLatencyTargetMs);
        m.detail = u"last row of the next-to-last page, fetched from its anchor"_s;
        setAssay(m, anchored);
        setSqlite(m, asc);
    }
}

void Bench::modelScroll()
{
    ModelDriver &d = *m_driver;
    const int pages = d.pages();
    progress(u"- model: scroll all %1 pages top to bottom"_s.arg(pages));
    const double processPeak = procStatusMb("VmHWM");
    const bool reset = resetPeakRss();
    const double before = procStatusMb("VmRSS");
    Samples perPage;
    QString error;
    QElapsedTimer total;
    total.start();
    for (int p = 0; p < pages; ++p) {
        const int row = p * OutputsModel::pageSize;
        QElapsedTimer t;
        t.start();
        if (!d.waitUntil([&d, row] { return d.rowLoaded(row); }, error)) {
            perPage.error = u"page %1: %2"_s.arg(p).arg(error);
            break;
        }
        perPage.ms << elapsedMs(t);
        if (p % 500 == 0)
            err() << "\r  page " << p << " / " << pages << Qt::flush;
    }
    err() << Qt::endl;
    const double totalMs = elapsedMs(total);
    const double peak = procStatusMb("VmHWM");
    const double now = procStatusMb("VmRSS");
    {
        Metric &m = add(3, u"Scroll the whole table through the model (%1 pages, one pass)"_s.arg(pages));
        if (perPage.ok()) {
            m.assay = formatMs(totalMs);
            m.value = totalMs;
            m.detail = u"per page: median %1, max %2; cache holds %3 pages at the end"_s.arg(
                formatMs(perPage.median()), formatMs(perPage.max())).arg(d.model.cachedPageCount());
        } else {
            m.assay = u"failed: "_s + perPage.error;
        }
        const QString sql = pageSql({}, u"created_at DESC, id DESC"_s, 0);
        m.baselineSql << sql;
        const Sqlite3Cli::Timing t = sqliteTiming(sql, false, 1, 1);
        m.sqlite = t.real.ok() ? u"all rows, one query: "_s + formatMs(t.real.median()) : u"failed: "_s + t.real.error;
    }
    {
        Metric &m = add(3, u"Peak RSS while scrolling (VmHWM)"_s, kRssLimitMb, u"MB"_s);
        m.value = peak;
        m.assay = u"%1 MB"_s.arg(peak, 0, 'f', 1);
        m.sqlite = u"—"_s;
        m.detail = reset ? u"VmHWM reset to VmRSS (%1 MB) just before the scroll; the whole process had peaked at %2 MB"_s.arg(
                               before, 0, 'f', 1).arg(processPeak, 0, 'f', 1)
                         : u"could not reset VmHWM: this is the whole process's peak"_s;
    }
    {
        Metric &m = add(3, u"RSS after scrolling (VmRSS)"_s, kRssLimitMb, u"MB"_s);
        m.value = now;
        m.assay = u"%1 MB"_s.arg(now, 0, 'f', 1);
        m.sqlite = u"—"_s;
    }
}

bool Bench::buildIndex()
{
    Workspace *ws = m_session->workspace();
    Metric &m = add(5, u"Search index build: SearchIndexer::catchUp()"_s);
    m.sqlite = u"—"_s;
    if (!ws || !SearchIndexer::supports(m_session->schema(), *ws)) {
        m.assay = u"skipped: no SQLite workspace"_s;
        return false;
    }
    progress(u"- search index (workspace %1)"_s.arg(ws->location()));
    SearchIndexer indexer(m_session->connection(), *ws, m_session->schema());
    QElapsedTimer t;
    t.start();
    qint64 lastShown = 0;
    const auto added = indexer.catchUp([&](const SearchIndexer::Progress &p) {
        if (p.indexedRows - lastShown >= 100'000 || p.pendingRows == 0) {
            lastShown = p.indexedRows;
            err() << "\r  indexed " << p.indexedRows << " rows, " << p.pendingRows << " to go" << Qt::flush;
        }
        return true;
    });
    err() << Qt::endl;
    const double ms = elapsedMs(t);
    if (!added) {
        m.assay = u"failed: "_s + added.error();
        return false;
    }
    m_session->refreshSearchSupport();
    const SearchIndexState state = m_session->searchIndexState();
    if (*added == 0) {
        m.assay = u"reused (%1 rows already indexed)"_s.arg(state.indexedRows);
        m.detail = u"run with --reindex to time the build"_s;
    } else {
        m.assay = formatMs(ms);
        m.value = ms;
        m.detail = u"%1 rows in one pass, %2 rows/s; index file %3 MB"_s.arg(*added)
                       .arg(qRound64(static_cast<double>(*added) / (ms / 1000.0)))
                       .arg(static_cast<double>(fileBytes(ws->filePath())) / 1e6, 0, 'f', 0);
    }
    m.name = u"Search index build: SearchIndexer::catchUp() (%1 rows)"_s.arg(state.indexedRows);
    return m_session->outputs().searchSupport().indexAttached;
}

void Bench::search(const QString &term)
{
    OutputFilter f;
    f.search = term;
    const auto hits = m_session->outputs().count(f);
    const QString label = u"Search \"%1\""_s.arg(term);
    const QString hitText = hits ? u"%1 matching rows"_s.arg(*hits) : u"count failed: "_s + hits.error();
    m_facts << u"search term \"%1\": %2"_s.arg(term, hitText);
    if (hits && *hits == 0) {
        m_notes << u"\"%1\" matches nothing in this log; its rows were skipped."_s.arg(term);
        return;
    }
    const QString match = u"rowid IN (SELECT rowid FROM ws.output_search WHERE output_search MATCH %1)"_s.arg(
        sqlQuote(fts5Phrase(term)));
    const QString pattern = sqlQuote(likeContainsPattern(term));
    const QString likeWhere = u"(output LIKE %1 ESCAPE '\\' OR input LIKE %1 ESCAPE '\\')"_s.arg(pattern);
    const QString order = u"created_at DESC, id DESC"_s;
    const auto baselines = [&](Metric &m, int limit) {
        const QString fts = pageSql(match, order, limit);
        const QString like = pageSql(likeWhere, order, limit);
        m.baselineSql << fts << like;
        m.sqlite = u"FTS: "_s + sqliteFigure(sqliteTiming(fts, true)) + u" · LIKE scan: "_s
            + sqliteFigure(sqliteTiming(like, false));
    };

    PageRequest request{f, SortOrder{}, std::nullopt, false, false, 100};
    repoPage(5, label + u" first 100 hits: repository fetchPage()"_s, request, pageSql(match, order, 100), true);
    Metric &repo = m_metrics.last();
    repo.baselineSql.clear();
    baselines(repo, 100);
    repo.detail += u"; "_s + hitText;
    // The statement Assay ran, run by the shell: separates the query's shape from Qt's overhead.
    if (!repo.statements.isEmpty()) {
        const QString own = repo.statements.first().sql;
        repo.sqlite += u" · Assay's own SQL: "_s + sqliteFigure(sqliteTiming(own, true));
    }

    if (m_driver) {
        const QString table = m_session->schema().qualifiedTable();
        FilterBaselines sql;
        sql.firstPage = pageSql(match, order, OutputsModel::pageSize);
        sql.count = u"SELECT count(*) FROM ws.output_search WHERE output_search MATCH %1"_s.arg(sqlQuote(fts5Phrase(term)));
        sql.keys = u"SELECT created_at, id FROM "_s + table + u" WHERE "_s + match + u" ORDER BY "_s + order;
        sql.workspace = true;
        const qsizetype before = m_metrics.size();
        modelFilter(5, label, f, sql, false);
        if (m_metrics.size() > before) {
            Metric &m = m_metrics[before];
            m.baselineSql.clear();
            baselines(m, OutputsModel::pageSize);
            m.detail += u" (a page is 256 rows, so the baselines here are LIMIT 256)"_s;
        }
    }
}

int Bench::run()
{
    const QString loadAtStart = loadAverage();
    if (!openDirect())
        return 1;
    const LogSchema &schema = m_session->schema();
    m_facts << u"log schema: table %1, created_at as %2"_s.arg(schema.table, TimestampCodec::kindName(schema.timestamps.kind));
    m_featureWeek.features = {u"ticket_summary"_s};
    m_featureWeek.since = m_s.end.addDays(-7);

    progress(u"Repository, called directly on this thread:"_s);
    PageRequest first{{}, SortOrder{}, std::nullopt, false, false, 256};
    repoPage(1, u"First page, repository fetchPage() (256 rows)"_s, first, pageSql({}, u"created_at DESC, id DESC"_s, 256));
    PageRequest last = first;
    last.reverse = true;
    repoPage(2, u"Last page, repository fetchPage(reverse) (256 rows)"_s, last, pageSql({}, u"created_at ASC, id ASC"_s, 256));
    // A page in the middle, from its anchor, as the model fetches any page once the anchors are in.
    {
        const qint64 middle = m_s.rows / 2;
        qint64 index = 0;
        std::optional<PageKey> anchor;
        const auto walked = m_session->outputs().forEachKey({}, SortOrder{}, [&](const PageKey &key) {
            if (index++ < middle)
                return true;
            anchor = key;
            return false;
        });
        if (walked && anchor) {
            PageRequest mid = first;
            mid.start = anchor;
            mid.includeStart = true;
            const QString value = anchor->sortValue.typeId() == QMetaType::QString ? sqlQuote(anchor->sortValue.toString())
                                                                                    : anchor->sortValue.toString();
            repoPage(3, u"Page at row %L1 from its anchor, repository fetchPage(start) (256 rows)"_s.arg(middle), mid,
                     pageSql(u"(created_at, id) <= (%1, %2)"_s.arg(value, anchor->key.toString()),
                             u"created_at DESC, id DESC"_s, 256));
        }
    }
    PageRequest filtered = first;
    filtered.filter = m_featureWeek;
    const QString filteredSql = pageSql(where(m_featureWeek), u"created_at DESC, id DESC"_s, 256);
    repoPage(4, u"feature + 7 days first page, repository fetchPage() (256 rows)"_s, filtered, filteredSql);
    counts();

    progress(u"Model (OutputsModel on this QCoreApplication, pages on its worker threads):"_s);
    m_driver = std::make_unique<ModelDriver>();
    modelOpen();
    {
        const QString table = m_session->schema().qualifiedTable();
        const QString w = where(m_featureWeek);
        FilterBaselines sql;
        sql.firstPage = filteredSql;
        sql.count = u"SELECT count(*) FROM "_s + table + u" WHERE "_s + w;
        sql.keys = u"SELECT created_at, id FROM "_s + table + u" WHERE "_s + w + u" ORDER BY created_at DESC, id DESC"_s;
        modelFilter(4, u"feature + 7 days"_s, m_featureWeek, sql, true);
    }
    modelLastRow();
    modelScroll();

    progress(u"Text search:"_s);
    if (m_s.skipSearch) {
        m_notes << u"--skip-search: no index was built and no search was timed."_s;
    } else if (buildIndex()) {
        search(m_s.term);
        search(m_s.rareTerm);
    } else {
        m_notes << u"The search index is not attached; search figures were skipped."_s;
    }
    m_driver.reset();
    m_facts << u"load average (1, 5, 15 min) at the start: %1; at the end: %2 (on %3 CPUs)"_s.arg(
        loadAtStart, loadAverage()).arg(QThread::idealThreadCount());
    print();
    return 0;
}

void Bench::print()
{
    QTextStream &o = out();
    o << "# Assay browse benchmark: " << rowsLabel(m_s.rows) << " rows\n\n";
    o << "Log `" << m_s.dbPath << "` (demo log, seed 42, end " << isoMillisUtc(m_s.end) << "); workspace `"
      << m_s.workspacePath << "`.\n";
    o << "Each Assay figure is the median of " << kRuns << " runs after " << kWarmups
      << " warm-up run (warm OS page cache), measured in this process with QElapsedTimer; model figures run "
         "from the call to the moment the row is loaded, event-loop delivery included. The sqlite3 figures are "
         "the sqlite3 shell (`sqlite3 -readonly`) on the same file in the same run: `.timer on` \"Run Time: real\" "
         "(1 ms resolution; below 10 ms the shell's user+sys CPU time is shown too), median of "
      << kRuns << " after " << kWarmups << " warm-up in one shell process, rows written to /dev/null.\n\n";

    o << "| metric | Assay | sqlite3 | target |\n|---|---|---|---|\n";
    static const char *const sections[] = {
        "",
        "1. First page",
        "2. Jump to the last row",
        "3. Scroll the whole table",
        "4. Feature + 7-day filter",
        "5. Text search",
        "6. Exact count and anchor pass (when the scrollbar is exact)",
    };
    for (int section = 1; section <= 6; ++section) {
        bool header = false;
        for (const Metric &m : std::as_const(m_metrics)) {
            if (m.section != section)
                continue;
            if (!header) {
                o << "| **" << sections[section] << "** | | | |\n";
                header = true;
            }
            QString assay = m.assay;
            QString target = u"—"_s;
            if (m.target >= 0) {
                target = u"≤ %1 %2"_s.arg(m.target).arg(m.targetUnit);
                assay += m.missed() ? u" **MISS**"_s : u" ✓"_s;
            }
            o << "| " << m.name << " | " << assay << " | " << (m.sqlite.isEmpty() ? u"—"_s : m.sqlite) << " | "
              << target << " |\n";
        }
    }

    o << "\n## Details\n\n";
    for (const Metric &m : std::as_const(m_metrics)) {
        if (!m.detail.isEmpty())
            o << "- " << m.name << ": " << m.detail << "\n";
    }
    for (const QString &n : std::as_const(m_notes))
        o << "- Note: " << n << "\n";

    o << "\n## Machine and data\n\n";
    for (const QString &f : std::as_const(m_facts))
        o << "- " << f << "\n";

    o << "\n## SQL\n\nAssay's statements were traced on its connection (sqlite3_trace_v2, bound values "
         "inlined; \"in SQLite\" is the statement's time from first step to reset, which SQLite 3.40 reports in "
         "whole milliseconds) "
         "during the last run of each repository figure, and explained here with the sqlite3 shell.\n";
    QSet<QString> explained;
    const auto explain = [&](const QString &sql, bool workspace) {
        const QString plan = (workspace ? m_cliWs : m_cli).run(u"EXPLAIN QUERY PLAN "_s + sql + u';');
        o << "```\n" << plan << "\n```\n";
    };
    for (const Metric &m : std::as_const(m_metrics)) {
        if (m.statements.isEmpty() && m.baselineSql.isEmpty())
            continue;
        o << "\n### " << m.name << "\n\n";
        for (const StatementLog::Entry &e : m.statements) {
            const bool ws = e.sql.contains(u"ws."_s);
            o << "Assay (in SQLite " << formatMs(e.sqliteMs) << "):\n```sql\n" << e.sql << "\n```\n";
            if (!explained.contains(e.sql)) {
                explained.insert(e.sql);
                explain(e.sql, ws);
            }
        }
        for (const QString &sql : m.baselineSql) {
            o << "sqlite3 baseline:\n```sql\n" << sql << "\n```\n";
            if (!explained.contains(sql)) {
                explained.insert(sql);
                explain(sql, sql.contains(u"ws."_s));
            }
        }
    }
    o.flush();
}

QStringList machineFacts()
{
    QStringList facts;
    QString cpu;
    QFile cpuinfo(u"/proc/cpuinfo"_s);
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    double memGb = -1;
    QFile meminfo(u"/proc/meminfo"_s);
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : meminfo.readAll().split('\n')) {
            if (line.startsWith("MemTotal:"))
                memGb = line.mid(9).trimmed().split(' ').value(0).toDouble() / 1024.0 / 1024.0;
        }
    }
    facts << u"nproc: %1 (%2)"_s.arg(QThread::idealThreadCount()).arg(cpu.isEmpty() ? u"cpu unknown"_s : cpu);
    facts << u"memory: %1 GB; %2 %3"_s.arg(memGb, 0, 'f', 1).arg(QSysInfo::prettyProductName(), QSysInfo::kernelVersion());
    facts << u"sqlite3 shell: %1"_s.arg(Sqlite3Cli::version());
    facts << u"SQLite library (Assay, via QSQLITE): %1; Qt %2"_s.arg(QString::fromLatin1(sqlite3_libversion()),
                                                                    QString::fromLatin1(qVersion()));
    return facts;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_browse"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Times the outputs browser (OutputsModel, OutputsRepository, search) on a demo log, beside the sqlite3 shell "
        "running the equivalent queries, and prints a Markdown table."_s);
    parser.addHelpOption();
    parser.addOption({u"rows"_s, u"Rows in the demo log (default 1000000)."_s, u"N"_s, u"1000000"_s});
    parser.addOption({u"db"_s, u"The demo log; created, or reused when it has the right rows (default /tmp/assay-bench-<rows>.sqlite)."_s, u"file"_s});
    parser.addOption({u"end"_s, u"Newest time bound of the demo log (default 2026-01-01T00:00:00Z)."_s, u"iso"_s,
                      u"2026-01-01T00:00:00Z"_s});
    parser.addOption({u"workspace-dir"_s, u"ASSAY_WORKSPACE_DIR for the search index (default /tmp/assay-bench-ws)."_s,
                      u"dir"_s, u"/tmp/assay-bench-ws"_s});
    parser.addOption({u"term"_s, u"A search term found in a minority of rows (default \"refund\")."_s, u"text"_s, u"refund"_s});
    parser.addOption({u"rare-term"_s, u"A rare search term (default \"ws_71933\", a workspace id in one ticket)."_s, u"text"_s, u"ws_71933"_s});
    parser.addOption({u"regenerate"_s, u"Write the demo log again even if it exists."_s});
    parser.addOption({u"reindex"_s, u"Drop the workspace first, so the index build is timed."_s});
    parser.addOption({u"skip-search"_s, u"Neither build the search index nor time search (a quicker 10M check)."_s});
    parser.addOption({u"generate-only"_s, u"(internal) Write the demo log and exit."_s});
    parser.process(app);

    bool ok = false;
    const qint64 rows = parser.value(u"rows"_s).toLongLong(&ok);
    if (!ok || rows < 1000) {
        err() << "bench_browse: --rows must be a whole number of at least 1000" << Qt::endl;
        return 2;
    }
    QDateTime end = QDateTime::fromString(parser.value(u"end"_s), Qt::ISODate);
    if (!end.isValid()) {
        err() << "bench_browse: --end must be an ISO-8601 time" << Qt::endl;
        return 2;
    }
    end = end.toUTC();
    const QString dbPath = QFileInfo(parser.isSet(u"db"_s) ? parser.value(u"db"_s)
                                                          : u"/tmp/assay-bench-%1.sqlite"_s.arg(rowsLabel(rows)))
                               .absoluteFilePath();
    if (parser.isSet(u"generate-only"_s))
        return generateOnly(dbPath, rows, end);

    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(parser.value(u"workspace-dir"_s)));
    const QString shellVersion = Sqlite3Cli::version();
    if (shellVersion.isEmpty()) {
        err() << "bench_browse: the sqlite3 shell is needed for the baselines (Debian: apt install sqlite3)" << Qt::endl;
        return 1;
    }

    // Reuse the log when it is the one these options write.
    const LogFacts facts = QFileInfo::exists(dbPath) ? readLogFacts(dbPath) : LogFacts{};
    const QString endText = isoMillisUtc(end);
    const bool matches = facts.rows == rows && !facts.newest.isEmpty() && facts.newest < endText
        && facts.newest >= isoMillisUtc(end.addDays(-1));
    const bool generate = parser.isSet(u"regenerate"_s) || !matches;

    auto location = SourceLocation::parse(dbPath);
    if (!location) {
        err() << "bench_browse: " << location.error() << Qt::endl;
        return 2;
    }
    // The workspace is named after the log's canonical path, so only an existing log has one.
    const QString existingWorkspace = generate ? QString() : Workspace::defaultPathFor(*location);
    const bool reindex = generate || parser.isSet(u"reindex"_s);

    // Room on disk for what has to be written, before writing any of it: the log next to --db,
    // the index in the workspace folder (the same file system or not), with 10% to spare.
    const double logBytes = generate ? static_cast<double>(rows) * kLogBytesPerRow : 0;
    const double indexBytes = !parser.isSet(u"skip-search"_s) && (reindex || !QFileInfo::exists(existingWorkspace))
        ? static_cast<double>(rows) * kIndexBytesPerRow
        : 0;
    const QString workspaceDir = parser.value(u"workspace-dir"_s);
    QDir().mkpath(workspaceDir);
    const QStorageInfo disk(QFileInfo(dbPath).absolutePath());
    const QStorageInfo wsDisk(workspaceDir);
    const bool sameDisk = disk.rootPath() == wsDisk.rootPath();
    const auto tooSmall = [&](const QStorageInfo &fs, double bytes, const QString &what) {
        if (bytes <= 0 || static_cast<double>(fs.bytesAvailable()) >= bytes * 1.1)
            return false;
        out() << "Skipped: " << rowsLabel(rows) << " rows need about " << QString::number(bytes / 1e9, 'f', 1)
              << " GB free for " << what << "; " << fs.rootPath() << " has "
              << QString::number(static_cast<double>(fs.bytesAvailable()) / 1e9, 'f', 1)
              << " GB (--skip-search leaves the index out)." << Qt::endl;
        return true;
    };
    if (sameDisk ? tooSmall(disk, logBytes + indexBytes, u"the demo log and its search index"_s)
                 : tooSmall(disk, logBytes, u"the demo log"_s) || tooSmall(wsDisk, indexBytes, u"the search index"_s))
        return 0;
    if (disk.fileSystemType() == "tmpfs" && logBytes > 1e9)
        progress(u"Note: %1 is a tmpfs, so the log will take %2 GB of memory."_s.arg(disk.rootPath()).arg(logBytes / 1e9, 0, 'f', 1));

    QString logNote = u"reused"_s;
    if (generate) {
        progress(u"Writing the demo log %1 (%2 rows, seed 42, end %3) in a child process..."_s.arg(dbPath).arg(rows).arg(endText));
        QElapsedTimer t;
        t.start();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--generate-only"_s, u"--rows"_s, QString::number(rows), u"--db"_s, dbPath, u"--end"_s,
                     parser.value(u"end"_s)});
        if (!child.waitForStarted() || !child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit
            || child.exitCode() != 0) {
            err() << "bench_browse: writing the demo log failed" << Qt::endl;
            return 1;
        }
        logNote = u"written by writeDemoLog in %1"_s.arg(formatMs(elapsedMs(t)));
    }
    const QString workspacePath = Workspace::defaultPathFor(*location);
    if (reindex && QFileInfo::exists(workspacePath)) {
        progress(u"Dropping the workspace %1 so the index is built again."_s.arg(workspacePath));
        if (!removeSqliteFiles(workspacePath)) {
            err() << "bench_browse: cannot remove " << workspacePath << Qt::endl;
            return 1;
        }
    }

    Setup setup;
    setup.dbPath = dbPath;
    setup.rows = rows;
    setup.end = end;
    setup.spec.source = *location;
    setup.workspacePath = workspacePath;
    setup.term = parser.value(u"term"_s);
    setup.rareTerm = parser.value(u"rare-term"_s);
    setup.skipSearch = parser.isSet(u"skip-search"_s);

    Bench bench(setup);
    for (const QString &f : machineFacts())
        bench.addFact(f);
    bench.addFact(u"demo log: %1 rows, %2 MB, %3"_s.arg(rows).arg(static_cast<double>(fileBytes(dbPath)) / 1e6, 0, 'f', 0).arg(logNote));
    bench.addFact(u"free disk at %1: %2 GB"_s.arg(disk.rootPath()).arg(static_cast<double>(disk.bytesAvailable()) / 1e9, 0, 'f', 1));
    return bench.run();
}
