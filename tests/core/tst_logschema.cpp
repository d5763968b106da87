// Schema detection: which table is the log, which column is which logical field, and the
// plain errors when it cannot tell.

#include "schema/LogField.h"
#include "schema/LogSchema.h"
#include "schema/SchemaDetector.h"
#include "source/SourceConnection.h"

#include "TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

Q_DECLARE_METATYPE(assay::SqlDialect)
Q_DECLARE_METATYPE(assay::TimestampKind)

namespace {

TableInfo table(const QString &name, const QStringList &columns, bool isView = false, const QString &schemaName = {})
{
    TableInfo t;
    t.schemaName = schemaName;
    t.table = name;
    t.isView = isView;
    for (const QString &c : columns) {
        const QString colName = c.section(u' ', 0, 0);
        const QString type = c.section(u' ', 1);
        t.columns.append(ColumnInfo{colName, type.isEmpty() ? u"TEXT"_s : type});
    }
    return t;
}

const QStringList minimalColumns{u"id INTEGER"_s, u"feature"_s, u"created_at"_s, u"output"_s};

} // namespace

class TestLogSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldNamesRoundTrip();
    void requiredFields();
    void synonyms_data();
    void synonyms();
    void columnMatchIsCaseInsensitive();
    void prefersAiOutputs();
    void picksBestMatchWithoutAiOutputs();
    void noTables();
    void noLogTable();
    void rowidFallbackForSqliteTables();
    void viewsNeedAnId();
    void postgresTablesNeedAnId();
    void missingRequiredField_data();
    void missingRequiredField();
    void idTypes_data();
    void idTypes();
    void oneColumnStandsForOneField();
    void mappingOverridesSynonyms();
    void mappingChoosesTable();
    void mappingSchemaMustMatch();
    void mappingNamesAbsentTable();
    void mappingNamesAbsentColumn();
    void mappingTimestampKind();
    void postgresTimestampType();
    void quoting();
    void disabledCapabilities();
    void detectOnRealSqlite_data();
    void detectOnRealSqlite();
    void detectWithMappingOnRealSqlite();
    void listTablesSeesViews();
};

void TestLogSchema::fieldNamesRoundTrip()
{
    QSet<QString> names;
    for (LogField f : allLogFields) {
        const QString name = logFieldName(f);
        QVERIFY2(!name.isEmpty(), qPrintable(QString::number(int(f))));
        QCOMPARE(logFieldFromName(name), std::optional<LogField>(f));
        QCOMPARE(logFieldFromName(name.toUpper()), std::optional<LogField>(f));
        QVERIFY(!logFieldSynonyms(f).isEmpty());
        names.insert(name);
    }
    QCOMPARE(names.size(), qsizetype(allLogFields.size()));
    QCOMPARE(logFieldName(LogField::CreatedAt), u"created_at"_s);
    QCOMPARE(logFieldName(LogField::LatencyMs), u"latency_ms"_s);
    QCOMPARE(logFieldName(LogField::CacheWriteTokens), u"cache_write_tokens"_s);
    QVERIFY(!logFieldFromName(u"createdat"));
    QVERIFY(!logFieldFromName(u""));
}

void TestLogSchema::requiredFields()
{
    QStringList required;
    for (LogField f : allLogFields) {
        if (isRequiredLogField(f))
            required << logFieldName(f);
    }
    QCOMPARE(required, (QStringList{u"id"_s, u"feature"_s, u"created_at"_s, u"output"_s}));
    QVERIFY(isNumericLogField(LogField::Cost));
    QVERIFY(isNumericLogField(LogField::OutputTokens));
    QVERIFY(!isNumericLogField(LogField::CreatedAt));
    QVERIFY(!isNumericLogField(LogField::Id));
}

