// Prompt registries kept in a table of the source: read from the demo log's prompt_versions
// through the read-only connection, columns found by synonyms, the right table picked (never
// the log), clear errors, natural version order, and saving a new version through a separate
// writable connection that never overwrites.

#include "prompts/PromptRegistry.h"
#include "prompts/TablePromptRegistry.h"

#include "demo/DemoCatalog.h"
#include "demo/DemoLogGenerator.h"
#include "source/SourceConnection.h"

#include "TestSupport.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

TableInfo table(const QString &name, const QStringList &columns)
{
    TableInfo t;
    t.table = name;
    for (const QString &c : columns)
        t.columns.append(ColumnInfo{c, u"TEXT"_s});
    return t;
}

QStringList versionsOf(const QList<PromptVersion> &all, const QString &name)
{
    QStringList out;
    for (const PromptVersion &v : all) {
        if (v.name == name)
            out << v.version;
    }
    return out;
}

} // namespace

class TestPromptRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void demoRegistryLoads();
    void findLatestAndUnknown();
    void openPicksTheRegistryTable();
    void mappingBySynonyms();
    void mappingErrors();
    void naturalVersionOrder();
    void createdAtOrder();
    void refParsing();
    void labelsParsing();
    void saveToTableInsertsOneRow();
    void saveToTableNeverOverwrites();
    void saveToAViewIsRefused();
    void saveToAReadOnlyFileIsRefused();
    void theLogIsNeverARegistry();
    void theLogNamedAsRegistryGetsNoRow();

private:
    QString copyOfDemo(const QString &name);
    QTemporaryDir m_dir;
    QString m_demo;
};

void TestPromptRegistry::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_demo = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = test::writeDemoLogFixture(m_demo, 400, 3);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QString TestPromptRegistry::copyOfDemo(const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(m_demo, path) ? path : QString();
}

void TestPromptRegistry::demoRegistryLoads()
{
    auto conn = SourceConnection::open(test::sqliteSource(m_demo));
    QVERIFY2(conn.ok(), qPrintable(conn.error()));
    auto registry = openPromptRegistry(conn->get());
    QVERIFY2(registry.ok(), qPrintable(registry.error()));
    QCOMPARE((*registry)->origin(), PromptOrigin::Table);
    QCOMPARE((*registry)->describe(), u"table prompt_versions"_s);
    auto all = (*registry)->loadAll();
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QCOMPARE(all->size(), static_cast<qsizetype>(demo::promptVersionSpecs().size()));
    QCOMPARE(versionsOf(*all, u"ticket_summary"_s), (QStringList{u"v1"_s, u"v2"_s, u"v3"_s, u"v4"_s}));
    QCOMPARE(*(*registry)->names(), (QStringList{u"churn_risk"_s, u"doc_answer"_s, u"inline_suggestion"_s,
                                                 u"lead_score"_s, u"ticket_summary"_s}));
    for (const PromptVersion &v : *all) {
        QVERIFY(!v.template_.isEmpty());
        QVERIFY(!v.model.isEmpty());
        QVERIFY(v.temperature.has_value());
        QVERIFY(v.maxTokens.has_value() && *v.maxTokens > 0);
        QVERIFY(v.createdAt.isValid());
        QVERIFY(!v.author.isEmpty());
        QCOMPARE(v.origin, PromptOrigin::Table);
    }
    auto v3 = (*registry)->find(u"ticket_summary"_s, u"v3"_s);
    QVERIFY(v3.ok());
    QCOMPARE(v3->model, u"claude-sonnet-4-5"_s);
    QCOMPARE(*v3->temperature, 0.2);
    QCOMPARE(*v3->maxTokens, 450);
    QVERIFY(v3->template_.contains(u"{{customer_tier}}"_s));
    QVERIFY(v3->note.contains(u"Back to Sonnet"_s));
    auto v4 = (*registry)->find(u"ticket_summary"_s, u"v4"_s);
    QCOMPARE(v4->labels, QStringList{u"staging"_s});
    int production = 0;
    for (const PromptVersion &v : *all)
        production += v.labels.contains(u"production"_s) ? 1 : 0;
    QCOMPARE(production, 5); // one live version per feature
}

