// How the log used each prompt version (one GROUP BY, checked against direct SQL on the demo
// log), logged inputs sampled for coverage, and drafts kept in the workspace (migration 3).

#include "prompts/DraftStore.h"
#include "prompts/PromptUsage.h"
#include "prompts/TemplateCoverage.h"

#include "browse/LogSession.h"
#include "demo/DemoLogGenerator.h"
#include "workspace/Workspace.h"
#include "workspace/WorkspaceMigrations.h"

#include "TestSupport.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

class TestPromptUsage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void usageMatchesDirectSql();
    void usageHonoursTheFilter();
    void usageNeedsPromptName();
    void coverageOverLoggedInputs();
    void sampleNeedsAnInputColumn();
    void draftsMigration();
    void draftsRoundTrip();
    void draftFromAVersion();

private:
    std::unique_ptr<LogSession> openDemo();
    QTemporaryDir m_dir;
    std::unique_ptr<test::ScopedWorkspaceDir> m_workspaces;
    QString m_demo;
};

void TestPromptUsage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_workspaces = std::make_unique<test::ScopedWorkspaceDir>();
    m_demo = m_dir.filePath(u"demo.sqlite"_s);
    const QString error = test::writeDemoLogFixture(m_demo, 2000, 11);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

std::unique_ptr<LogSession> TestPromptUsage::openDemo()
{
    SessionSpec spec;
    spec.source = test::sqliteSource(m_demo);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    if (!session) {
        qWarning("%s", qPrintable(session.error()));
        return {};
    }
    return std::move(*session);
}

void TestPromptUsage::usageMatchesDirectSql()
{
    auto session = openDemo();
    QVERIFY(session);
    auto usage = promptUsage(session->connection(), session->schema());
    QVERIFY2(usage.ok(), qPrintable(usage.error()));
    QVERIFY(usage->size() >= 10);

    test::WritableDb direct(m_demo);
    QSqlQuery q(direct.db());
    QVERIFY(q.exec(u"SELECT prompt_name, prompt_version, count(*), min(created_at), max(created_at), "
                   "sum(feedback = 'positive'), sum(feedback = 'negative'), sum(feedback = 'edited') "
                   "FROM ai_outputs GROUP BY 1, 2 ORDER BY 1, 2"_s));
    qint64 total = 0;
    int i = 0;
    while (q.next()) {
        QVERIFY(i < usage->size());
        const PromptUsage &u = usage->at(i++);
        QCOMPARE(u.name, q.value(0).toString());
        QCOMPARE(u.version, q.value(1).toString());
        QCOMPARE(u.outputs, q.value(2).toLongLong());
        QCOMPARE(u.firstSeen, TimestampCodec::parseAny(q.value(3)));
        QCOMPARE(u.lastSeen, TimestampCodec::parseAny(q.value(4)));
        QCOMPARE(u.positive, q.value(5).toLongLong());
        QCOMPARE(u.negative, q.value(6).toLongLong());
        QCOMPARE(u.edited, q.value(7).toLongLong());
        QVERIFY(u.hasFeedback);
        QVERIFY(u.positiveRate() >= 0.0 && u.positiveRate() <= 1.0);
        total += u.outputs;
    }
    QCOMPARE(i, usage->size());
    QCOMPARE(total, 2000);
    QVERIFY(findUsage(*usage, u"ticket_summary"_s, u"v1"_s));
    QVERIFY(!findUsage(*usage, u"ticket_summary"_s, u"v4"_s)); // staged, never served
}

void TestPromptUsage::usageHonoursTheFilter()
{
    auto session = openDemo();
    QVERIFY(session);
    OutputFilter filter;
    filter.features = {u"churn_risk"_s};
    auto usage = promptUsage(session->connection(), session->schema(), filter);
    QVERIFY(usage.ok());
    QVERIFY(!usage->isEmpty());
    for (const PromptUsage &u : *usage)
        QCOMPARE(u.name, u"churn_risk"_s);
}

void TestPromptUsage::usageNeedsPromptName()
{
    const QString path = test::TestLog::create(m_dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s,
                                                       u"output TEXT"_s},
                                               {{1, u"f"_s, u"2026-11-01T00:00:00Z"_s, u"o"_s}},
                                               test::TestLogOptions{u"ai_outputs"_s, u"minimal.sqlite"_s, false, {}});
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    auto usage = promptUsage((*session)->connection(), (*session)->schema());
    QVERIFY(!usage.ok());
    QVERIFY2(usage.error().contains(u"prompt_name"_s), qPrintable(usage.error()));
    auto inputs = sampleLoggedInputs((*session)->outputs(), {});
    QVERIFY(!inputs.ok());
    QVERIFY2(inputs.error().contains(u"no input column"_s), qPrintable(inputs.error()));
}