void TestLogSchema::synonyms_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QStringList>("expected"); // "field=column"

    QTest::newRow("canonical names") << QStringList{u"id INTEGER"_s,
                                                    u"feature"_s,
                                                    u"created_at"_s,
                                                    u"output"_s,
                                                    u"model"_s,
                                                    u"input"_s,
                                                    u"input_hash"_s,
                                                    u"user_id"_s,
                                                    u"session_id"_s,
                                                    u"feedback"_s,
                                                    u"prompt_name"_s,
                                                    u"prompt_version"_s,
                                                    u"input_tokens"_s,
                                                    u"output_tokens"_s,
                                                    u"cache_read_tokens"_s,
                                                    u"cache_write_tokens"_s,
                                                    u"cost"_s,
                                                    u"latency_ms"_s,
                                                    u"status"_s,
                                                    u"error"_s}
                                     << QStringList{u"id=id"_s,
                                                    u"feature=feature"_s,
                                                    u"created_at=created_at"_s,
                                                    u"output=output"_s,
                                                    u"model=model"_s,
                                                    u"input=input"_s,
                                                    u"input_hash=input_hash"_s,
                                                    u"user_id=user_id"_s,
                                                    u"session_id=session_id"_s,
                                                    u"feedback=feedback"_s,
                                                    u"prompt_name=prompt_name"_s,
                                                    u"prompt_version=prompt_version"_s,
                                                    u"input_tokens=input_tokens"_s,
                                                    u"output_tokens=output_tokens"_s,
                                                    u"cache_read_tokens=cache_read_tokens"_s,
                                                    u"cache_write_tokens=cache_write_tokens"_s,
                                                    u"cost=cost"_s,
                                                    u"latency_ms=latency_ms"_s,
                                                    u"status=status"_s,
                                                    u"error=error"_s};
    QTest::newRow("use_case ts response completion_tokens")
        << QStringList{u"output_id INTEGER"_s, u"use_case"_s,      u"ts"_s,          u"response"_s,
                       u"completion_tokens"_s, u"prompt_tokens"_s, u"duration_ms"_s, u"user_feedback"_s,
                       u"model_name"_s,        u"input_data"_s}
        << QStringList{u"id=output_id"_s,
                       u"feature=use_case"_s,
                       u"created_at=ts"_s,
                       u"output=response"_s,
                       u"output_tokens=completion_tokens"_s,
                       u"input_tokens=prompt_tokens"_s,
                       u"latency_ms=duration_ms"_s,
                       u"feedback=user_feedback"_s,
                       u"model=model_name"_s,
                       u"input=input_data"_s};
    QTest::newRow("task timestamp completion") << QStringList{u"uuid TEXT"_s,
                                                              u"task"_s,
                                                              u"timestamp"_s,
                                                              u"completion"_s,
                                                              u"tokens_in"_s,
                                                              u"tokens_out"_s,
                                                              u"cost_usd"_s,
                                                              u"latency"_s,
                                                              u"variables"_s,
                                                              u"prompt"_s,
                                                              u"version"_s,
                                                              u"cache_read_input_tokens"_s,
                                                              u"cache_creation_input_tokens"_s}
                                               << QStringList{u"id=uuid"_s,
                                                              u"feature=task"_s,
                                                              u"created_at=timestamp"_s,
                                                              u"output=completion"_s,
                                                              u"input_tokens=tokens_in"_s,
                                                              u"output_tokens=tokens_out"_s,
                                                              u"cost=cost_usd"_s,
                                                              u"latency_ms=latency"_s,
                                                              u"input=variables"_s,
                                                              u"prompt_name=prompt"_s,
                                                              u"prompt_version=version"_s,
                                                              u"cache_read_tokens=cache_read_input_tokens"_s,
                                                              u"cache_write_tokens=cache_creation_input_tokens"_s};
    QTest::newRow("created logged_at output_text inputs")
        << QStringList{u"id INTEGER"_s, u"feature"_s,   u"created"_s,      u"output_text"_s,
                       u"inputs"_s,     u"prompt_id"_s, u"cached_tokens"_s}
        << QStringList{u"id=id"_s,
                       u"feature=feature"_s,
                       u"created_at=created"_s,
                       u"output=output_text"_s,
                       u"input=inputs"_s,
                       u"prompt_name=prompt_id"_s,
                       u"cache_read_tokens=cached_tokens"_s};
    QTest::newRow("logged_at input_json prompt_variables")
        << QStringList{u"id INTEGER"_s, u"feature"_s, u"logged_at"_s, u"output"_s, u"input_json"_s}
        << QStringList{u"id=id"_s, u"feature=feature"_s, u"created_at=logged_at"_s, u"output=output"_s,
                       u"input=input_json"_s};
    QTest::newRow("most likely synonym wins")
        << QStringList{u"id INTEGER"_s, u"task"_s,   u"feature"_s,          u"ts"_s,   u"created_at"_s,
                       u"completion"_s, u"output"_s, u"prompt_variables"_s, u"input"_s}
        << QStringList{u"id=id"_s, u"feature=feature"_s, u"created_at=created_at"_s, u"output=output"_s,
                       u"input=input"_s};
}

