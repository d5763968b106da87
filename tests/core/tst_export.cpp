// Export: JSONL keyed by logical field names, RFC 4180 CSV, the terminal table; limits,
// cancellation and write failures.

#include "browse/LogSession.h"
#include "browse/OutputsRepository.h"
#include "export/ExportJob.h"
#include "export/OutputExport.h"
#include "labels/LabelStore.h"
#include "schema/SchemaDetector.h"
#include "source/SourceConnection.h"

#include "TestSupport.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

struct Opened {
    std::unique_ptr<SourceConnection> connection;
    std::unique_ptr<OutputsRepository> repo;
    QString open(const QString &path)
    {
        auto c = SourceConnection::open(test::sqliteSource(path));
        if (!c)
            return c.error();
        connection = std::move(*c);
        auto schema = detectLogSchema(*connection);
        if (!schema)
            return schema.error();
        repo = std::make_unique<OutputsRepository>(*connection, *schema);
        return {};
    }
};

QList<QJsonObject> parseJsonl(const QByteArray &bytes, QString *error)
{
    QList<QJsonObject> out;
    const QList<QByteArray> lines = bytes.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty()) {
            if (i != lines.size() - 1)
                *error = u"empty line %1"_s.arg(i);
            continue;
        }
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = u"line %1 is not a JSON object: %2"_s.arg(i).arg(e.errorString());
            return out;
        }
        out << doc.object();
    }
    return out;
}

// A small RFC 4180 reader: records of fields, quotes doubled inside quoted fields.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            // CRLF ends the record
        } else if (c == u'\n') {
            record << field;
            field.clear();
            records << record;
            record.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formatNames();
    void exportedFieldsFollowTheSchema();
    void recordToJsonShapes();
    void csvFieldQuoting_data();
    void csvFieldQuoting();
    void jsonl();
    void jsonlEpochTimestamps();
    void csv();
    void table();
    void limit();
    void filterAndOrder();
    void progressReportsTotals();
    void cancel();
    void writeFailure();
    void jobUnderReviewerFilter();
    void jobWithoutWorkspaceRefusesLabelFilters();

private:
    QTemporaryDir m_dir;
    QString m_log;
    static constexpr int rowCount = 1200;
};

void TestExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QList<QVariantList> rows = test::TestLog::standardRows(rowCount);
    // id 1200 (newest): output with CSV specials, invalid JSON input, feedback, error.
    rows[1199][3] = u"Dear customer,\nwe said \"no\", sorry.\r\nBye"_s;
    rows[1199][5] = u"{\"ticket\": \"T-1200\", oops"_s;
    rows[1199][8] = u"negative"_s;
    rows[1199][15] = u"error"_s;
    rows[1199][16] = u"upstream 529, overloaded"_s;
    // id 1199: input is a JSON array; NULL output and model.
    rows[1198][5] = u"[1, 2, {\"a\": null}]"_s;
    rows[1198][3] = QVariant();
    rows[1198][4] = QVariant();
    // id 1198: NULL created_at and input.
    rows[1197][2] = QVariant();
    rows[1197][5] = QVariant();
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), rows);
}

void TestExport::formatNames()
{
    QCOMPARE(exportFormatFromName(u"jsonl"), std::optional<ExportFormat>(ExportFormat::Jsonl));
    QCOMPARE(exportFormatFromName(u"json"), std::optional<ExportFormat>(ExportFormat::Jsonl));
    QCOMPARE(exportFormatFromName(u"csv"), std::optional<ExportFormat>(ExportFormat::Csv));
    QCOMPARE(exportFormatFromName(u"table"), std::optional<ExportFormat>(ExportFormat::Table));
    QVERIFY(!exportFormatFromName(u"xml"));
    QVERIFY(!exportFormatFromName(u""));
}

