#include "demo/DemoLogGenerator.h"

#include "demo/DemoRows.h"
#include "demo/DemoTimeline.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <atomic>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

using demo::DemoRow;
using demo::DemoRowFactory;
using demo::DemoTimeline;
using demo::PromptVersion;

constexpr qint64 kProgressEvery = 10'000;

const QString kCreateOutputs = u"CREATE TABLE ai_outputs ("
                               "id INTEGER PRIMARY KEY, feature TEXT NOT NULL, created_at TEXT NOT NULL, model TEXT, "
                               "input TEXT, input_hash TEXT, output TEXT, user_id TEXT, session_id TEXT, feedback TEXT, "
                               "prompt_name TEXT, prompt_version TEXT, input_tokens INTEGER, output_tokens INTEGER, "
                               "cache_read_tokens INTEGER, cache_write_tokens INTEGER, cost_usd REAL, latency_ms INTEGER, "
                               "status TEXT, error TEXT)"_s;
const QString kCreateRegistry = u"CREATE TABLE prompt_versions ("
                                "name TEXT NOT NULL, version TEXT NOT NULL, template TEXT NOT NULL, model TEXT, "
                                "temperature REAL, max_tokens INTEGER, labels TEXT, author TEXT, note TEXT, "
                                "created_at TEXT, PRIMARY KEY (name, version))"_s;
const QString kInsertOutput = u"INSERT INTO ai_outputs (feature, created_at, model, input, input_hash, output, user_id, "
                              "session_id, feedback, prompt_name, prompt_version, input_tokens, output_tokens, "
                              "cache_read_tokens, cache_write_tokens, cost_usd, latency_ms, status, error) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
const QString kInsertVersion = u"INSERT INTO prompt_versions (name, version, template, model, temperature, max_tokens, "
                               "labels, author, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
// Built after the bulk insert (much faster than maintaining them row by row): the filters and
// group-bys a log browser and cost dashboard need.
const QString kIndexes[] = {
    u"CREATE INDEX idx_ai_outputs_created_at ON ai_outputs (created_at)"_s,
    u"CREATE INDEX idx_ai_outputs_feature_created ON ai_outputs (feature, created_at)"_s,
    u"CREATE INDEX idx_ai_outputs_model_created ON ai_outputs (model, created_at)"_s,
    u"CREATE INDEX idx_ai_outputs_user ON ai_outputs (user_id)"_s,
    u"CREATE INDEX idx_ai_outputs_session ON ai_outputs (session_id)"_s,
    u"CREATE INDEX idx_ai_outputs_prompt_created ON ai_outputs (prompt_name, prompt_version, created_at)"_s,
    u"CREATE INDEX idx_ai_outputs_feedback_created ON ai_outputs (feedback, created_at)"_s,
};

Result<void> exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return fail(u"Could not write the demo log: %1"_s.arg(query.lastError().text()));
    return {};
}

Result<void> execAll(const QSqlDatabase &db, std::initializer_list<QString> statements)
{
    for (const QString &sql : statements) {
        if (Result<void> done = exec(db, sql); !done)
            return done;
    }
    return {};
}

// An SQLite file is up to four files on disk; stale -wal/-shm files next to a new database would be
// replayed into it, so they go too.
bool removeDatabaseFiles(const QString &path)
{
    bool removed = true;
    for (const QString &suffix : {QString(), u"-journal"_s, u"-wal"_s, u"-shm"_s}) {
        const QString file = path + suffix;
        if (QFileInfo::exists(file) && !QFile::remove(file))
            removed = false;
    }
    return removed;
}

Result<void> insertRegistry(const QSqlDatabase &db, const QList<PromptVersion> &registry)
{
    QSqlQuery query(db);
    if (!query.prepare(kInsertVersion))
        return fail(u"Could not write the demo log: %1"_s.arg(query.lastError().text()));
    for (const PromptVersion &v : registry) {
        const QVariant values[] = {v.name, v.version, v.templateText, v.modelName, v.spec->temperature,
                                   v.spec->maxTokens, v.labels, QString::fromLatin1(v.spec->author),
                                   QString::fromUtf8(v.spec->note), v.createdAt};
        for (int i = 0; i < static_cast<int>(std::size(values)); ++i)
            query.bindValue(i, values[i]);
        if (!query.exec())
            return fail(u"Could not write the demo log: %1"_s.arg(query.lastError().text()));
    }
    return {};
}

// A null QString binds as SQL NULL, an empty one as ''.
QVariant textOrNull(const QString &text)
{
    return text.isNull() ? QVariant() : QVariant(text);
}