void TestLogSchema::synonyms()
{
    QFETCH(QStringList, columns);
    QFETCH(QStringList, expected);
    auto schema = mapLogSchema({table(u"ai_outputs"_s, columns)}, SqlDialect::SQLite, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QStringList mapped;
    for (LogField f : allLogFields) {
        if (schema->columns.contains(f))
            mapped << logFieldName(f) + u'=' + schema->column(f);
    }
    QStringList sortedExpected = expected;
    std::sort(sortedExpected.begin(), sortedExpected.end());
    std::sort(mapped.begin(), mapped.end());
    QCOMPARE(mapped, sortedExpected);
    QVERIFY(!schema->idIsRowid);
    QCOMPARE(schema->table, u"ai_outputs"_s);
    QCOMPARE(schema->dialect, SqlDialect::SQLite);
}

void TestLogSchema::columnMatchIsCaseInsensitive()
{
    auto schema = mapLogSchema({table(u"AI_Outputs"_s, {u"ID INTEGER"_s, u"Feature"_s, u"Created_At"_s, u"OUTPUT"_s})},
                               SqlDialect::SQLite, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    // The column keeps its real spelling: it is quoted in SQL, and quoted names are exact.
    QCOMPARE(schema->column(LogField::CreatedAt), u"Created_At"_s);
    QCOMPARE(schema->column(LogField::Output), u"OUTPUT"_s);
    QCOMPARE(schema->expr(LogField::Id), u"\"ID\""_s);
    QCOMPARE(schema->table, u"AI_Outputs"_s);
}

void TestLogSchema::prefersAiOutputs()
{
    // The other table matches more fields, but a table called ai_outputs is the log.
    const QList<TableInfo> tables{
        table(u"llm_calls"_s,
              {u"id INTEGER"_s, u"feature"_s, u"created_at"_s, u"output"_s, u"model"_s, u"input"_s, u"cost"_s,
               u"latency_ms"_s, u"status"_s, u"error"_s, u"user_id"_s}),
        table(u"ai_outputs"_s, minimalColumns),
        table(u"users"_s, {u"id INTEGER"_s, u"name"_s}),
    };
    auto schema = mapLogSchema(tables, SqlDialect::SQLite, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->table, u"ai_outputs"_s);
    QVERIFY(!schema->has(LogField::Model));
}

void TestLogSchema::picksBestMatchWithoutAiOutputs()
{
    const QList<TableInfo> tables{
        table(u"users"_s, {u"id INTEGER"_s, u"name"_s, u"created_at"_s}),
        table(u"llm_calls"_s, {u"call_id INTEGER"_s, u"task"_s, u"created"_s, u"completion"_s, u"model"_s}),
        table(u"audit"_s, {u"id INTEGER"_s, u"created_at"_s, u"status"_s, u"error"_s}),
    };
    auto schema = mapLogSchema(tables, SqlDialect::SQLite, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->table, u"llm_calls"_s);
    QVERIFY(schema->idIsRowid); // "call_id" is not a synonym of id
    QCOMPARE(schema->column(LogField::Feature), u"task"_s);
    QCOMPARE(schema->column(LogField::Model), u"model"_s);
}

void TestLogSchema::noTables()
{
    auto schema = mapLogSchema({}, SqlDialect::SQLite, {});
    QVERIFY(!schema.ok());
    QVERIFY2(schema.error().contains(u"no tables"_s), qPrintable(schema.error()));
}

void TestLogSchema::noLogTable()
{
    const QList<TableInfo> tables{
        table(u"users"_s, {u"id INTEGER"_s, u"name"_s, u"email"_s}),
        table(u"orders"_s, {u"id INTEGER"_s, u"total"_s, u"status"_s}),
    };
    auto schema = mapLogSchema(tables, SqlDialect::SQLite, {});
    QVERIFY(!schema.ok());
    QVERIFY2(schema.error().contains(u"no AI output log found"_s), qPrintable(schema.error()));
    QVERIFY2(schema.error().contains(u"users"_s) && schema.error().contains(u"orders"_s), qPrintable(schema.error()));
    QVERIFY2(schema.error().contains(u"--mapping"_s), qPrintable(schema.error()));
}

void TestLogSchema::rowidFallbackForSqliteTables()
{
    auto schema =
        mapLogSchema({table(u"ai_outputs"_s, {u"feature"_s, u"ts INTEGER"_s, u"response"_s})}, SqlDialect::SQLite, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QVERIFY(schema->idIsRowid);
    QVERIFY(schema->idIsInteger);
    QVERIFY(schema->has(LogField::Id));
    QVERIFY(!schema->columns.contains(LogField::Id));
    QCOMPARE(schema->expr(LogField::Id), u"rowid"_s);
}

void TestLogSchema::viewsNeedAnId()
{
    auto schema =
        mapLogSchema({table(u"ai_outputs"_s, {u"feature"_s, u"ts"_s, u"response"_s}, true)}, SqlDialect::SQLite, {});
    QVERIFY(!schema.ok());
    const QString e = schema.error();
    QVERIFY2(e.contains(u"ai_outputs"_s) && e.contains(u"for id"_s), qPrintable(e));
    QVERIFY2(e.contains(u"id, output_id, uuid"_s), qPrintable(e));

    // With an id column the same view is fine.
    auto withId = mapLogSchema({table(u"ai_outputs"_s, {u"uuid TEXT"_s, u"feature"_s, u"ts"_s, u"response"_s}, true)},
                               SqlDialect::SQLite, {});
    QVERIFY2(withId.ok(), qPrintable(withId.error()));
    QVERIFY(!withId->idIsRowid);
    QVERIFY(!withId->idIsInteger);
}

void TestLogSchema::postgresTablesNeedAnId()
{
    auto schema =
        mapLogSchema({table(u"ai_outputs"_s, {u"feature"_s, u"created_at"_s, u"output"_s}, false, u"public"_s)},
                     SqlDialect::PostgreSQL, {});
    QVERIFY(!schema.ok());
    QVERIFY2(schema.error().contains(u"no column for id"_s), qPrintable(schema.error()));
}

void TestLogSchema::missingRequiredField_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("synonyms");
    QTest::newRow("feature") << QStringList{u"id INTEGER"_s, u"created_at"_s, u"output"_s, u"model"_s} << u"feature"_s
                             << u"feature, use_case, task"_s;
    QTest::newRow("created_at") << QStringList{u"id INTEGER"_s, u"feature"_s, u"output"_s, u"model"_s}
                                << u"created_at"_s << u"created_at, created, timestamp, ts, logged_at"_s;
    QTest::newRow("output") << QStringList{u"id INTEGER"_s, u"feature"_s, u"created_at"_s, u"model"_s} << u"output"_s
                            << u"output, response, completion, output_text"_s;
}

void TestLogSchema::missingRequiredField()
{
    QFETCH(QStringList, columns);
    QFETCH(QString, field);
    QFETCH(QString, synonyms);
    auto schema = mapLogSchema({table(u"ai_outputs"_s, columns)}, SqlDialect::SQLite, {});
    QVERIFY(!schema.ok());
    const QString e = schema.error();
    QVERIFY2(e.contains(u"no column for "_s + field + u' '), qPrintable(e));
    QVERIFY2(e.contains(synonyms), qPrintable(e));
    QVERIFY2(e.contains(u"\"ai_outputs\""_s), qPrintable(e));
    QVERIFY2(e.contains(u"--mapping"_s), qPrintable(e));
}

void TestLogSchema::idTypes_data()
{
    QTest::addColumn<QString>("idColumn");
    QTest::addColumn<SqlDialect>("dialect");
    QTest::addColumn<bool>("integer");
    QTest::newRow("sqlite INTEGER") << u"id INTEGER"_s << SqlDialect::SQLite << true;
    QTest::newRow("sqlite BIGINT") << u"id BIGINT"_s << SqlDialect::SQLite << true;
    QTest::newRow("sqlite TEXT") << u"id TEXT"_s << SqlDialect::SQLite << false;
    QTest::newRow("pg bigint") << u"id bigint"_s << SqlDialect::PostgreSQL << true;
    QTest::newRow("pg uuid") << u"uuid uuid"_s << SqlDialect::PostgreSQL << false;
    QTest::newRow("pg character varying") << u"output_id character varying"_s << SqlDialect::PostgreSQL << false;
}

void TestLogSchema::idTypes()
{
    QFETCH(QString, idColumn);
    QFETCH(SqlDialect, dialect);
    QFETCH(bool, integer);
    auto schema =
        mapLogSchema({table(u"ai_outputs"_s, {idColumn, u"feature"_s, u"created_at"_s, u"output"_s})}, dialect, {});
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->idIsInteger, integer);
    QVERIFY(!schema->idIsRowid);
}

void TestLogSchema::oneColumnStandsForOneField()
{
    // The mapping says the feature lives in "model"; the model field must not also claim it.
    LogMapping mapping;
    mapping.columns.insert(LogField::Feature, u"model"_s);
    auto schema = mapLogSchema({table(u"ai_outputs"_s, {u"id INTEGER"_s, u"model"_s, u"ts"_s, u"output"_s})},
                               SqlDialect::SQLite, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->column(LogField::Feature), u"model"_s);
    QVERIFY(!schema->has(LogField::Model));
}

void TestLogSchema::mappingOverridesSynonyms()
{
    LogMapping mapping;
    mapping.columns.insert(LogField::CreatedAt, u"logged"_s);
    mapping.columns.insert(LogField::Output, u"answer_text"_s);
    mapping.columns.insert(LogField::Id, u"call_id"_s);
    auto schema = mapLogSchema({table(u"ai_outputs"_s,
                                      {u"call_id INTEGER"_s, u"id INTEGER"_s, u"feature"_s, u"created_at"_s,
                                       u"logged"_s, u"output"_s, u"answer_text"_s})},
                               SqlDialect::SQLite, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->column(LogField::CreatedAt), u"logged"_s);
    QCOMPARE(schema->column(LogField::Output), u"answer_text"_s);
    QCOMPARE(schema->column(LogField::Id), u"call_id"_s);
    QCOMPARE(schema->column(LogField::Feature), u"feature"_s); // left out of the mapping: detected
    QVERIFY(!schema->idIsRowid);

    // A mapping column matches case-insensitively and keeps the table's spelling.
    LogMapping upper;
    upper.columns.insert(LogField::Output, u"ANSWER_TEXT"_s);
    auto s2 = mapLogSchema({table(u"ai_outputs"_s, {u"id INTEGER"_s, u"feature"_s, u"ts"_s, u"Answer_Text"_s})},
                           SqlDialect::SQLite, upper);
    QVERIFY2(s2.ok(), qPrintable(s2.error()));
    QCOMPARE(s2->column(LogField::Output), u"Answer_Text"_s);
}

void TestLogSchema::mappingChoosesTable()
{
    LogMapping mapping;
    mapping.table = u"llm_calls"_s;
    const QList<TableInfo> tables{table(u"ai_outputs"_s, minimalColumns),
                                  table(u"llm_calls"_s, {u"id INTEGER"_s, u"task"_s, u"ts"_s, u"completion"_s})};
    auto schema = mapLogSchema(tables, SqlDialect::SQLite, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->table, u"llm_calls"_s);
    QCOMPARE(schema->column(LogField::Output), u"completion"_s);

    // Even a table that matches nothing by name can be chosen, as long as its fields are mapped.
    LogMapping odd;
    odd.table = u"Events"_s;
    odd.columns = {{LogField::Feature, u"kind"_s}, {LogField::CreatedAt, u"at"_s}, {LogField::Output, u"body"_s}};
    auto s2 =
        mapLogSchema({table(u"ai_outputs"_s, minimalColumns), table(u"events"_s, {u"kind"_s, u"at"_s, u"body"_s})},
                     SqlDialect::SQLite, odd);
    QVERIFY2(s2.ok(), qPrintable(s2.error()));
    QCOMPARE(s2->table, u"events"_s);
    QVERIFY(s2->idIsRowid);
}

void TestLogSchema::mappingSchemaMustMatch()
{
    const QList<TableInfo> tables{
        table(u"ai_outputs"_s, minimalColumns, false, u"public"_s),
        table(u"ai_outputs"_s, minimalColumns + QStringList{u"model"_s}, false, u"analytics"_s)};
    LogMapping mapping;
    mapping.table = u"ai_outputs"_s;
    mapping.schemaName = u"analytics"_s;
    auto schema = mapLogSchema(tables, SqlDialect::PostgreSQL, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->schemaName, u"analytics"_s);
    QVERIFY(schema->has(LogField::Model));
    QCOMPARE(schema->qualifiedTable(), u"\"analytics\".\"ai_outputs\""_s);

    mapping.schemaName = u"nowhere"_s;
    auto missing = mapLogSchema(tables, SqlDialect::PostgreSQL, mapping);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(u"ai_outputs"_s), qPrintable(missing.error()));
}