void TestExport::exportedFieldsFollowTheSchema()
{
    LogSchema minimal;
    minimal.table = u"t"_s;
    minimal.idIsRowid = true;
    minimal.columns = {
        {LogField::Output, u"response"_s}, {LogField::CreatedAt, u"ts"_s}, {LogField::Feature, u"use_case"_s}};
    QCOMPARE(exportedFields(minimal),
             (QList<LogField>{LogField::Id, LogField::Feature, LogField::CreatedAt, LogField::Output}));
    minimal.columns.insert(LogField::Cost, u"cost_usd"_s);
    minimal.columns.insert(LogField::Model, u"model_name"_s);
    QCOMPARE(exportedFields(minimal),
             (QList<LogField>{LogField::Id, LogField::Feature, LogField::CreatedAt, LogField::Output, LogField::Model,
                              LogField::Cost}));
}

void TestExport::recordToJsonShapes()
{
    OutputRecord r;
    r.key = qint64(7);
    r.createdAt = QDateTime(QDate(2026, 11, 20), QTime(10, 15, 2), QTimeZone(3600));
    r.values = {{LogField::Id, qint64(7)},
                {LogField::Feature, u"ticket_summary"_s},
                {LogField::CreatedAt, u"2026-11-20T10:15:02+01:00"_s},
                {LogField::Output, u"text"_s},
                {LogField::Input, u"{\"a\": 1, \"b\": [true]}"_s},
                {LogField::InputTokens, qint64(1200)},
                {LogField::Cost, 0.0125},
                {LogField::LatencyMs, u"350"_s}, // text in the log, a number in JSON
                {LogField::Feedback, QVariant()}};
    const QList<LogField> fields{LogField::Id,     LogField::Feature,   LogField::CreatedAt,
                                 LogField::Output, LogField::Input,     LogField::InputTokens,
                                 LogField::Cost,   LogField::LatencyMs, LogField::Feedback};
    const QJsonObject o = recordToJson(r, fields);
    QCOMPARE(o.keys().size(), fields.size());
    QCOMPARE(o.value(u"id"_s), QJsonValue(7));
    QCOMPARE(o.value(u"feature"_s), QJsonValue(u"ticket_summary"_s));
    QCOMPARE(o.value(u"created_at"_s), QJsonValue(u"2026-11-20T09:15:02Z"_s));
    QCOMPARE(o.value(u"input"_s).toObject().value(u"a"_s), QJsonValue(1));
    QVERIFY(o.value(u"input"_s).toObject().value(u"b"_s).isArray());
    QCOMPARE(o.value(u"input_tokens"_s), QJsonValue(1200));
    QCOMPARE(o.value(u"cost"_s).toDouble(), 0.0125);
    QCOMPARE(o.value(u"latency_ms"_s), QJsonValue(350));
    QVERIFY(o.value(u"feedback"_s).isNull());
    QVERIFY(!o.contains(u"model"_s)); // only the fields asked for

    // Invalid JSON input stays a string; a JSON scalar input stays its text.
    r.values[LogField::Input] = u"{\"a\": "_s;
    QCOMPARE(recordToJson(r, {LogField::Input}).value(u"input"_s), QJsonValue(u"{\"a\": "_s));
    r.values[LogField::Input] = u"42"_s;
    QCOMPARE(recordToJson(r, {LogField::Input}).value(u"input"_s), QJsonValue(u"42"_s));
    // Text ids stay text.
    r.key = u"0007"_s;
    r.values[LogField::Id] = u"0007"_s;
    QCOMPARE(recordToJson(r, {LogField::Id}).value(u"id"_s), QJsonValue(u"0007"_s));
    // A created_at that cannot be read is exported as written rather than dropped.
    r.createdAt = QDateTime();
    r.values[LogField::CreatedAt] = u"last tuesday"_s;
    QCOMPARE(recordToJson(r, {LogField::CreatedAt}).value(u"created_at"_s), QJsonValue(u"last tuesday"_s));
}

void TestExport::csvFieldQuoting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"hello world"_s << u"hello world"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("newline") << u"line1\nline2"_s << u"\"line1\nline2\""_s;
    QTest::newRow("carriage return") << u"a\rb"_s << u"\"a\rb\""_s;
    QTest::newRow("only quotes") << u"\"\""_s << u"\"\"\"\"\"\""_s;
    QTest::newRow("apostrophe untouched") << u"it's"_s << u"it's"_s;
}

