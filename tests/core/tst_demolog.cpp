// The demo log generator: schema, reproducibility, realism invariants the rest of Assay relies on
// (valid inputs matching the registry, ordered timestamps, errors without output), cancellation.
#include "demo/DemoLogGenerator.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using assay::DemoOptions;
using assay::writeDemoLog;

namespace {

const QDateTime kEnd(QDate(2026, 11, 20), QTime(0, 0), QTimeZone::utc());

DemoOptions options(qint64 rows, quint64 seed = 42)
{
    DemoOptions o;
    o.rows = rows;
    o.seed = seed;
    o.end = kEnd;
    o.days = 60;
    return o;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

// A read-only connection that removes itself when it goes out of scope.
class Reader {
public:
    explicit Reader(const QString &path) : m_name(u"tst-demolog-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        m_open = db.open();
    }
    ~Reader()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }

    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    QList<QVariantList> rows(const QString &sql) const
    {
        QList<QVariantList> result;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.setForwardOnly(true);
        if (!q.exec(sql))
            return result;
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i));
            result.append(row);
        }
        return result;
    }
    QStringList column(const QString &sql) const
    {
        QStringList values;
        for (const QVariantList &row : rows(sql))
            values.append(row.value(0).toString());
        return values;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
};

QStringList templateVars(const QString &text)
{
    static const QRegularExpression placeholder(u"\\{\\{\\s*(\\w+)\\s*\\}\\}"_s);
    QStringList vars;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!vars.contains(name))
            vars.append(name);
    }
    vars.sort();
    return vars;
}

bool isJson(const QString &text)
{
    QJsonParseError error;
    QJsonDocument::fromJson(text.toUtf8(), &error);
    return error.error == QJsonParseError::NoError;
}

} // namespace

class TestDemoLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemaAndCounts();
    void sameSeedSameBytes();
    void defaultEndIsNextUtcMidnight();
    void everyFeatureAndModel();
    void timestampsOrderedAndInSpan();
    void inputsMatchRegistryTemplates();
    void registryTellsAStory();
    void jsonOutputs();
    void errorsHaveNoOutput();
    void costFollowsTokensAndPrices();
    void feedbackAndNonAscii();
    void progressAndCancel();
    void replacesExistingFile();
    void unwritablePathFails();
    void benchmarkMillionRows();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_small;  // 3,000 rows
    QString m_medium; // 30,000 rows, for rates
};

void TestDemoLog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_small = path(u"small.db"_s);
    m_medium = path(u"medium.db"_s);
    const auto small = writeDemoLog(m_small, options(3000));
    QVERIFY2(small.ok(), qPrintable(small.error()));
    const auto medium = writeDemoLog(m_medium, options(30000, 7));
    QVERIFY2(medium.ok(), qPrintable(medium.error()));
}