void TestLogSchema::mappingNamesAbsentTable()
{
    LogMapping mapping;
    mapping.table = u"llm_calls"_s;
    auto schema = mapLogSchema({table(u"ai_outputs"_s, minimalColumns)}, SqlDialect::SQLite, mapping);
    QVERIFY(!schema.ok());
    QVERIFY2(schema.error().contains(u"\"llm_calls\""_s), qPrintable(schema.error()));
    QVERIFY2(schema.error().contains(u"does not have"_s), qPrintable(schema.error()));
}

void TestLogSchema::mappingNamesAbsentColumn()
{
    LogMapping mapping;
    mapping.columns.insert(LogField::Output, u"answer_text"_s);
    auto schema = mapLogSchema({table(u"ai_outputs"_s, minimalColumns)}, SqlDialect::SQLite, mapping);
    QVERIFY(!schema.ok());
    const QString e = schema.error();
    QVERIFY2(e.contains(u"output"_s) && e.contains(u"\"answer_text\""_s) && e.contains(u"\"ai_outputs\""_s),
             qPrintable(e));

    // An optional field mapped to a missing column is an error too, not silently dropped.
    LogMapping optional;
    optional.columns.insert(LogField::Cost, u"price"_s);
    auto s2 = mapLogSchema({table(u"ai_outputs"_s, minimalColumns)}, SqlDialect::SQLite, optional);
    QVERIFY(!s2.ok());
    QVERIFY2(s2.error().contains(u"cost"_s) && s2.error().contains(u"\"price\""_s), qPrintable(s2.error()));
}

