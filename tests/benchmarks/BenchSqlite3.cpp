#include "BenchSqlite3.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <cstring>

using namespace Qt::StringLiterals;

namespace assay::bench {

namespace {

constexpr int kTimeoutMs = 30 * 60 * 1000;

QString withSemicolon(QString sql)
{
    sql = sql.trimmed();
    if (!sql.endsWith(u';'))
        sql += u';';
    return sql;
}

} // namespace

Sqlite3Cli::Sqlite3Cli(QString dbPath, QStringList setup) : m_db(std::move(dbPath)), m_setup(std::move(setup))
{
}

QString Sqlite3Cli::version()
{
    QProcess p;
    p.start(u"sqlite3"_s, {u"--version"_s});
    if (!p.waitForStarted(10'000) || !p.waitForFinished(10'000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

Sqlite3Cli::Output Sqlite3Cli::exec(const QString &script, int timeoutMs) const
{
    Output o;
    QProcess p;
    p.start(u"sqlite3"_s, {u"-readonly"_s, u"-batch"_s, m_db});
    if (!p.waitForStarted(10'000))
        return o;
    o.started = true;
    QString full = u".bail on\n"_s;
    for (const QString &s : m_setup)
        full += withSemicolon(s) + u'\n';
    full += script;
    p.write(full.toUtf8());
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5'000);
        o.err = u"timed out"_s;
        return o;
    }
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return o;
}

Sqlite3Cli::Timing Sqlite3Cli::time(const QString &sql, int warmups, int runs) const
{
    Timing t;
    QString script = u".output /dev/null\n.timer on\n"_s;
    const QString statement = withSemicolon(sql) + u'\n';
    for (int i = 0; i < warmups + runs; ++i)
        script += statement;
    const Output o = exec(script, kTimeoutMs);
    QString error;
    if (!o.started)
        error = u"cannot run sqlite3"_s;
    else if (o.exitCode != 0 || !o.err.isEmpty())
        error = o.err.isEmpty() ? u"sqlite3 exited with %1"_s.arg(o.exitCode) : o.err.section(u'\n', 0, 0);
    static const QRegularExpression line(u"Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)"_s);
    QList<double> real;
    QList<double> cpu;
    for (auto it = line.globalMatch(o.out); it.hasNext();) {
        const auto m = it.next();
        real << m.captured(1).toDouble() * 1000;
        cpu << (m.captured(2).toDouble() + m.captured(3).toDouble()) * 1000;
    }
    if (error.isEmpty() && real.size() != warmups + runs)
        error = u"expected %1 timings from sqlite3, got %2"_s.arg(warmups + runs).arg(real.size());
    if (!error.isEmpty()) {
        t.real.error = error;
        t.cpu.error = error;
        return t;
    }
    t.real.ms = real.mid(warmups);
    t.cpu.ms = cpu.mid(warmups);
    return t;
}

QString Sqlite3Cli::run(const QString &script) const
{
    const Output o = exec(script, kTimeoutMs);
    if (!o.started)
        return u"error: cannot run sqlite3"_s;
    if (o.exitCode != 0 || !o.err.isEmpty())
        return u"error: "_s + (o.err.isEmpty() ? u"sqlite3 exited with %1"_s.arg(o.exitCode) : o.err);
    return o.out.trimmed();
}

StatementLog::~StatementLog()
{
    uninstall();
}

bool StatementLog::install(const QSqlDatabase &db)
{
    uninstall();
    if (!db.driver())
        return false;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    auto *sqlite = *static_cast<sqlite3 *const *>(handle.data());
    if (!sqlite || sqlite3_trace_v2(sqlite, SQLITE_TRACE_PROFILE, &StatementLog::callback, this) != SQLITE_OK)
        return false;
    m_handle = sqlite;
    return true;
}

void StatementLog::uninstall()
{
    if (m_handle)
        sqlite3_trace_v2(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
    m_handle = nullptr;
}

int StatementLog::callback(unsigned type, void *context, void *p, void *x)
{
    if (type != SQLITE_TRACE_PROFILE)
        return 0;
    auto *self = static_cast<StatementLog *>(context);
    auto *stmt = static_cast<sqlite3_stmt *>(p);
    // Statements FTS5 runs on its shadow tables ('ws'.'output_search_idx') and the pragmas
    // around them are SQLite's business, not the repository's.
    const char *text = sqlite3_sql(stmt);
    if (!text || qstrncmp(text, "PRAGMA", 6) == 0 || std::strstr(text, "'ws'.") || std::strstr(text, "_idx' WHERE"))
        return 0;
    const auto ns = *static_cast<const sqlite3_int64 *>(x);
    char *expanded = sqlite3_expanded_sql(stmt);
    Entry e;
    e.sql = QString::fromUtf8(expanded ? expanded : text);
    e.sqliteMs = static_cast<double>(ns) / 1e6;
    sqlite3_free(expanded);
    self->m_entries << e;
    return 0;
}

} // namespace assay::bench