void TestExport::csvFieldQuoting()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(csvField(text), expected);
}

void TestExport::jsonl()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    auto written = exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, buffer);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(*written, qint64(rowCount));

    QString error;
    const QList<QJsonObject> lines = parseJsonl(buffer.data(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(lines.size(), rowCount);

    // Newest first; every line has exactly the log's fields under their logical names.
    QStringList expectedKeys;
    for (LogField f : exportedFields(o.repo->schema()))
        expectedKeys << logFieldName(f);
    expectedKeys.sort();
    QCOMPARE(expectedKeys.size(), 17);
    for (const QJsonObject &line : lines)
        QCOMPARE(line.keys(), expectedKeys);

    const QJsonObject newest = lines.at(0);
    QCOMPARE(newest.value(u"id"_s), QJsonValue(1200));
    QCOMPARE(newest.value(u"created_at"_s), QJsonValue(u"2026-11-01T00:20:00Z"_s));
    QCOMPARE(newest.value(u"output"_s), QJsonValue(u"Dear customer,\nwe said \"no\", sorry.\r\nBye"_s));
    QCOMPARE(newest.value(u"input"_s), QJsonValue(u"{\"ticket\": \"T-1200\", oops"_s)); // invalid JSON: kept as text
    QCOMPARE(newest.value(u"feedback"_s), QJsonValue(u"negative"_s));
    QCOMPARE(newest.value(u"error"_s), QJsonValue(u"upstream 529, overloaded"_s));

    const QJsonObject second = lines.at(1);
    QCOMPARE(second.value(u"id"_s), QJsonValue(1199));
    QVERIFY(second.value(u"input"_s).isArray());
    QCOMPARE(second.value(u"input"_s).toArray().size(), 3);
    QVERIFY(second.value(u"output"_s).isNull());
    QVERIFY(second.value(u"model"_s).isNull());

    // id 1198 has no created_at: it sorts last when newest first.
    const QJsonObject last = lines.last();
    QCOMPARE(last.value(u"id"_s), QJsonValue(1198));
    QVERIFY(last.value(u"created_at"_s).isNull());
    QVERIFY(last.value(u"input"_s).isNull());

    const QJsonObject plain = lines.at(2); // id 1197
    QCOMPARE(plain.value(u"id"_s), QJsonValue(1197));
    QCOMPARE(plain.value(u"input"_s).toObject().value(u"ticket"_s), QJsonValue(u"T-1197"_s));
    QCOMPARE(plain.value(u"input_tokens"_s), QJsonValue(100 + 1197 % 50));
    QCOMPARE(plain.value(u"cost"_s).toDouble(), 0.001 * (1197 % 7));
    QCOMPARE(plain.value(u"latency_ms"_s), QJsonValue(300 + (1197 * 37) % 900));
    QCOMPARE(plain.value(u"created_at"_s), QJsonValue(u"2026-11-01T00:19:57Z"_s));
}

void TestExport::jsonlEpochTimestamps()
{
    QTemporaryDir dir;
    const QDateTime when(QDate(2026, 11, 20), QTime(9, 15, 2, 345), QTimeZone::utc());
    const QString path = test::TestLog::create(
        dir, {u"id INTEGER PRIMARY KEY"_s, u"task TEXT"_s, u"ts INTEGER"_s, u"completion TEXT"_s},
        {{1, u"f"_s, when.toMSecsSinceEpoch(), u"x"_s}, {2, u"f"_s, when.addSecs(1).toMSecsSinceEpoch(), u"y"_s}});
    Opened o;
    const QString err = o.open(path);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QCOMPARE(o.repo->schema().timestamps.kind, TimestampKind::EpochMillis);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, buffer).ok());
    QString error;
    const auto lines = parseJsonl(buffer.data(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1).value(u"created_at"_s), QJsonValue(u"2026-11-20T09:15:02.345Z"_s));
    QCOMPARE(lines.at(0).value(u"created_at"_s), QJsonValue(u"2026-11-20T09:15:03.345Z"_s));
    // Only the fields this log has.
    QCOMPARE(lines.at(0).keys(), (QStringList{u"created_at"_s, u"feature"_s, u"id"_s, u"output"_s}));
}