void TestLogSchema::mappingTimestampKind()
{
    LogMapping mapping;
    mapping.timestampKind = TimestampKind::EpochMillis;
    auto schema = mapLogSchema({table(u"ai_outputs"_s, minimalColumns)}, SqlDialect::SQLite, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->timestamps.kind, TimestampKind::EpochMillis);
}

void TestLogSchema::postgresTimestampType()
{
    for (const QString &type : {u"timestamp with time zone"_s, u"timestamp without time zone"_s, u"date"_s}) {
        auto schema = mapLogSchema(
            {table(u"ai_outputs"_s, {u"id bigint"_s, u"feature text"_s, u"created_at "_s + type, u"output text"_s},
                   false, u"public"_s)},
            SqlDialect::PostgreSQL, {});
        QVERIFY2(schema.ok(), qPrintable(schema.error()));
        QCOMPARE(schema->timestamps.kind, TimestampKind::SqlTimestamp);
    }
    auto text = mapLogSchema(
        {table(u"ai_outputs"_s, {u"id bigint"_s, u"feature text"_s, u"created_at text"_s, u"output text"_s}, false,
               u"public"_s)},
        SqlDialect::PostgreSQL, {});
    QVERIFY2(text.ok(), qPrintable(text.error()));
    QCOMPARE(text->timestamps.kind, TimestampKind::IsoText);
}