void TestPromptUsage::coverageOverLoggedInputs()
{
    auto session = openDemo();
    QVERIFY(session);
    OutputFilter filter;
    filter.promptName = u"ticket_summary"_s;
    filter.promptVersion = u"v1"_s;
    auto inputs = sampleLoggedInputs(session->outputs(), filter, 50);
    QVERIFY2(inputs.ok(), qPrintable(inputs.error()));
    QVERIFY(!inputs->isEmpty() && inputs->size() <= 50);
    // v1 logged subject and body; v3 also wants the tier and product area, which v1 never logged.
    const auto v1 = templateCoverage(PromptTemplate::parse(u"{{ticket_subject}} {{ticket_body}}"_s), *inputs);
    QVERIFY(v1.complete());
    const auto v3 = templateCoverage(PromptTemplate::parse(u"{{ticket_subject}} {{customer_tier}}"_s), *inputs);
    QVERIFY(!v3.complete());
    QCOMPARE(v3.summaryLines().at(1), u"{{customer_tier}} in none: replay would fail"_s);
}

void TestPromptUsage::sampleNeedsAnInputColumn()
{
    const QString path = test::TestLog::create(
        m_dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s, u"input_hash TEXT"_s},
        {{1, u"f"_s, u"2026-11-01T00:00:00Z"_s, u"o"_s, u"abc"_s}},
        test::TestLogOptions{u"ai_outputs"_s, u"hash-only.sqlite"_s, false, {}});
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    auto inputs = sampleLoggedInputs((*session)->outputs(), {});
    QVERIFY(!inputs.ok());
    QCOMPARE(inputs.error(), u"replay needs the logged input variables; this log has only input_hash"_s);
}

void TestPromptUsage::draftsMigration()
{
    QVERIFY(Workspace::latestSchemaVersion() >= 3);
    for (SqlDialect d : {SqlDialect::SQLite, SqlDialect::PostgreSQL}) {
        const auto steps = workspaceMigrations(d);
        QVERIFY(steps.size() >= 3);
        QCOMPARE(steps[2].version, 3);
        QVERIFY(steps[2].statements.join(u' ').contains(u"prompt_drafts"_s));
    }
}

void TestPromptUsage::draftsRoundTrip()
{
    auto ws = Workspace::open(test::sqliteSource(m_demo), m_dir.filePath(u"drafts-ws.sqlite"_s));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    DraftStore store(**ws);
    QVERIFY(store.list()->isEmpty());

    PromptDraft d;
    d.name = u"ticket_summary"_s;
    d.baseVersion = u"v3"_s;
    d.template_ = u"New {{ticket_body}}\n"_s;
    d.model = u"claude-haiku-4-5"_s;
    d.temperature = 0.1;
    d.maxTokens = 500;
    d.labels = {u"experiment"_s};
    d.author = u"me"_s;
    d.note = u"try shorter"_s;
    QVERIFY(store.save(d).ok());
    QVERIFY(d.id > 0);
    QVERIFY(d.createdAt.isValid());

    PromptDraft other;
    other.name = u"churn_risk"_s;
    other.template_ = u"x"_s;
    QVERIFY(store.save(other).ok());
    QVERIFY(other.id != d.id);

    auto back = store.get(d.id);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back->template_, d.template_);
    QCOMPARE(back->baseVersion, u"v3"_s);
    QCOMPARE(*back->temperature, 0.1);
    QCOMPARE(*back->maxTokens, 500);
    QCOMPARE(back->labels, d.labels);
    QCOMPARE(back->note, d.note);
    QVERIFY(!other.temperature && !store.get(other.id)->maxTokens);

    d.template_ = u"Edited {{ticket_body}}\n"_s;
    QVERIFY(store.save(d).ok());
    QCOMPARE(store.get(d.id)->template_, d.template_);
    QCOMPARE(store.list(u"ticket_summary"_s)->size(), 1);
    QCOMPARE(store.list()->size(), 2);

    const PromptVersion asVersion = d.toVersion();
    QCOMPARE(asVersion.version, u"draft-%1"_s.arg(d.id));
    QCOMPARE(asVersion.origin, PromptOrigin::Draft);
    QCOMPARE(asVersion.template_, d.template_);

    QVERIFY(store.remove(d.id).ok());
    QVERIFY(!store.get(d.id).ok());
    PromptDraft gone = d;
    QVERIFY(!store.save(gone).ok()); // updating a deleted draft says so
    PromptDraft nameless;
    QVERIFY(!store.save(nameless).ok());
}

void TestPromptUsage::draftFromAVersion()
{
    PromptVersion v;
    v.name = u"lead_score"_s;
    v.version = u"v2"_s;
    v.template_ = u"Score {{company}}"_s;
    v.model = u"gemini-2.5-flash"_s;
    v.temperature = 0.1;
    v.labels = {u"production"_s};
    const PromptDraft d = PromptDraft::from(v);
    QCOMPARE(d.name, v.name);
    QCOMPARE(d.baseVersion, u"v2"_s);
    QCOMPARE(d.template_, v.template_);
    QCOMPARE(d.model, v.model);
    QVERIFY(d.labels.isEmpty()); // a draft is not in production
    QCOMPARE(d.id, -1);
}

QTEST_GUILESS_MAIN(TestPromptUsage)
#include "tst_promptusage.moc"