void TestPromptRegistry::findLatestAndUnknown()
{
    auto conn = SourceConnection::open(test::sqliteSource(m_demo));
    QVERIFY(conn.ok());
    auto registry = openPromptRegistry(conn->get(), u"prompt_versions"_s);
    QVERIFY2(registry.ok(), qPrintable(registry.error()));
    auto latest = (*registry)->find(u"ticket_summary"_s);
    QVERIFY(latest.ok());
    QCOMPARE(latest->version, u"v4"_s);
    auto unknownVersion = (*registry)->find(u"ticket_summary"_s, u"v9"_s);
    QVERIFY(!unknownVersion.ok());
    QVERIFY2(unknownVersion.error().contains(u"v9"_s) && unknownVersion.error().contains(u"v1, v2, v3, v4"_s),
             qPrintable(unknownVersion.error()));
    auto unknownName = (*registry)->find(u"nope"_s);
    QVERIFY(!unknownName.ok());
    QVERIFY2(unknownName.error().contains(u"nope"_s) && unknownName.error().contains(u"churn_risk"_s),
             qPrintable(unknownName.error()));
    QVERIFY(!(*registry)->versionsOf(u"nope"_s).ok());
}

void TestPromptRegistry::openPicksTheRegistryTable()
{
    auto conn = SourceConnection::open(test::sqliteSource(m_demo));
    QVERIFY(conn.ok());
    auto missing = openPromptRegistry(conn->get(), u"no_such_table"_s);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(u"no_such_table"_s), qPrintable(missing.error()));
    auto notAFolder = openPromptRegistry(conn->get(), m_dir.filePath(u"nowhere/prompts"_s));
    QVERIFY(!notAFolder.ok());
    QVERIFY2(notAFolder.error().contains(u"no folder"_s), qPrintable(notAFolder.error()));
    // The log itself is no registry, even when asked for.
    auto log = openPromptRegistry(conn->get(), u"ai_outputs"_s);
    QVERIFY(!log.ok());
    QVERIFY2(log.error().contains(u"never writes to the log"_s), qPrintable(log.error()));
    // A folder needs no database.
    auto folder = openPromptRegistry(nullptr, m_dir.path());
    QVERIFY(folder.ok());
    QCOMPARE((*folder)->origin(), PromptOrigin::Folder);
}

void TestPromptRegistry::mappingBySynonyms()
{
    const auto mapped = mapRegistryTable(
        {table(u"ai_outputs"_s, {u"id"_s, u"prompt_name"_s, u"prompt_version"_s, u"prompt"_s, u"output"_s}),
         table(u"llm_prompts"_s, {u"prompt_name"_s, u"prompt_version"_s, u"prompt_text"_s, u"model_name"_s,
                                  u"change_note"_s, u"tags"_s, u"created"_s})});
    QVERIFY2(mapped.ok(), qPrintable(mapped.error()));
    QCOMPARE(mapped->table, u"llm_prompts"_s);
    QCOMPARE(mapped->columns.value(RegistryField::Name), u"prompt_name"_s);
    QCOMPARE(mapped->columns.value(RegistryField::Template), u"prompt_text"_s);
    QCOMPARE(mapped->columns.value(RegistryField::Note), u"change_note"_s);
    QCOMPARE(mapped->columns.value(RegistryField::Labels), u"tags"_s);
    QCOMPARE(mapped->columns.value(RegistryField::CreatedAt), u"created"_s);
    QVERIFY(!mapped->has(RegistryField::Temperature));

    // "prompt" is the name when nothing else is, and a column is never used twice.
    const auto prompt = mapRegistryTable({table(u"p"_s, {u"prompt"_s, u"version"_s, u"body"_s})});
    QVERIFY(prompt.ok());
    QCOMPARE(prompt->columns.value(RegistryField::Name), u"prompt"_s);
    QCOMPARE(prompt->columns.value(RegistryField::Template), u"body"_s);

    // prompt_versions wins over other candidates.
    const auto preferred = mapRegistryTable({table(u"archive"_s, {u"name"_s, u"version"_s, u"template"_s}),
                                             table(u"prompt_versions"_s, {u"name"_s, u"version"_s, u"template"_s})});
    QCOMPARE(preferred->table, u"prompt_versions"_s);
}