void TestDemoLog::schemaAndCounts()
{
    QVERIFY(QFileInfo::exists(m_small));
    QVERIFY(!QFileInfo::exists(m_small + u".partial"_s));
    QVERIFY(!QFileInfo::exists(m_small + u"-wal"_s));
    Reader db(m_small);
    QVERIFY(db.isOpen());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs"_s).toLongLong(), 3000);
    QCOMPARE(db.scalar(u"SELECT MIN(id) FROM ai_outputs"_s).toLongLong(), 1);
    QCOMPARE(db.scalar(u"SELECT MAX(id) FROM ai_outputs"_s).toLongLong(), 3000);
    QCOMPARE(db.column(u"SELECT name FROM pragma_table_info('ai_outputs') ORDER BY cid"_s),
             (QStringList{u"id"_s, u"feature"_s, u"created_at"_s, u"model"_s, u"input"_s, u"input_hash"_s, u"output"_s,
                          u"user_id"_s, u"session_id"_s, u"feedback"_s, u"prompt_name"_s, u"prompt_version"_s,
                          u"input_tokens"_s, u"output_tokens"_s, u"cache_read_tokens"_s, u"cache_write_tokens"_s,
                          u"cost_usd"_s, u"latency_ms"_s, u"status"_s, u"error"_s}));
    QCOMPARE(db.column(u"SELECT name FROM pragma_table_info('prompt_versions') ORDER BY cid"_s),
             (QStringList{u"name"_s, u"version"_s, u"template"_s, u"model"_s, u"temperature"_s, u"max_tokens"_s,
                          u"labels"_s, u"author"_s, u"note"_s, u"created_at"_s}));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND tbl_name='ai_outputs' "
                       "AND sql IS NOT NULL"_s).toInt(), 7);
    QCOMPARE(db.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(db.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    const int users = db.scalar(u"SELECT COUNT(DISTINCT user_id) FROM ai_outputs"_s).toInt();
    QVERIFY2(users >= 200 && users <= 420, qPrintable(QString::number(users)));
    QVERIFY(db.scalar(u"SELECT COUNT(DISTINCT session_id) FROM ai_outputs"_s).toInt() >= 300);
}

void TestDemoLog::sameSeedSameBytes()
{
    const QString again = path(u"again.db"_s);
    QVERIFY(writeDemoLog(again, options(3000)).ok());
    QCOMPARE(fileHash(again), fileHash(m_small));
    const QString other = path(u"other.db"_s);
    QVERIFY(writeDemoLog(other, options(3000, 43)).ok());
    QVERIFY(fileHash(other) != fileHash(m_small));
}

void TestDemoLog::defaultEndIsNextUtcMidnight()
{
    const QDateTime end = assay::demoLogEnd(DemoOptions{});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(end.time(), QTime(0, 0));
    QVERIFY(end > now && end <= now.addDays(1));
    QCOMPARE(assay::demoLogEnd(options(1)), kEnd);
}

void TestDemoLog::everyFeatureAndModel()
{
    Reader db(m_small);
    const QList<QVariantList> counts = db.rows(u"SELECT feature, COUNT(*) FROM ai_outputs GROUP BY feature ORDER BY 2 DESC"_s);
    QStringList features;
    for (const QVariantList &row : counts)
        features.append(row.at(0).toString());
    QCOMPARE(features.size(), 5);
    QCOMPARE(features.first(), u"inline_suggestion"_s);
    for (const QString &f : {u"ticket_summary"_s, u"doc_answer"_s, u"churn_risk"_s, u"lead_score"_s})
        QVERIFY2(features.contains(f), qPrintable(f));
    const QStringList models = db.column(u"SELECT DISTINCT model FROM ai_outputs ORDER BY 1"_s);
    for (const QString &m : {u"claude-sonnet-4-5"_s, u"claude-haiku-4-5"_s, u"gpt-4o-mini"_s, u"gpt-4.1"_s, u"gemini-2.5-flash"_s})
        QVERIFY2(models.contains(m), qPrintable(m));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE feature <> prompt_name"_s).toInt(), 0);
}

void TestDemoLog::timestampsOrderedAndInSpan()
{
    Reader db(m_small);
    static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"_s);
    const QDateTime start = kEnd.addDays(-60);
    QString previous;
    qint64 weekday = 0, weekend = 0;
    for (const QString &ts : db.column(u"SELECT created_at FROM ai_outputs ORDER BY id"_s)) {
        QVERIFY2(shape.match(ts).hasMatch(), qPrintable(ts));
        QVERIFY2(previous <= ts, qPrintable(previous + u" > "_s + ts));
        const QDateTime when = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY(when.isValid());
        QVERIFY(when >= start && when < kEnd);
        (when.date().dayOfWeek() >= 6 ? weekend : weekday) += 1;
        previous = ts;
    }
    // 5 weekdays against 2 weekend days, and weekdays are busier per day.
    QVERIFY2(weekday > 4 * weekend, qPrintable(u"%1 vs %2"_s.arg(weekday).arg(weekend)));
}

void TestDemoLog::inputsMatchRegistryTemplates()
{
    Reader db(m_medium);
    QHash<QString, QStringList> varsOf;
    for (const QVariantList &row : db.rows(u"SELECT name, version, template FROM prompt_versions"_s))
        varsOf.insert(row.at(0).toString() + u'/' + row.at(1).toString(), templateVars(row.at(2).toString()));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs o WHERE NOT EXISTS (SELECT 1 FROM prompt_versions p "
                       "WHERE p.name = o.prompt_name AND p.version = o.prompt_version)"_s).toInt(), 0);
    QHash<QString, QString> hashOf;
    for (const QVariantList &row : db.rows(u"SELECT prompt_name, prompt_version, input, input_hash FROM ai_outputs"_s)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(row.at(2).toString().toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), qPrintable(row.at(2).toString()));
        QStringList keys = doc.object().keys();
        keys.sort();
        const QString key = row.at(0).toString() + u'/' + row.at(1).toString();
        QCOMPARE(keys, varsOf.value(key));
        const QString hash = row.at(3).toString();
        QCOMPARE(hash.size(), 16);
        // The same input always has the same hash.
        const auto seen = hashOf.constFind(row.at(2).toString());
        if (seen != hashOf.cend())
            QCOMPARE(hash, *seen);
        hashOf.insert(row.at(2).toString(), hash);
    }
}

