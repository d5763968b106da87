// Mapping files: what a user writes to name the log table and its columns by hand.

#include "schema/LogMapping.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullMapping();
    void emptyMappingIsEmpty();
    void timestampNames_data();
    void timestampNames();
    void fieldNamesAreCaseInsensitive();
    void rejects_data();
    void rejects();
    void roundTrip();
    void saveAndLoad();
    void loadMissingFile();
    void loadInvalidJson();
    void loadNonObject();
    void loadRejectionNamesTheFile();
    void saveToUnwritablePlace();
};

void TestMapping::fullMapping()
{
    auto m = LogMapping::fromJson(parse(R"({"table": "llm_calls", "schema": "public",
        "columns": {"created_at": "logged", "output": "answer_text", "id": "call_id", "latency_ms": "took"},
        "timestamp": "epoch_ms"})"));
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QCOMPARE(m->table, u"llm_calls"_s);
    QCOMPARE(m->schemaName, u"public"_s);
    QCOMPARE(m->columns.size(), 4);
    QCOMPARE(m->columns.value(LogField::CreatedAt), u"logged"_s);
    QCOMPARE(m->columns.value(LogField::Output), u"answer_text"_s);
    QCOMPARE(m->columns.value(LogField::Id), u"call_id"_s);
    QCOMPARE(m->columns.value(LogField::LatencyMs), u"took"_s);
    QVERIFY(m->timestampKind.has_value());
    QCOMPARE(int(*m->timestampKind), int(TimestampKind::EpochMillis));
    QVERIFY(!m->isEmpty());
}

void TestMapping::emptyMappingIsEmpty()
{
    auto m = LogMapping::fromJson(QJsonObject());
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QVERIFY(m->isEmpty());
    QVERIFY(LogMapping().isEmpty());
    auto onlyTable = LogMapping::fromJson(parse(R"({"table": "x"})"));
    QVERIFY(onlyTable.ok());
    QVERIFY(!onlyTable->isEmpty());
    auto onlyTs = LogMapping::fromJson(parse(R"({"timestamp": "iso"})"));
    QVERIFY(onlyTs.ok());
    QVERIFY(!onlyTs->isEmpty());
}

void TestMapping::timestampNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::newRow("iso") << u"iso"_s << int(TimestampKind::IsoText);
    QTest::newRow("iso8601") << u"iso8601"_s << int(TimestampKind::IsoText);
    QTest::newRow("text") << u"text"_s << int(TimestampKind::IsoText);
    QTest::newRow("sql") << u"sql"_s << int(TimestampKind::SqlTimestamp);
    QTest::newRow("timestamp") << u"timestamp"_s << int(TimestampKind::SqlTimestamp);
    QTest::newRow("epoch_s") << u"epoch_s"_s << int(TimestampKind::EpochSeconds);
    QTest::newRow("epoch_seconds") << u"epoch_seconds"_s << int(TimestampKind::EpochSeconds);
    QTest::newRow("seconds") << u"seconds"_s << int(TimestampKind::EpochSeconds);
    QTest::newRow("epoch_ms") << u"epoch_ms"_s << int(TimestampKind::EpochMillis);
    QTest::newRow("epoch_millis") << u"epoch_millis"_s << int(TimestampKind::EpochMillis);
    QTest::newRow("milliseconds") << u"milliseconds"_s << int(TimestampKind::EpochMillis);
}

void TestMapping::timestampNames()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    QJsonObject o;
    o[u"timestamp"_s] = name;
    auto m = LogMapping::fromJson(o);
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QVERIFY(m->timestampKind);
    QCOMPARE(int(*m->timestampKind), kind);
}

void TestMapping::fieldNamesAreCaseInsensitive()
{
    auto m = LogMapping::fromJson(parse(R"({"columns": {"Created_At": "logged"}})"));
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QCOMPARE(m->columns.value(LogField::CreatedAt), u"logged"_s);
}

void TestMapping::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("mustMention");

    QTest::newRow("unknown key") << QByteArray(R"({"table": "x", "tabel": "y"})")
                                 << QStringList{u"unknown key"_s, u"\"tabel\""_s,
                                                u"table, schema, columns, timestamp"_s};
    QTest::newRow("unknown field") << QByteArray(R"({"columns": {"outptu": "answer"}})")
                                   << QStringList{u"unknown field"_s, u"\"outptu\""_s};
    QTest::newRow("columns not an object")
        << QByteArray(R"({"columns": ["output", "answer"]})") << QStringList{u"\"columns\""_s, u"object"_s};
    QTest::newRow("columns a string") << QByteArray(R"({"columns": "output=answer"})")
                                      << QStringList{u"\"columns\""_s, u"object"_s};
    QTest::newRow("column not a string") << QByteArray(R"({"columns": {"output": 3}})")
                                         << QStringList{u"\"output\""_s, u"non-empty string"_s};
    QTest::newRow("column empty") << QByteArray(R"({"columns": {"output": ""}})")
                                  << QStringList{u"\"output\""_s, u"non-empty string"_s};
    QTest::newRow("column null") << QByteArray(R"({"columns": {"feature": null}})")
                                 << QStringList{u"\"feature\""_s, u"non-empty string"_s};
    QTest::newRow("unknown timestamp") << QByteArray(R"({"timestamp": "unix"})")
                                       << QStringList{u"\"unix\""_s, u"iso, sql, epoch_s or epoch_ms"_s};
    QTest::newRow("timestamp not a string")
        << QByteArray(R"({"timestamp": 1000})") << QStringList{u"timestamp format"_s};
}