void bindRow(QSqlQuery &query, const QString &createdAt, const DemoRow &row)
{
    static const QVariant ok(u"ok"_s);
    static const QVariant error(u"error"_s);
    const PromptVersion &v = *row.version;
    query.bindValue(0, v.name);
    query.bindValue(1, createdAt);
    query.bindValue(2, v.modelName);
    query.bindValue(3, row.input);
    query.bindValue(4, row.inputHash);
    query.bindValue(5, row.failed ? QVariant() : QVariant(row.output.isNull() ? u""_s : row.output));
    query.bindValue(6, row.userId);
    query.bindValue(7, row.sessionId);
    query.bindValue(8, textOrNull(row.feedback));
    query.bindValue(9, v.name);
    query.bindValue(10, v.version);
    query.bindValue(11, row.inputTokens);
    query.bindValue(12, row.outputTokens);
    query.bindValue(13, row.cacheReadTokens);
    query.bindValue(14, row.cacheWriteTokens);
    query.bindValue(15, row.costUsd);
    query.bindValue(16, row.latencyMs);
    query.bindValue(17, row.failed ? error : ok);
    query.bindValue(18, textOrNull(row.error));
}

Result<void> insertRows(const QSqlDatabase &db, DemoTimeline &timeline, DemoRowFactory &factory, qint64 total,
                        const std::function<bool(qint64, qint64)> &progress)
{
    QSqlQuery query(db);
    if (!query.prepare(kInsertOutput))
        return fail(u"Could not write the demo log: %1"_s.arg(query.lastError().text()));
    DemoRow row;
    qint64 done = 0;
    qint64 createdMs = 0;
    while (timeline.next(createdMs)) {
        factory.make(createdMs, row);
        bindRow(query, demo::isoMillis(createdMs), row);
        if (!query.exec())
            return fail(u"Could not write the demo log: %1"_s.arg(query.lastError().text()));
        ++done;
        if (done % kProgressEvery == 0 && progress && !progress(done, total))
            return fail(u"cancelled"_s);
    }
    if ((done % kProgressEvery != 0 || done == 0) && progress && !progress(done, total))
        return fail(u"cancelled"_s);
    return {};
}

Result<void> fillDatabase(const QSqlDatabase &db, const DemoOptions &options,
                          const std::function<bool(qint64, qint64)> &progress)
{
    // The load runs without a journal or fsync: a failed run is thrown away, never repaired.
    if (Result<void> done = execAll(db, {u"PRAGMA journal_mode=OFF"_s, u"PRAGMA synchronous=OFF"_s,
                                         u"PRAGMA cache_size=-262144"_s, u"PRAGMA temp_store=MEMORY"_s,
                                         kCreateOutputs, kCreateRegistry, u"BEGIN"_s});
        !done)
        return done;

    const qint64 endMs = demoLogEnd(options).toMSecsSinceEpoch();
    DemoTimeline timeline(endMs - options.days * demo::msPerDay, endMs, options.rows, options.seed);
    DemoRowFactory factory(options.seed, timeline);
    if (Result<void> done = insertRegistry(db, factory.registry()); !done)
        return done;
    if (Result<void> done = insertRows(db, timeline, factory, options.rows, progress); !done)
        return done;
    if (Result<void> done = exec(db, u"COMMIT"_s); !done)
        return done;
    for (const QString &sql : kIndexes) {
        if (Result<void> done = exec(db, sql); !done)
            return done;
    }
    // Last, so the file opens like a live product database that is being written to.
    return exec(db, u"PRAGMA journal_mode=WAL"_s);
}

Result<void> buildFile(const QString &file, const DemoOptions &options,
                       const std::function<bool(qint64, qint64)> &progress)
{
    static std::atomic<quint64> counter{0};
    const QString connection = u"assay-demo-%1"_s.arg(counter.fetch_add(1));
    Result<void> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(file);
        if (!db.open())
            result = fail(u"Could not create %1: %2"_s.arg(QDir::toNativeSeparators(file), db.lastError().text()));
        else
            result = fillDatabase(db, options, progress);
        db.close(); // checkpoints and removes the -wal file
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

} // namespace

QDateTime demoLogEnd(const DemoOptions &options)
{
    if (options.end.isValid())
        return options.end.toUTC();
    return QDateTime::currentDateTimeUtc().date().addDays(1).startOfDay(QTimeZone::utc());
}

Result<void> writeDemoLog(const QString &path, const DemoOptions &options,
                          const std::function<bool(qint64, qint64)> &progress)
{
    if (options.rows < 0)
        return fail(u"The number of demo rows cannot be negative."_s);
    if (options.days < 1)
        return fail(u"The demo log must span at least one day."_s);
    const QFileInfo target(path);
    if (target.isDir())
        return fail(u"%1 is a folder; give a file name for the demo log."_s.arg(QDir::toNativeSeparators(path)));
    if (!target.absoluteDir().exists())
        return fail(u"The folder %1 does not exist."_s.arg(QDir::toNativeSeparators(target.absolutePath())));

    const QString partial = path + u".partial"_s;
    if (!removeDatabaseFiles(partial))
        return fail(u"Could not remove the leftover %1."_s.arg(QDir::toNativeSeparators(partial)));
    if (Result<void> built = buildFile(partial, options, progress); !built) {
        removeDatabaseFiles(partial);
        return built;
    }
    if (!removeDatabaseFiles(path) || !QFile::rename(partial, path)) {
        removeDatabaseFiles(partial);
        return fail(u"Could not replace %1."_s.arg(QDir::toNativeSeparators(path)));
    }
    return {};
}

} // namespace assay