void TestExport::csv()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    auto written = exportOutputs(*o.repo, {}, {}, ExportFormat::Csv, buffer, 3);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(*written, qint64(3));
    const QString text = QString::fromUtf8(buffer.data());
    const QList<QStringList> records = parseCsv(text);
    QCOMPARE(records.size(), 4); // header + 3
    QStringList header;
    for (LogField f : exportedFields(o.repo->schema()))
        header << logFieldName(f);
    QCOMPARE(records.at(0), header);
    for (const QStringList &r : records)
        QCOMPARE(r.size(), header.size());
    const auto cell = [&](int record, const QString &name) { return records.at(record).at(header.indexOf(name)); };
    QCOMPARE(cell(1, u"id"_s), u"1200"_s);
    QCOMPARE(cell(1, u"output"_s), u"Dear customer,\nwe said \"no\", sorry.\r\nBye"_s);
    QCOMPARE(cell(1, u"error"_s), u"upstream 529, overloaded"_s);
    QCOMPARE(cell(1, u"created_at"_s), u"2026-11-01T00:20:00Z"_s);
    QCOMPARE(cell(2, u"output"_s), QString()); // NULL is an empty cell
    QCOMPARE(cell(3, u"id"_s), u"1197"_s);
    QCOMPARE(cell(3, u"input"_s), u"{\"ticket\": \"T-1197\"}"_s);
    // Every line ends in CRLF, as RFC 4180 says, the header included; newlines inside a
    // quoted field are the data's own.
    QVERIFY(text.startsWith(header.join(u',') + u"\r\n"_s));
    QVERIFY(text.endsWith(u"\r\n"_s));
}

void TestExport::table()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(exportOutputs(*o.repo, {}, {}, ExportFormat::Table, buffer, 2).ok());
    const QStringList lines = QString::fromUtf8(buffer.data()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3); // header + 2 rows, one line each even with newlines in the output
    QVERIFY(lines.at(0).startsWith(u"id"_s));
    QVERIFY(lines.at(0).contains(u"created_at"_s) && lines.at(0).contains(u"output"_s));
    QVERIFY(!lines.at(0).contains(u"input"_s));
    QVERIFY(lines.at(1).startsWith(u"1200"_s));
    QVERIFY(lines.at(1).contains(u"Dear customer, we said"_s));
}

void TestExport::limit()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    for (qint64 limit : {0, 1, 499, 500, 501, 1200, 5000}) {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        auto written = exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, buffer, limit);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        const qint64 expected = std::min<qint64>(limit, rowCount);
        QCOMPARE(*written, expected);
        QCOMPARE(qint64(buffer.data().count('\n')), expected);
    }
}

void TestExport::filterAndOrder()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    OutputFilter f;
    f.features = {u"classify"_s}; // ids 1, 4, ..., 1198
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    auto written = exportOutputs(*o.repo, f, SortOrder{SortField::CreatedAt, false}, ExportFormat::Jsonl, buffer);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(*written, qint64(400));
    QString error;
    const auto lines = parseJsonl(buffer.data(), &error);
    QCOMPARE(lines.first().value(u"id"_s), QJsonValue(1198)); // NULL created_at first when ascending
    QCOMPARE(lines.at(1).value(u"id"_s), QJsonValue(1));
    QCOMPARE(lines.last().value(u"id"_s), QJsonValue(1195));
    for (const QJsonObject &l : lines)
        QCOMPARE(l.value(u"feature"_s), QJsonValue(u"classify"_s));
}