void TestPromptRegistry::mappingErrors()
{
    const auto none = mapRegistryTable({table(u"ai_outputs"_s, {u"prompt_name"_s, u"prompt_version"_s, u"output"_s})});
    QVERIFY(!none.ok());
    QVERIFY2(none.error().contains(u"--registry"_s), qPrintable(none.error()));
    const auto several = mapRegistryTable({table(u"a"_s, {u"name"_s, u"version"_s, u"template"_s}),
                                           table(u"b"_s, {u"name"_s, u"version"_s, u"text"_s})});
    QVERIFY(!several.ok());
    QVERIFY2(several.error().contains(u"a, b"_s) && several.error().contains(u"--registry"_s), qPrintable(several.error()));
    const auto picked = mapRegistryTable({table(u"a"_s, {u"name"_s, u"version"_s, u"template"_s}),
                                          table(u"b"_s, {u"name"_s, u"version"_s, u"text"_s})}, u"b"_s);
    QCOMPARE(picked->table, u"b"_s);
    const auto lacking = mapRegistryTable({table(u"versions"_s, {u"name"_s, u"version"_s, u"model"_s})}, u"versions"_s);
    QVERIFY(!lacking.ok());
    QVERIFY2(lacking.error().contains(u"no column for the prompt template"_s), qPrintable(lacking.error()));
}

void TestPromptRegistry::naturalVersionOrder()
{
    QCOMPARE(compareVersionsNaturally(u"v2", u"v10"), -1);
    QCOMPARE(compareVersionsNaturally(u"v10", u"v9"), 1);
    QCOMPARE(compareVersionsNaturally(u"1.9", u"1.10"), -1);
    QCOMPARE(compareVersionsNaturally(u"1.10.2", u"1.10.10"), -1);
    QCOMPARE(compareVersionsNaturally(u"V3", u"v3") != 0, true); // total order
    QCOMPARE(compareVersionsNaturally(u"v01", u"v1") != 0, true);
    QCOMPARE(compareVersionsNaturally(u"v2", u"v2"), 0);
    QCOMPARE(compareVersionsNaturally(u"v99999999999999999999", u"v100000000000000000000"), -1);
    QList<PromptVersion> list;
    for (const QString &v : {u"v10"_s, u"v2"_s, u"v1"_s, u"v2.1"_s})
        list << PromptVersion{u"p"_s, v, u"t"_s, {}, {}, {}, {}, {}, {}, {}, PromptOrigin::Table, {}};
    list << PromptVersion{u"a"_s, u"v3"_s, u"t"_s, {}, {}, {}, {}, {}, {}, {}, PromptOrigin::Table, {}};
    sortPromptVersions(list, VersionOrder::Natural);
    QStringList refs;
    for (const PromptVersion &v : list)
        refs << v.ref();
    QCOMPARE(refs, (QStringList{u"a@v3"_s, u"p@v1"_s, u"p@v2"_s, u"p@v2.1"_s, u"p@v10"_s}));
    QCOMPARE(findPromptVersion(list, u"p"_s)->version, u"v10"_s);
}

void TestPromptRegistry::createdAtOrder()
{
    const auto at = [](int day) { return QDateTime(QDate(2026, 10, day), QTime(9, 0), QTimeZone::utc()); };
    QList<PromptVersion> list;
    list << PromptVersion{u"p"_s, u"blue"_s, u"t"_s, {}, {}, {}, {}, {}, {}, at(3), PromptOrigin::Table, {}};
    list << PromptVersion{u"p"_s, u"red"_s, u"t"_s, {}, {}, {}, {}, {}, {}, at(1), PromptOrigin::Table, {}};
    list << PromptVersion{u"p"_s, u"green"_s, u"t"_s, {}, {}, {}, {}, {}, {}, QDateTime(), PromptOrigin::Table, {}};
    sortPromptVersions(list, VersionOrder::CreatedAt);
    QCOMPARE(versionsOf(list, u"p"_s), (QStringList{u"green"_s, u"red"_s, u"blue"_s}));
}