void TestDemoLog::registryTellsAStory()
{
    Reader db(m_medium);
    QCOMPARE(db.column(u"SELECT DISTINCT prompt_version FROM ai_outputs WHERE feature='ticket_summary' ORDER BY 1"_s),
             (QStringList{u"v1"_s, u"v2"_s, u"v3"_s}));
    QCOMPARE(db.scalar(u"SELECT labels FROM prompt_versions WHERE name='ticket_summary' AND version='v4'"_s).toString(),
             u"[\"staging\"]"_s);
    QCOMPARE(db.scalar(u"SELECT labels FROM prompt_versions WHERE name='ticket_summary' AND version='v3'"_s).toString(),
             u"[\"production\"]"_s);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM prompt_versions WHERE labels LIKE '%production%'"_s).toInt(), 5);
    // Versions follow each other in time: v2's first use comes after v1's first use, and so on.
    const QStringList firsts = db.column(u"SELECT MIN(created_at) FROM ai_outputs WHERE feature='ticket_summary' "
                                         "GROUP BY prompt_version ORDER BY prompt_version"_s);
    QVERIFY(firsts.at(0) < firsts.at(1) && firsts.at(1) < firsts.at(2));
    // v3 visibly beats v2 on end-user feedback.
    const auto negativeRate = [&db](const QString &version) {
        return db.scalar(u"SELECT AVG(IFNULL(feedback, '') = 'negative') FROM ai_outputs WHERE feature='ticket_summary' "
                         "AND status='ok' AND prompt_version='%1'"_s.arg(version)).toDouble();
    };
    QVERIFY(negativeRate(u"v3"_s) < negativeRate(u"v2"_s));
}

void TestDemoLog::jsonOutputs()
{
    Reader db(m_medium);
    int churn = 0, churnBroken = 0;
    for (const QString &out : db.column(u"SELECT output FROM ai_outputs WHERE feature='churn_risk' AND status='ok'"_s)) {
        ++churn;
        churnBroken += isJson(out) ? 0 : 1;
    }
    QVERIFY(churn > 1000);
    QVERIFY2(churnBroken > 0 && churnBroken < churn * 0.04, qPrintable(u"%1 of %2"_s.arg(churnBroken).arg(churn)));
    for (const QString &out : db.column(u"SELECT output FROM ai_outputs WHERE feature='lead_score' AND status='ok'"_s))
        QVERIFY2(isJson(out), qPrintable(out));
    const QString sample = db.scalar(u"SELECT output FROM ai_outputs WHERE feature='churn_risk' AND status='ok' "
                                     "AND output LIKE '{%}' LIMIT 1"_s).toString();
    const QJsonObject object = QJsonDocument::fromJson(sample.toUtf8()).object();
    QVERIFY(object.value(u"risk"_s).isDouble());
    QVERIFY(object.value(u"drivers"_s).isArray());
}

