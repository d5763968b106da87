#pragma once

// The baseline side of the browse benchmark: the sqlite3 command-line shell running the same
// query on the same file in the same run, and a log of the statements Assay's own connection
// ran (so they can be replayed and explained with sqlite3).

#include "BenchStats.h"

#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace assay::bench {

// `sqlite3 -readonly -batch FILE`, fed a script on stdin. Timings come from the shell's own
// `.timer on` ("Run Time: real X user Y sys Z", printed after each statement), so process
// start-up and opening the file are not part of them. Rows go to /dev/null.
class Sqlite3Cli {
public:
    // `setup`: statements run once before anything is timed (ATTACH ...), without the timer.
    explicit Sqlite3Cli(QString dbPath, QStringList setup = {});

    // "3.40.1 2022-12-28 ..." or empty when sqlite3 cannot be run.
    static QString version();

    struct Timing {
        Samples real; // wall clock, as the shell prints it (1 ms resolution)
        Samples cpu;  // user + sys (microsecond resolution), useful below a millisecond
    };
    // Runs `sql` warmups + runs times in one shell process, in a row, and keeps the last `runs`.
    Timing time(const QString &sql, int warmups = kWarmups, int runs = kRuns) const;

    // Output of a script (EXPLAIN QUERY PLAN ...); on failure, "error: ..." text.
    QString run(const QString &script) const;

private:
    struct Output {
        QString out;
        QString err;
        int exitCode = -1;
        bool started = false;
    };
    Output exec(const QString &script, int timeoutMs) const;

    QString m_db;
    QStringList m_setup;
};

// Records, through sqlite3_trace_v2(SQLITE_TRACE_PROFILE) on a QSQLITE connection's handle,
// every statement it completes: the SQL with its bound values spelled out, and the time
// SQLite itself spent on it. Install on a connection owned by the calling thread.
class StatementLog {
public:
    struct Entry {
        QString sql;
        double sqliteMs = 0;
    };

    StatementLog() = default;
    ~StatementLog();
    StatementLog(const StatementLog &) = delete;
    StatementLog &operator=(const StatementLog &) = delete;

    bool install(const QSqlDatabase &db);
    void uninstall();
    void clear() { m_entries.clear(); }
    const QList<Entry> &entries() const { return m_entries; }

private:
    static int callback(unsigned type, void *context, void *p, void *x);
    void *m_handle = nullptr;
    QList<Entry> m_entries;
};

} // namespace assay::bench