void TestLogSchema::quoting()
{
    QCOMPARE(LogSchema::quoteIdentifier(u"plain"_s), u"\"plain\""_s);
    QCOMPARE(LogSchema::quoteIdentifier(u"we\"ird"_s), u"\"we\"\"ird\""_s);
    QCOMPARE(LogSchema::quoteIdentifier(u"a b; DROP TABLE x"_s), u"\"a b; DROP TABLE x\""_s);
    LogSchema s;
    s.table = u"ai_outputs"_s;
    QCOMPARE(s.qualifiedTable(), u"\"ai_outputs\""_s);
    s.schemaName = u"public"_s;
    QCOMPARE(s.qualifiedTable(), u"\"public\".\"ai_outputs\""_s);
}

void TestLogSchema::disabledCapabilities()
{
    auto minimal =
        mapLogSchema({table(u"ai_outputs"_s, minimalColumns + QStringList{u"input_hash"_s})}, SqlDialect::SQLite, {});
    QVERIFY2(minimal.ok(), qPrintable(minimal.error()));
    const QStringList disabled = minimal->disabledCapabilities();
    QVERIFY2(disabled.contains(u"replay needs the logged input variables; this log has only input_hash"_s),
             qPrintable(disabled.join(u" | "_s)));
    QVERIFY(disabled.size() >= 8);

    auto full = mapLogSchema(
        {table(u"ai_outputs"_s,
               {u"id INTEGER"_s, u"feature"_s, u"created_at"_s, u"output"_s, u"model"_s, u"input"_s, u"user_id"_s,
                u"session_id"_s, u"feedback"_s, u"prompt_name"_s, u"input_tokens"_s, u"latency_ms"_s, u"status"_s})},
        SqlDialect::SQLite, {});
    QVERIFY2(full.ok(), qPrintable(full.error()));
    QCOMPARE(full->disabledCapabilities(), QStringList());
}