void TestPromptRegistry::refParsing()
{
    QCOMPARE(PromptRef::parse(u"ticket_summary@v3"_s)->version, u"v3"_s);
    QCOMPARE(PromptRef::parse(u"ticket_summary"_s)->version, QString());
    QVERIFY(!PromptRef::parse(u"@v3"_s));
    QVERIFY(!PromptRef::parse(u"name@"_s));
    QVERIFY(!PromptRef::parse(QString()));
}

void TestPromptRegistry::labelsParsing()
{
    QCOMPARE(parseLabels(u"[\"production\", \"staging\"]"_s), (QStringList{u"production"_s, u"staging"_s}));
    QCOMPARE(parseLabels(u"[production, staging]"_s), (QStringList{u"production"_s, u"staging"_s}));
    QCOMPARE(parseLabels(u"production,staging, production"_s), (QStringList{u"production"_s, u"staging"_s}));
    QCOMPARE(parseLabels(u"production"_s), QStringList{u"production"_s});
    QVERIFY(parseLabels(QVariant()).isEmpty());
    QVERIFY(parseLabels(u"[]"_s).isEmpty());
    QCOMPARE(labelsToJson({u"a"_s, u"b"_s}), u"[\"a\",\"b\"]"_s);
}

void TestPromptRegistry::saveToTableInsertsOneRow()
{
    const QString path = copyOfDemo(u"save.sqlite"_s);
    QVERIFY(!path.isEmpty());
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY(conn.ok());
    auto registry = openPromptRegistry(conn->get());
    QVERIFY(registry.ok());
    PromptVersion v = *(*registry)->find(u"churn_risk"_s);
    v.version = u"v3"_s;
    v.template_ += u"\nTier: {{tier}}"_s;
    v.labels = {u"staging"_s};
    v.note = u"Add the tier."_s;
    v.createdAt = QDateTime(QDate(2026, 11, 21), QTime(8, 0), QTimeZone::utc());
    const auto saved = (*registry)->saveNew(v);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    // The reading connection sees it, and stays read-only.
    auto back = (*registry)->find(u"churn_risk"_s, u"v3"_s);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back->template_, v.template_);
    QCOMPARE(back->labels, v.labels);
    QCOMPARE(back->note, v.note);
    QCOMPARE(back->createdAt, v.createdAt);
    QCOMPARE(*back->maxTokens, *v.maxTokens);
    QCOMPARE((*registry)->find(u"churn_risk"_s)->version, u"v3"_s);
    QSqlQuery q((*conn)->db());
    QVERIFY(!q.exec(u"DELETE FROM prompt_versions"_s));
    QCOMPARE(test::openConnectionCount(), 1); // the writer's connection is gone again
}

void TestPromptRegistry::saveToTableNeverOverwrites()
{
    const QString path = copyOfDemo(u"overwrite.sqlite"_s);
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY(conn.ok());
    auto registry = openPromptRegistry(conn->get());
    QVERIFY(registry.ok());
    PromptVersion v = *(*registry)->find(u"doc_answer"_s, u"v2"_s);
    const QString original = v.template_;
    v.template_ = u"replaced"_s;
    const auto refused = (*registry)->saveNew(v);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"never overwritten"_s), qPrintable(refused.error()));
    QCOMPARE((*registry)->find(u"doc_answer"_s, u"v2"_s)->template_, original);
    v.version = QString();
    QVERIFY(!(*registry)->saveNew(v).ok());
    v.version = u"v3"_s;
    v.template_ = u"   "_s;
    QVERIFY(!(*registry)->saveNew(v).ok());
}

void TestPromptRegistry::saveToAViewIsRefused()
{
    // A registry that is a view cannot take rows: the error says so instead of failing silently.
    const QString path = m_dir.filePath(u"view.sqlite"_s);
    {
        test::WritableDb w(path);
        QVERIFY(w.exec(u"CREATE TABLE base (name TEXT, version TEXT, template TEXT)"_s));
        QVERIFY(w.exec(u"INSERT INTO base VALUES ('p', 'v1', 'Hello {{x}}')"_s));
        QVERIFY(w.exec(u"CREATE VIEW prompt_versions AS SELECT name, version, template FROM base"_s));
    }
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY(conn.ok());
    auto registry = openPromptRegistry(conn->get(), u"prompt_versions"_s);
    QVERIFY2(registry.ok(), qPrintable(registry.error()));
    PromptVersion v = *(*registry)->find(u"p"_s);
    v.version = u"v2"_s;
    const auto refused = (*registry)->saveNew(v);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().startsWith(u"cannot save p@v2 to table prompt_versions: "_s), qPrintable(refused.error()));
}

