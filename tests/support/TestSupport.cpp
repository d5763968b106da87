#include "TestSupport.h"

#include <QJsonValue>

#include <QJsonDocument>

#include <QRegularExpression>

#include "demo/DemoLogGenerator.h"

#include <QTimeZone>

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace assay::test {

QString uniqueConnectionName(const QString &prefix)
{
    static QAtomicInteger<quint64> counter;
    return u"%1-%2"_s.arg(prefix).arg(counter.fetchAndAddRelaxed(1));
}

QString columnNameOf(const QString &definition)
{
    const QString d = definition.trimmed();
    if (d.startsWith(u'"')) {
        const qsizetype end = d.indexOf(u'"', 1);
        return d.mid(1, end - 1);
    }
    return d.section(u' ', 0, 0);
}

WritableDb::WritableDb(const QString &path) : m_name(uniqueConnectionName(u"test-writer"_s))
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open()) {
        m_lastError = m_db.lastError().text();
        qWarning("cannot open %s for writing: %s", qPrintable(path), qPrintable(m_lastError));
    }
}

WritableDb::~WritableDb()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

bool WritableDb::isOpen() const
{
    return m_db.isOpen();
}

bool WritableDb::exec(const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(m_db);
    bool ok = false;
    if (binds.isEmpty()) {
        ok = q.exec(sql);
    } else {
        ok = q.prepare(sql);
        for (const QVariant &v : binds)
            q.addBindValue(v);
        ok = ok && q.exec();
    }
    if (!ok) {
        m_lastError = q.lastError().text();
        qWarning("test SQL failed: %s: %s", qPrintable(sql), qPrintable(m_lastError));
    }
    return ok;
}

bool WritableDb::insertRows(const QString &table, const QStringList &columns, const QList<QVariantList> &rows)
{
    QStringList quoted;
    for (const QString &c : columns)
        quoted << u'"' + QString(c).replace(u'"', u"\"\""_s) + u'"';
    const QString sql = u"INSERT INTO \"%1\" (%2) VALUES (%3)"_s.arg(table, quoted.join(u", "_s),
                                                                     QStringList(columns.size(), u"?"_s).join(u", "_s));
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        qWarning("cannot start a transaction: %s", qPrintable(m_lastError));
        return false;
    }
    QSqlQuery q(m_db);
    if (!q.prepare(sql)) {
        m_lastError = q.lastError().text();
        m_db.rollback();
        qWarning("cannot prepare %s: %s", qPrintable(sql), qPrintable(m_lastError));
        return false;
    }
    for (const QVariantList &row : rows) {
        if (row.size() != columns.size()) {
            m_lastError = u"row has %1 values for %2 columns"_s.arg(row.size()).arg(columns.size());
            m_db.rollback();
            qWarning("%s", qPrintable(m_lastError));
            return false;
        }
        for (int i = 0; i < row.size(); ++i)
            q.bindValue(i, row.at(i));
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            m_db.rollback();
            qWarning("insert failed: %s", qPrintable(m_lastError));
            return false;
        }
    }
    if (!m_db.commit()) {
        m_lastError = m_db.lastError().text();
        qWarning("commit failed: %s", qPrintable(m_lastError));
        return false;
    }
    return true;
}

QString TestLog::create(const QTemporaryDir &dir, const QStringList &columns, const QList<QVariantList> &rows,
                        const TestLogOptions &options)
{
    if (!dir.isValid())
        qFatal("the temporary folder for a test log is not valid");
    return create(dir.filePath(options.fileName), columns, rows, options);
}

QString TestLog::create(const QString &path, const QStringList &columns, const QList<QVariantList> &rows,
                        const TestLogOptions &options)
{
    QFile::remove(path);
    {
        WritableDb w(path);
        if (!w.isOpen())
            qFatal("cannot create test log %s", qPrintable(path));
        if (options.wal && !w.exec(u"PRAGMA journal_mode = WAL"_s))
            qFatal("cannot switch %s to WAL", qPrintable(path));
        if (!w.exec(u"CREATE TABLE \"%1\" (%2)"_s.arg(options.table, columns.join(u", "_s))))
            qFatal("cannot create the table of %s: %s", qPrintable(path), qPrintable(w.lastError()));
        QStringList names;
        for (const QString &c : columns)
            names << columnNameOf(c);
        if (!rows.isEmpty() && !w.insertRows(options.table, names, rows))
            qFatal("cannot fill %s: %s", qPrintable(path), qPrintable(w.lastError()));
        for (const QString &sql : options.extraSql) {
            if (!w.exec(sql))
                qFatal("cannot run %s on %s: %s", qPrintable(sql), qPrintable(path), qPrintable(w.lastError()));
        }
    }
    return path;
}