void TestLogSchema::detectOnRealSqlite_data()
{
    QTest::addColumn<QString>("createdAtType");
    QTest::addColumn<QVariantList>("values");
    QTest::addColumn<TimestampKind>("kind");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<bool>("zoned");

    QTest::newRow("iso T Z") << u"TEXT"_s
                             << QVariantList{u"2026-11-20T09:15:02Z"_s, u"2026-11-20T09:16:02Z"_s, QVariant()}
                             << TimestampKind::IsoText << QChar(u'T') << true;
    QTest::newRow("sql text, no zone") << u"TEXT"_s
                                       << QVariantList{u"2026-11-20 09:15:02.123456"_s, u"2026-11-20 09:16:02"_s}
                                       << TimestampKind::IsoText << QChar(u' ') << false;
    QTest::newRow("epoch seconds") << u"INTEGER"_s << QVariantList{qint64(1763630102), qint64(1763630162)}
                                   << TimestampKind::EpochSeconds << QChar(u'T') << false;
    QTest::newRow("epoch seconds real") << u"REAL"_s << QVariantList{1763630102.25, 1763630162.5}
                                        << TimestampKind::EpochSeconds << QChar(u'T') << false;
    QTest::newRow("epoch ms") << u"INTEGER"_s << QVariantList{qint64(1763630102123), qint64(1763630162000)}
                              << TimestampKind::EpochMillis << QChar(u'T') << false;
    QTest::newRow("epoch seconds as text") << u"TEXT"_s << QVariantList{u"1763630102"_s, u"1763630162"_s}
                                           << TimestampKind::EpochSeconds << QChar(u'T') << false;
}