void TestDemoLog::errorsHaveNoOutput()
{
    Reader db(m_medium);
    const double errorRate = db.scalar(u"SELECT AVG(status = 'error') FROM ai_outputs"_s).toDouble();
    QVERIFY2(errorRate > 0.004 && errorRate < 0.03, qPrintable(QString::number(errorRate)));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE status NOT IN ('ok', 'error')"_s).toInt(), 0);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE status='error' AND (output IS NOT NULL OR error IS NULL "
                       "OR output_tokens <> 0 OR feedback IS NOT NULL)"_s).toInt(), 0);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE status='ok' AND (output IS NULL OR error IS NOT NULL)"_s).toInt(), 0);
    QVERIFY(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE error LIKE 'timeout after 30s' AND latency_ms >= 30000"_s).toInt() > 0);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE status='ok' AND (input_tokens <= 0 OR output_tokens <= 0 "
                       "OR latency_ms <= 0 OR cost_usd <= 0)"_s).toInt(), 0);
}

void TestDemoLog::costFollowsTokensAndPrices()
{
    Reader db(m_medium);
    // USD per million: input, cache write, cache read, output (reference/llm-apis.md).
    const QHash<QString, std::array<double, 4>> prices = {
        {u"claude-sonnet-4-5"_s, {3.0, 3.75, 0.30, 15.0}}, {u"claude-haiku-4-5"_s, {1.0, 1.25, 0.10, 5.0}},
        {u"gpt-4o-mini"_s, {0.15, 0.15, 0.075, 0.60}},    {u"gpt-4.1"_s, {2.0, 2.0, 0.50, 8.0}},
        {u"gpt-4.1-mini"_s, {0.40, 0.40, 0.10, 1.60}},     {u"gemini-2.5-flash"_s, {0.30, 0.30, 0.03, 2.50}},
    };
    const auto rows = db.rows(u"SELECT model, input_tokens, cache_write_tokens, cache_read_tokens, output_tokens, cost_usd "
                              "FROM ai_outputs WHERE status='ok'"_s);
    int cached = 0;
    for (const QVariantList &r : rows) {
        QVERIFY2(prices.contains(r.at(0).toString()), qPrintable(r.at(0).toString()));
        const auto &p = prices.value(r.at(0).toString());
        const double expected = (r.at(1).toDouble() * p[0] + r.at(2).toDouble() * p[1] + r.at(3).toDouble() * p[2]
                                 + r.at(4).toDouble() * p[3]) / 1e6;
        QVERIFY(std::abs(expected - r.at(5).toDouble()) < 1e-7);
        cached += r.at(3).toLongLong() > 0 ? 1 : 0;
    }
    QVERIFY(cached > 0);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE cache_write_tokens > 0 AND model NOT LIKE 'claude%'"_s).toInt(), 0);
}