void TestExport::progressReportsTotals()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QList<ExportProgress> seen;
    auto written =
        exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, buffer, 1100, [&](const ExportProgress &p) { seen << p; });
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(*written, qint64(1100));
    QVERIFY(seen.size() >= 3);
    QCOMPARE(seen.first().written, qint64(0));
    for (const ExportProgress &p : seen)
        QCOMPARE(p.total, qint64(1100)); // the limit caps the total
    QCOMPARE(seen.last().written, qint64(1100));
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen.at(i).written >= seen.at(i - 1).written);
}

void TestExport::cancel()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    {
        std::atomic<bool> cancel{true};
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        auto written = exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, buffer, -1, {}, &cancel);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().contains(u"cancelled after 0 rows"_s), qPrintable(written.error()));
        QCOMPARE(buffer.data().count('\n'), 0);
    }
    {
        // Cancelled from the progress callback once 500 rows are out.
        std::atomic<bool> cancel{false};
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        auto written = exportOutputs(
            *o.repo, {}, {}, ExportFormat::Csv, buffer, -1,
            [&](const ExportProgress &p) {
                if (p.written >= 500)
                    cancel = true;
            },
            &cancel);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().contains(u"cancelled after 500 rows"_s), qPrintable(written.error()));
        QCOMPARE(parseCsv(QString::fromUtf8(buffer.data())).size(), 501); // header + 500
    }
}

void TestExport::writeFailure()
{
    Opened o;
    const QString err = o.open(m_log);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QByteArray bytes;
    QBuffer readOnly(&bytes);
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
    auto written = exportOutputs(*o.repo, {}, {}, ExportFormat::Jsonl, readOnly);
    QVERIFY(!written.ok());
    QVERIFY2(written.error().contains(u"cannot write"_s), qPrintable(written.error()));
}

// File ▸ Export runs an ExportJob: under a Reviewer filter it must read the workspace's labels
// as `assay outputs --reviewer` does, not fail with "no such table".
void TestExport::jobUnderReviewerFilter()
{
    test::ScopedWorkspaceDir wsDir;
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    {
        auto session = LogSession::open(spec);
        QVERIFY2(session.ok(), qPrintable(session.error()));
        QVERIFY((*session)->workspace());
        LabelStore alice(*(*session)->workspace(), u"alice"_s);
        for (const char *key : {"7", "8", "1100"})
            QVERIFY(alice.set({QString::fromLatin1(key), LabelValue::Negative, {}, {}, {}}).ok());
        QVERIFY(LabelStore(*(*session)->workspace(), u"bob"_s).set({u"9"_s, LabelValue::Positive, {}, {}, {}}).ok());
    }
    OutputFilter filter;
    filter.reviewer = u"alice"_s;
    const QString path = m_dir.filePath(u"reviewer.jsonl"_s);
    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    QSignalSpy failed(&job, &ExportJob::failed);
    job.start(spec, filter, {}, ExportFormat::Jsonl, path);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 20000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(finished.first().at(0).toLongLong(), qint64(3));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString error;
    const QList<QJsonObject> rows = parseJsonl(file.readAll(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList ids;
    for (const QJsonObject &row : rows)
        ids << row.value(u"id"_s).toVariant().toString();
    ids.sort();
    QCOMPARE(ids, (QStringList{u"1100"_s, u"7"_s, u"8"_s}));
}

// A workspace that cannot open: the job says why, and writes no file.
void TestExport::jobWithoutWorkspaceRefusesLabelFilters()
{
    SessionSpec spec;
    spec.source = test::sqliteSource(m_log);
    spec.workspace = m_dir.filePath(u"no-such-folder/deeper/ws.sqlite"_s);
    QFile blocker(m_dir.filePath(u"no-such-folder"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
    blocker.close();
    OutputFilter filter;
    filter.tag = u"tone"_s;
    const QString path = m_dir.filePath(u"tagged.csv"_s);
    ExportJob job;
    QSignalSpy finished(&job, &ExportJob::finished);
    QSignalSpy failed(&job, &ExportJob::failed);
    job.start(spec, filter, {}, ExportFormat::Csv, path);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 20000);
    QVERIFY(finished.isEmpty());
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(u"reviewer-label filters read Assay's workspace"_s), qPrintable(message));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