void TestMapping::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, mustMention);
    auto m = LogMapping::fromJson(parse(json));
    QVERIFY2(!m.ok(), json.constData());
    for (const QString &part : mustMention)
        QVERIFY2(m.error().contains(part), qPrintable(m.error() + u" lacks "_s + part));
}

void TestMapping::roundTrip()
{
    LogMapping m;
    m.table = u"llm_calls"_s;
    m.schemaName = u"analytics"_s;
    for (LogField f : allLogFields)
        m.columns.insert(f, u"col_"_s + logFieldName(f));
    for (TimestampKind kind : {TimestampKind::IsoText, TimestampKind::SqlTimestamp, TimestampKind::EpochSeconds,
                               TimestampKind::EpochMillis}) {
        m.timestampKind = kind;
        const QJsonObject json = m.toJson();
        auto back = LogMapping::fromJson(json);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->table, m.table);
        QCOMPARE(back->schemaName, m.schemaName);
        QCOMPARE(back->columns, m.columns);
        QVERIFY(back->timestampKind);
        QCOMPARE(int(*back->timestampKind), int(kind));
    }
    // Only what is set is written.
    LogMapping sparse;
    sparse.columns.insert(LogField::Output, u"answer"_s);
    const QJsonObject json = sparse.toJson();
    QCOMPARE(json.keys(), QStringList{u"columns"_s});
    QCOMPARE(json.value(u"columns"_s).toObject().value(u"output"_s).toString(), u"answer"_s);
    QCOMPARE(LogMapping().toJson(), QJsonObject());
}

void TestMapping::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LogMapping m;
    m.table = u"llm calls \"quoted\""_s;
    m.columns.insert(LogField::CreatedAt, u"logged at"_s);
    m.columns.insert(LogField::Feature, u"üse_case"_s);
    m.timestampKind = TimestampKind::EpochSeconds;
    const QString path = dir.filePath(u"mapping.json"_s);
    auto saved = m.save(path);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    auto loaded = LogMapping::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->table, m.table);
    QCOMPARE(loaded->columns, m.columns);
    QCOMPARE(int(*loaded->timestampKind), int(TimestampKind::EpochSeconds));
    QVERIFY(loaded->schemaName.isEmpty());

    // Saving again replaces the file rather than appending to it.
    m.columns.remove(LogField::Feature);
    QVERIFY(m.save(path).ok());
    auto again = LogMapping::load(path);
    QVERIFY2(again.ok(), qPrintable(again.error()));
    QCOMPARE(again->columns.size(), 1);
}

void TestMapping::loadMissingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"nope.json"_s);
    auto m = LogMapping::load(path);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(u"cannot read mapping file"_s) && m.error().contains(path), qPrintable(m.error()));
}

void TestMapping::loadInvalidJson()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"bad.json"_s);
    QVERIFY(writeFile(path, R"({"table": "x",, })"));
    auto m = LogMapping::load(path);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(u"not valid JSON"_s) && m.error().contains(path), qPrintable(m.error()));
    QVERIFY2(m.error().contains(u"offset"_s), qPrintable(m.error()));

    QVERIFY(writeFile(path, ""));
    auto empty = LogMapping::load(path);
    QVERIFY(!empty.ok());
    QVERIFY2(empty.error().contains(path), qPrintable(empty.error()));
}

void TestMapping::loadNonObject()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"array.json"_s);
    QVERIFY(writeFile(path, R"(["table", "x"])"));
    auto m = LogMapping::load(path);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(u"JSON object"_s), qPrintable(m.error()));
}

void TestMapping::loadRejectionNamesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"typo.json"_s);
    QVERIFY(writeFile(path, R"({"columns": {"outptu": "answer"}})"));
    auto m = LogMapping::load(path);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(path) && m.error().contains(u"\"outptu\""_s), qPrintable(m.error()));
}

void TestMapping::saveToUnwritablePlace()
{
    QTemporaryDir dir;
    // A path under a regular file cannot be created.
    const QString blocker = dir.filePath(u"file"_s);
    QVERIFY(writeFile(blocker, "x"));
    LogMapping m;
    m.table = u"t"_s;
    auto saved = m.save(blocker + u"/mapping.json"_s);
    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().contains(u"cannot write"_s), qPrintable(saved.error()));
}

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