void TestDemoLog::feedbackAndNonAscii()
{
    Reader db(m_medium);
    const QList<QVariantList> rates = db.rows(u"SELECT AVG(IFNULL(feedback, '') = 'positive'), AVG(IFNULL(feedback, '') = 'negative'), "
                                              "AVG(IFNULL(feedback, '') = 'edited'), AVG(feedback IS NULL) FROM ai_outputs"_s);
    const QVariantList &r = rates.first();
    QVERIFY2(r.at(0).toDouble() > 0.05 && r.at(0).toDouble() < 0.12, qPrintable(r.at(0).toString()));
    QVERIFY2(r.at(1).toDouble() > 0.015 && r.at(1).toDouble() < 0.05, qPrintable(r.at(1).toString()));
    QVERIFY2(r.at(2).toDouble() > 0.007 && r.at(2).toDouble() < 0.03, qPrintable(r.at(2).toString()));
    QVERIFY(r.at(3).toDouble() > 0.8);
    for (const QString &needle : {u"é"_s, u"ダッシュボード"_s, u"😩"_s}) {
        QVERIFY2(db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE input LIKE '%%1%' OR output LIKE '%%1%'"_s.arg(needle)).toInt() > 0,
                 qPrintable(needle));
    }
    const int longDocs = db.scalar(u"SELECT COUNT(*) FROM ai_outputs WHERE feature='doc_answer' AND length(output) > 2000"_s).toInt();
    QVERIFY(longDocs > 0);
    const double typical = db.scalar(u"SELECT AVG(length(output)) FROM ai_outputs WHERE length(output) < 100000"_s).toDouble();
    QVERIFY2(typical > 60 && typical < 600, qPrintable(QString::number(typical)));
}

void TestDemoLog::progressAndCancel()
{
    QList<qint64> seen;
    const QString done = path(u"progress.db"_s);
    QVERIFY(writeDemoLog(done, options(25000), [&seen](qint64 n, qint64 total) {
                seen.append(n);
                return total == 25000;
            }).ok());
    QCOMPARE(seen, (QList<qint64>{10000, 20000, 25000}));

    const QString cancelled = path(u"cancelled.db"_s);
    const auto result = writeDemoLog(cancelled, options(25000), [](qint64, qint64) { return false; });
    QVERIFY(!result.ok());
    QCOMPARE(result.error(), u"cancelled"_s);
    QVERIFY(!QFileInfo::exists(cancelled));
    QVERIFY(!QFileInfo::exists(cancelled + u".partial"_s));
    QVERIFY(!QFileInfo::exists(cancelled + u".partial-journal"_s));
}

void TestDemoLog::replacesExistingFile()
{
    const QString target = path(u"existing.db"_s);
    {
        QFile junk(target);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a database");
    }
    QFile stale(target + u"-wal"_s);
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write("stale wal");
    stale.close();
    QVERIFY(writeDemoLog(target, options(500)).ok());
    QVERIFY(!QFileInfo::exists(target + u"-wal"_s));
    Reader db(target);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM ai_outputs"_s).toInt(), 500);
}

void TestDemoLog::unwritablePathFails()
{
    const auto missingDir = writeDemoLog(path(u"no/such/dir/log.db"_s), options(100));
    QVERIFY(!missingDir.ok());
    QVERIFY(!missingDir.error().isEmpty());
    const auto isFolder = writeDemoLog(m_dir.path(), options(100));
    QVERIFY(!isFolder.ok());
    if (QFileInfo(u"/proc/self"_s).isDir()) { // not writable even for root
        const auto procFs = writeDemoLog(u"/proc/assay-demo.db"_s, options(100));
        QVERIFY(!procFs.ok());
        QVERIFY(!procFs.error().isEmpty());
    }
    const auto negative = writeDemoLog(path(u"neg.db"_s), options(-1));
    QVERIFY(!negative.ok());
}

// ASSAY_DEMO_BENCH=1: the 1M-row file the CLI's default run is sized against.
void TestDemoLog::benchmarkMillionRows()
{
    if (qEnvironmentVariableIntValue("ASSAY_DEMO_BENCH") != 1)
        QSKIP("set ASSAY_DEMO_BENCH=1 to time a 1M-row demo log");
    const QString big = path(u"million.db"_s);
    QElapsedTimer timer;
    timer.start();
    const auto result = writeDemoLog(big, options(1'000'000));
    QVERIFY2(result.ok(), qPrintable(result.error()));
    qInfo("1M rows: %lld ms, %lld MB", timer.elapsed(), QFileInfo(big).size() / (1024 * 1024));
}

QTEST_GUILESS_MAIN(TestDemoLog)
#include "tst_demolog.moc"