QStringList TestLog::standardColumns()
{
    return {u"id INTEGER PRIMARY KEY"_s,
            u"feature TEXT"_s,
            u"created_at TEXT"_s,
            u"output TEXT"_s,
            u"model TEXT"_s,
            u"input TEXT"_s,
            u"user_id TEXT"_s,
            u"session_id TEXT"_s,
            u"feedback TEXT"_s,
            u"prompt_name TEXT"_s,
            u"prompt_version TEXT"_s,
            u"input_tokens INTEGER"_s,
            u"output_tokens INTEGER"_s,
            u"cost REAL"_s,
            u"latency_ms INTEGER"_s,
            u"status TEXT"_s,
            u"error TEXT"_s};
}

QVariantList TestLog::standardRow(qint64 id, const QString &feature, const QVariant &createdAt, const QVariant &output)
{
    return {id,
            feature,
            createdAt,
            output,
            id % 2 ? u"claude-opus-4-6"_s : u"gpt-4o"_s,
            u"{\"ticket\": \"T-%1\"}"_s.arg(id),
            u"user-%1"_s.arg(id % 10),
            u"session-%1"_s.arg(id % 25),
            QVariant(),
            u"summary_prompt"_s,
            u"v%1"_s.arg(id % 3 + 1),
            qint64(100 + id % 50),
            qint64(20 + id % 40),
            0.001 * double(id % 7),
            qint64(300 + (id * 37) % 900),
            u"ok"_s,
            QVariant()};
}

QList<QVariantList> TestLog::standardRows(int n)
{
    static const QStringList features{u"summarize"_s, u"classify"_s, u"extract"_s};
    const QDateTime start(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QList<QVariantList> rows;
    rows.reserve(n);
    for (int i = 1; i <= n; ++i) {
        rows << standardRow(i, features.at(i % features.size()),
                            start.addSecs(i).toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s),
                            u"output number %1 for the %2 feature"_s.arg(i).arg(features.at(i % features.size())));
    }
    return rows;
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex();
}

ScopedWorkspaceDir::ScopedWorkspaceDir()
{
    m_hadPrevious = qEnvironmentVariableIsSet("ASSAY_WORKSPACE_DIR");
    m_previous = qgetenv("ASSAY_WORKSPACE_DIR");
    if (!m_dir.isValid())
        qFatal("cannot create a temporary workspace folder");
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(m_dir.path()));
}

ScopedWorkspaceDir::~ScopedWorkspaceDir()
{
    if (m_hadPrevious)
        qputenv("ASSAY_WORKSPACE_DIR", m_previous);
    else
        qunsetenv("ASSAY_WORKSPACE_DIR");
}

SourceLocation sqliteSource(const QString &path)
{
    auto loc = SourceLocation::parse(path);
    if (!loc)
        qFatal("cannot parse %s as a source: %s", qPrintable(path), qPrintable(loc.error()));
    return *loc;
}

int openConnectionCount()
{
    return static_cast<int>(QSqlDatabase::connectionNames().size());
}

QDateTime demoLogFixtureEnd()
{
    return QDateTime(QDate(2026, 11, 20), QTime(0, 0), QTimeZone::utc());
}

QString writeDemoLogFixture(const QString &path, qint64 rows, quint64 seed)
{
    DemoOptions options;
    options.rows = rows;
    options.seed = seed;
    options.end = demoLogFixtureEnd();
    const Result<void> written = writeDemoLog(path, options);
    return written.ok() ? QString() : written.error();
}

QString substituteFlatVariables(const QString &tpl, const QJsonObject &vars, QStringList *missing)
{
    static const QRegularExpression placeholder(uR"(\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\})"_s);
    QString out;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(tpl); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += tpl.mid(at, m.capturedStart() - at);
        at = m.capturedEnd();
        QJsonValue value = vars;
        for (const QString &part : m.captured(1).split(u'.'))
            value = value.isObject() ? value.toObject().value(part) : QJsonValue(QJsonValue::Undefined);
        if (value.isUndefined()) {
            if (missing)
                *missing << m.captured(1);
            continue;
        }
        if (value.isString())
            out += value.toString();
        else if (value.isDouble() && value.toDouble() == double(qint64(value.toDouble())))
            out += QString::number(qint64(value.toDouble()));
        else if (value.isDouble())
            out += QString::number(value.toDouble(), 'g', 15);
        else if (value.isBool())
            out += value.toBool() ? u"true"_s : u"false"_s;
        else if (value.isNull())
            out += u"null"_s;
        else
            out += QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
    }
    out += tpl.mid(at);
    return out;
}

} // namespace assay::test