void TestLogSchema::detectOnRealSqlite()
{
    QFETCH(QString, createdAtType);
    QFETCH(QVariantList, values);
    QFETCH(TimestampKind, kind);
    QFETCH(QChar, separator);
    QFETCH(bool, zoned);

    QTemporaryDir dir;
    QList<QVariantList> rows;
    for (int i = 0; i < values.size(); ++i)
        rows << QVariantList{i + 1, u"summarize"_s, values.at(i), u"text"_s};
    const QString path = test::TestLog::create(
        dir, {u"id INTEGER PRIMARY KEY"_s, u"use_case TEXT"_s, u"ts "_s + createdAtType, u"response TEXT"_s}, rows,
        {u"ai_outputs"_s, u"log.sqlite"_s, false, {u"CREATE TABLE users (id INTEGER, name TEXT)"_s}});

    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY2(conn.ok(), qPrintable(conn.error()));
    auto schema = detectLogSchema(**conn);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->table, u"ai_outputs"_s);
    QCOMPARE(schema->column(LogField::Feature), u"use_case"_s);
    QCOMPARE(schema->column(LogField::CreatedAt), u"ts"_s);
    QCOMPARE(schema->column(LogField::Output), u"response"_s);
    QCOMPARE(schema->timestamps.kind, kind);
    if (kind == TimestampKind::IsoText) {
        QCOMPARE(schema->timestamps.separator, separator);
        QCOMPARE(schema->timestamps.hasZoneSuffix, zoned);
    }
}

void TestLogSchema::detectWithMappingOnRealSqlite()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(
        dir, {u"call_id INTEGER PRIMARY KEY"_s, u"kind TEXT"_s, u"logged INTEGER"_s, u"answer_text TEXT"_s},
        {{1, u"a"_s, qint64(1763630102), u"x"_s}}, {u"llm_calls"_s, u"log.sqlite"_s, false, {}});
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY2(conn.ok(), qPrintable(conn.error()));

    auto unmapped = detectLogSchema(**conn);
    QVERIFY(!unmapped.ok());
    QVERIFY2(unmapped.error().contains(u"llm_calls"_s), qPrintable(unmapped.error()));

    LogMapping mapping;
    mapping.table = u"llm_calls"_s;
    mapping.columns = {{LogField::Id, u"call_id"_s},
                       {LogField::Feature, u"kind"_s},
                       {LogField::CreatedAt, u"logged"_s},
                       {LogField::Output, u"answer_text"_s}};
    mapping.timestampKind = TimestampKind::EpochMillis; // wrong on purpose: the mapping wins over sampling
    auto schema = detectLogSchema(**conn, mapping);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->table, u"llm_calls"_s);
    QCOMPARE(schema->expr(LogField::Id), u"\"call_id\""_s);
    QCOMPARE(schema->timestamps.kind, TimestampKind::EpochMillis);

    mapping.timestampKind.reset();
    auto sampled = detectLogSchema(**conn, mapping);
    QVERIFY2(sampled.ok(), qPrintable(sampled.error()));
    QCOMPARE(sampled->timestamps.kind, TimestampKind::EpochSeconds);
}

void TestLogSchema::listTablesSeesViews()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(
        dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s}, {},
        {u"raw_log"_s,
         u"log.sqlite"_s,
         false,
         {u"CREATE VIEW ai_outputs AS SELECT feature, created_at, output FROM raw_log"_s,
          u"CREATE TABLE \"it's odd\" (x INTEGER)"_s}});
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY2(conn.ok(), qPrintable(conn.error()));
    auto tables = listTables(**conn);
    QVERIFY2(tables.ok(), qPrintable(tables.error()));
    QCOMPARE(tables->size(), 3);
    const auto find = [&](const QString &name) -> const TableInfo * {
        for (const auto &t : *tables) {
            if (t.table == name)
                return &t;
        }
        return nullptr;
    };
    QVERIFY(find(u"ai_outputs"_s) && find(u"ai_outputs"_s)->isView);
    QVERIFY(find(u"raw_log"_s) && !find(u"raw_log"_s)->isView);
    QVERIFY(find(u"it's odd"_s));
    QCOMPARE(find(u"it's odd"_s)->columns.size(), 1);
    QCOMPARE(find(u"raw_log"_s)->columns.at(0).name, u"id"_s);
    QCOMPARE(find(u"raw_log"_s)->columns.at(0).type, u"INTEGER"_s);

    // The view is preferred by name but has no id: a clear error, not a rowid guess.
    auto schema = detectLogSchema(**conn);
    QVERIFY(!schema.ok());
    QVERIFY2(schema.error().contains(u"for id"_s), qPrintable(schema.error()));
}

QTEST_GUILESS_MAIN(TestLogSchema)
#include "tst_logschema.moc"
