#pragma once

#include <QJsonObject>
#include <QStringList>
// Shared helpers for the tests: SQLite logs written to a temporary folder with the columns a
// test chooses, a writable side connection (the product logging while Assay reads), file
// hashes (proof that a source was never modified) and a private workspace folder.

#include "source/SourceLocation.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>

namespace assay::test {

// A process-unique QSqlDatabase connection name ("prefix-7").
QString uniqueConnectionName(const QString &prefix);

// The column name of a definition: "id INTEGER PRIMARY KEY" -> "id", "\"my col\" TEXT" -> "my col".
QString columnNameOf(const QString &definition);

// A read-write connection to a SQLite file of the test's own (never one Assay opened). The
// connection is closed and removed again on destruction. Failures are reported with qWarning
// and returned, so the caller can QVERIFY them.
class WritableDb {
public:
    explicit WritableDb(const QString &path);
    ~WritableDb();
    WritableDb(const WritableDb &) = delete;
    WritableDb &operator=(const WritableDb &) = delete;

    bool isOpen() const;
    QSqlDatabase &db() { return m_db; }
    bool exec(const QString &sql, const QVariantList &binds = {});
    // Inserts rows (one value per column, in order) inside one transaction.
    bool insertRows(const QString &table, const QStringList &columns, const QList<QVariantList> &rows);
    // Error text of the last failed exec()/insertRows().
    QString lastError() const { return m_lastError; }

private:
    QString m_name;
    QSqlDatabase m_db;
    QString m_lastError;
};

struct TestLogOptions {
    QString table = QStringLiteral("ai_outputs");
    QString fileName = QStringLiteral("log.sqlite");
    bool wal = false;
    QStringList extraSql; // run after the rows are in (indexes, views, more tables)
};

// Writes SQLite logs for tests. `columns` are column definitions ("ts INTEGER"); every row
// holds one value per column (QVariant() for NULL, QByteArray for raw bytes).
class TestLog {
public:
    // Creates <dir>/<options.fileName> and returns its path; aborts the test binary when the
    // file cannot be written (a broken fixture, not a product failure).
    static QString create(const QTemporaryDir &dir, const QStringList &columns, const QList<QVariantList> &rows,
                          const TestLogOptions &options = {});
    static QString create(const QString &path, const QStringList &columns, const QList<QVariantList> &rows,
                          const TestLogOptions &options = {});

    // The columns of a well-kept log that names every logical field its own way.
    static QStringList standardColumns();
    // A row for standardColumns(): id, feature, created_at (ISO text, UTC, 'T', 'Z'), output,
    // model, input, user_id, session_id, feedback, prompt_name, prompt_version, input_tokens,
    // output_tokens, cost, latency_ms, status, error.
    static QVariantList standardRow(qint64 id, const QString &feature, const QVariant &createdAt,
                                    const QVariant &output);
    // n standard rows, deterministic, ids 1..n, one second apart from 2026-11-01T00:00:00Z,
    // features cycling over summarize/classify/extract, models over two names.
    static QList<QVariantList> standardRows(int n);
};

// SHA-256 of a file's bytes (hex); empty when the file cannot be read.
QByteArray fileSha256(const QString &path);

// Sets ASSAY_WORKSPACE_DIR to a fresh temporary folder for the object's lifetime, so tests
// never touch the real data folder.
class ScopedWorkspaceDir {
public:
    ScopedWorkspaceDir();
    ~ScopedWorkspaceDir();
    ScopedWorkspaceDir(const ScopedWorkspaceDir &) = delete;
    ScopedWorkspaceDir &operator=(const ScopedWorkspaceDir &) = delete;
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    QByteArray m_previous;
    bool m_hadPrevious = false;
};

// SourceLocation for a SQLite path (parse() of the path, which must succeed).
SourceLocation sqliteSource(const QString &path);

// The number of QSqlDatabase connections that are still registered.
int openConnectionCount();

// The demo log most tests share: the end is fixed (2026-11-20 00:00 UTC), so the dates
// tests assert on never move with the calendar. Empty on success, else the reason.
QDateTime demoLogFixtureEnd();
QString writeDemoLogFixture(const QString &path, qint64 rows, quint64 seed = 42);

// An oracle for rendered prompts that shares no code with PromptTemplate: each {{ name }} or
// {{ a.b }} becomes the variable's value (strings as they are, whole numbers without a
// fraction, other JSON compact), by a plain regular-expression replace. Only for templates
// without sections, as the demo's are; `missing` gets the names the variables lack.
QString substituteFlatVariables(const QString &tpl, const QJsonObject &vars, QStringList *missing = nullptr);

} // namespace assay::test