void TestPromptRegistry::saveToAReadOnlyFileIsRefused()
{
    // A file the user may not write (root may write anything, so only as another user).
    if (::geteuid() == 0)
        QSKIP("running as root: file permissions do not stop root from writing");
    const QString locked = copyOfDemo(u"locked.sqlite"_s);
    QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
    auto lockedConn = SourceConnection::open(test::sqliteSource(locked));
    QVERIFY(lockedConn.ok());
    auto lockedRegistry = openPromptRegistry(lockedConn->get());
    PromptVersion w = *(*lockedRegistry)->find(u"lead_score"_s);
    w.version = u"v3"_s;
    const auto denied = (*lockedRegistry)->saveNew(w);
    QVERIFY(!denied.ok());
    QVERIFY2(denied.error().contains(u"readonly"_s) || denied.error().contains(u"read-only"_s), qPrintable(denied.error()));
}

void TestPromptRegistry::theLogIsNeverARegistry()
{
    // Each of these tables has name, version and template synonyms, so mapping alone would
    // accept it; each is an output log, which Assay must never insert into.
    const auto named = mapRegistryTable(
        {table(u"ai_outputs"_s, {u"id"_s, u"prompt_name"_s, u"prompt_version"_s, u"text"_s})}, u"ai_outputs"_s);
    QVERIFY(!named.ok());
    QVERIFY2(named.error().contains(u"never writes to the log"_s), qPrintable(named.error()));
    const auto byOutputColumn = mapRegistryTable(
        {table(u"events"_s, {u"prompt_name"_s, u"prompt_version"_s, u"body"_s, u"response"_s})}, u"events"_s);
    QVERIFY(!byOutputColumn.ok());
    QVERIFY2(byOutputColumn.error().contains(u"response"_s), qPrintable(byOutputColumn.error()));
    // A log whose output column no synonym knows, named by the caller (a mapping file did).
    const QList<TableInfo> mapped{table(u"calls"_s, {u"name"_s, u"version"_s, u"content"_s, u"generated"_s})};
    QVERIFY(mapRegistryTable(mapped, u"calls"_s).ok()); // nothing says it is the log...
    const auto told = mapRegistryTable(mapped, u"calls"_s, u"calls"_s);
    QVERIFY(!told.ok()); // ...until the caller does
    QVERIFY2(told.error().contains(u"output log Assay reads"_s), qPrintable(told.error()));
    QVERIFY(!mapRegistryTable(mapped, {}, u"calls"_s).ok()); // and auto-detection skips it too
}

void TestPromptRegistry::theLogNamedAsRegistryGetsNoRow()
{
    const QString path = m_dir.filePath(u"log-with-body.sqlite"_s);
    {
        test::WritableDb w(path);
        QVERIFY(w.exec(u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, feature TEXT, created_at TEXT, "
                       "output TEXT, prompt_name TEXT, prompt_version TEXT, body TEXT)"_s));
        QVERIFY(w.exec(u"INSERT INTO ai_outputs VALUES (1, 'f', '2026-11-01T00:00:00Z', 'o', 'p', 'v1', 'b')"_s));
    }
    auto conn = SourceConnection::open(test::sqliteSource(path));
    QVERIFY(conn.ok());
    auto registry = openPromptRegistry(conn->get(), u"ai_outputs"_s);
    QVERIFY(!registry.ok());
    QVERIFY2(registry.error().contains(u"cannot be the prompt registry"_s), qPrintable(registry.error()));
    QSqlQuery q((*conn)->db());
    QVERIFY(q.exec(u"SELECT count(*) FROM ai_outputs"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestPromptRegistry)
#include "tst_promptregistry.moc"
