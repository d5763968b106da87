// Planning a replay over the demo log: cases rendered from the logged inputs with the chosen
// prompt version, cases whose variables are missing (they carry the reason, the plan goes on),
// the estimate's arithmetic, inputs from ids and datasets, and the run as the store keeps it.

#include "DemoLogSession.h"
#include "TestSupport.h"

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "prompts/FolderPromptRegistry.h"
#include "prompts/PromptRegistry.h"
#include "prompts/PromptTemplate.h"
#include "replay/ReplayDatasets.h"
#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "replay/ReplayRunWriter.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace assay;

class TestReplayPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tokenHeuristic();
    void costArithmetic();
    void rendersFromLoggedInputs();
    void missingVariablesAreCaseErrors();
    void estimateAddsUp();
    void targetDefaultsComeFromTheVersion();
    void unknownPromptFails();
    void explicitIdsAndBadIds();
    void datasets();
    void logWithoutInputFails();
    void storeKeepsTheRun();
    void streamedRunIsAllOrNothing();

private:
    ReplaySpec specFor(const QStringList &prompts, const QString &fromPrompt, const QString &fromVersion = {},
                       qint64 limit = 20) const;
    QList<QVariantList> loggedRows(const QString &sql);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    QString m_log;
    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<PromptRegistry> m_registry;
    PriceTable m_prices = PriceTable::withDefaults();
};

void TestReplayPlan::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(u"demo.sqlite"_s);
    auto opened = test::openDemoLogSession(m_log, 400, m_dir.filePath(u"ws.sqlite"_s));
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    m_session = std::move(opened->session);
    m_registry = std::move(opened->registry);
}

void TestReplayPlan::cleanupTestCase()
{
    m_registry.reset();
    m_session.reset();
    m_wsDir.reset();
}

ReplaySpec TestReplayPlan::specFor(const QStringList &prompts, const QString &fromPrompt, const QString &fromVersion,
                                   qint64 limit) const
{
    ReplaySpec spec;
    for (const QString &p : prompts) {
        ReplayTarget t;
        t.promptName = p.section(u'@', 0, 0);
        t.promptVersion = p.section(u'@', 1);
        t.provider = u"anthropic"_s;
        t.model = u"claude-haiku-4-5"_s;
        t.maxTokens = 0;
        spec.targets << t;
    }
    spec.inputs.filter.promptName = fromPrompt;
    spec.inputs.filter.promptVersion = fromVersion;
    spec.inputs.limit = limit;
    return spec;
}

QList<QVariantList> TestReplayPlan::loggedRows(const QString &sql)
{
    QList<QVariantList> rows;
    QSqlQuery q(m_session->connection().db());
    if (!q.exec(sql)) {
        qWarning("%s", qPrintable(sql));
        return rows;
    }
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < q.record().count(); ++i)
            row << q.value(i);
        rows << row;
    }
    return rows;
}

void TestReplayPlan::tokenHeuristic()
{
    QCOMPARE(estimateTokens(QString()), qint64(0));
    QCOMPARE(estimateTokens(u"abcd"_s), qint64(1));
    QCOMPARE(estimateTokens(u"abcde"_s), qint64(2));
    QCOMPARE(estimateTokens(QString(4000, u'x')), qint64(1000));
    // The logged output length, capped by max_tokens; max_tokens when nothing was logged.
    QCOMPARE(expectedOutputTokens(120, 400), qint64(120));
    QCOMPARE(expectedOutputTokens(900, 400), qint64(400));
    QCOMPARE(expectedOutputTokens(std::nullopt, 400), qint64(400));
    QCOMPARE(expectedOutputTokens(0, 400), qint64(400));
}

void TestReplayPlan::costArithmetic()
{
    // claude-haiku-4-5 lists at $1 in / $5 out per million tokens.
    const auto haiku = m_prices.find(u"claude-haiku-4-5"_s);
    QVERIFY(haiku);
    const auto usd = estimateCostUsd(haiku, 1000, 200);
    QVERIFY(usd);
    QVERIFY2(std::abs(*usd - 0.002) < 1e-12, qPrintable(QString::number(*usd, 'g', 17)));
    QVERIFY(!estimateCostUsd(m_prices.find(u"no-such-model-7"_s), 1000, 200));
}

void TestReplayPlan::rendersFromLoggedInputs()
{
    auto plan = planReplay(specFor({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s), m_session->outputs(),
                           *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    const auto rows = loggedRows(u"SELECT id, input FROM ai_outputs WHERE prompt_name = 'ticket_summary' AND "
                                 "prompt_version = 'v3' ORDER BY created_at DESC, id DESC LIMIT 20"_s);
    QVERIFY(rows.size() >= 5);
    QCOMPARE(plan->cases.size(), rows.size());
    auto v3 = m_registry->find(u"ticket_summary"_s, u"v3"_s);
    QVERIFY(v3.ok());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const PlannedCase &c = plan->cases.at(i);
        QCOMPARE(c.outputKey, rows.at(i).at(0).toString());
        QCOMPARE(c.calls.size(), 1);
        QVERIFY2(c.calls.first().renderError.isEmpty(), qPrintable(c.calls.first().renderError));
        const QJsonObject input = QJsonDocument::fromJson(rows.at(i).at(1).toString().toUtf8()).object();
        // The expected prompt comes from the test's own substitution, not from PromptTemplate.
        QStringList missing;
        const QString expected = test::substituteFlatVariables(v3->template_, input, &missing);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
        QCOMPARE(c.calls.first().prompt, expected);
        QVERIFY(c.calls.first().prompt.contains(input.value(u"ticket_subject"_s).toString()));
        QVERIFY(!c.calls.first().prompt.contains(u"{{"_s));
    }
}

void TestReplayPlan::missingVariablesAreCaseErrors()
{
    // v3 asks for customer_tier and product_area, which v1's callers never logged.
    auto plan = planReplay(specFor({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"ticket_summary"_s, u"v1"_s),
                           m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    QVERIFY(!plan->cases.isEmpty());
    for (const PlannedCase &c : plan->cases) {
        QCOMPARE(c.calls.size(), 2);
        const QString error = c.calls.at(0).renderError;
        QVERIFY2(error.contains(u"ticket_summary@v3"_s) && error.contains(u"customer_tier"_s)
                     && error.contains(u"product_area"_s),
                 qPrintable(error));
        QVERIFY(c.calls.at(0).prompt.isEmpty());
        QCOMPARE(c.calls.at(0).estInputTokens, qint64(0));
        // The same case renders for the other target: the plan went on.
        QVERIFY2(c.calls.at(1).renderError.isEmpty(), qPrintable(c.calls.at(1).renderError));
        QVERIFY(!c.calls.at(1).prompt.isEmpty());
    }
    QCOMPARE(plan->estimate.renderErrors, qint64(plan->cases.size()));
    QCOMPARE(plan->estimate.calls, qint64(plan->cases.size()));
}

void TestReplayPlan::estimateAddsUp()
{
    auto plan = planReplay(specFor({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s), m_session->outputs(),
                           *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    const auto logged = loggedRows(u"SELECT output_tokens FROM ai_outputs WHERE prompt_name = 'ticket_summary' AND "
                                   "prompt_version = 'v3' ORDER BY created_at DESC, id DESC LIMIT 20"_s);
    const auto haiku = m_prices.find(u"claude-haiku-4-5"_s);
    QVERIFY(haiku);
    const int maxTokens = plan->targets.first().maxTokens;
    QCOMPARE(maxTokens, 450); // v3's own
    qint64 in = 0, out = 0;
    double usd = 0;
    for (qsizetype i = 0; i < plan->cases.size(); ++i) {
        const PlannedCall &call = plan->cases.at(i).calls.first();
        QCOMPARE(call.estInputTokens, qint64(std::ceil(double(call.prompt.size()) / 4.0)));
        QCOMPARE(call.estOutputTokens, std::min<qint64>(logged.at(i).at(0).toLongLong(), maxTokens));
        const double expected = (double(call.estInputTokens) * 1.0 + double(call.estOutputTokens) * 5.0) / 1e6;
        QVERIFY(call.estCostUsd);
        QVERIFY2(std::abs(*call.estCostUsd - expected) < 1e-12, qPrintable(QString::number(*call.estCostUsd)));
        in += call.estInputTokens;
        out += call.estOutputTokens;
        usd += *call.estCostUsd;
    }
    QCOMPARE(plan->estimate.cases, qint64(plan->cases.size()));
    QCOMPARE(plan->estimate.calls, qint64(plan->cases.size()));
    QCOMPARE(plan->estimate.inputTokens, in);
    QCOMPARE(plan->estimate.outputTokens, out);
    QVERIFY(std::abs(plan->estimate.costUsd - usd) < 1e-12);
    QCOMPARE(plan->estimate.unpricedCalls, qint64(0));

    // A model without a price is counted and named, never a silent zero.
    ReplaySpec unpriced = specFor({u"ticket_summary@v3"_s}, u"ticket_summary"_s, u"v3"_s, 3);
    unpriced.targets[0].model = u"house-model-9"_s;
    auto noPrice = planReplay(unpriced, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(noPrice.ok(), qPrintable(noPrice.error()));
    QCOMPARE(noPrice->estimate.unpricedCalls, qint64(3));
    QCOMPARE(noPrice->estimate.unpricedModels, QStringList{u"house-model-9"_s});
    QCOMPARE(noPrice->estimate.costUsd, 0.0);
    QVERIFY(!noPrice->cases.first().calls.first().estCostUsd);
}

void TestReplayPlan::targetDefaultsComeFromTheVersion()
{
    ReplaySpec spec = specFor({u"ticket_summary"_s}, u"ticket_summary"_s, {}, 2);
    spec.targets[0].model.clear();
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    const ReplayTarget &t = plan->targets.first();
    QCOMPARE(t.promptVersion, u"v4"_s); // the latest
    QCOMPARE(t.model, u"claude-haiku-4-5"_s);
    QCOMPARE(t.maxTokens, 450);
    QVERIFY(t.temperature);
    QCOMPARE(*t.temperature, 0.2);
    // Given values win.
    spec.targets[0].maxTokens = 99;
    spec.targets[0].temperature = 1.0;
    spec.targets[0].model = u"claude-sonnet-4-5"_s;
    auto given = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(given.ok());
    QCOMPARE(given->targets.first().maxTokens, 99);
    QCOMPARE(*given->targets.first().temperature, 1.0);
    QCOMPARE(given->targets.first().model, u"claude-sonnet-4-5"_s);
}

void TestReplayPlan::unknownPromptFails()
{
    auto plan = planReplay(specFor({u"ticket_summary@v99"_s}, u"ticket_summary"_s), m_session->outputs(), *m_registry,
                           m_prices, m_session->workspace());
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error().contains(u"v99"_s), qPrintable(plan.error()));
    auto none = planReplay(ReplaySpec{}, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(!none.ok());
    QVERIFY2(none.error().contains(u"target"_s), qPrintable(none.error()));
    ReplaySpec zero = specFor({u"ticket_summary@v3"_s}, u"ticket_summary"_s, {}, 0);
    auto noCases = planReplay(zero, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(!noCases.ok());
}

void TestReplayPlan::explicitIdsAndBadIds()
{
    const auto rows = loggedRows(u"SELECT id FROM ai_outputs WHERE prompt_name = 'churn_risk' AND prompt_version = 'v2' ORDER BY id LIMIT 2"_s);
    QCOMPARE(rows.size(), 2);
    ReplaySpec spec = specFor({u"churn_risk@v2"_s}, {});
    spec.inputs.kind = ReplayInputs::Kind::Ids;
    spec.inputs.ids = {rows.at(1).at(0).toString(), u"999999"_s, u"abc"_s, rows.at(0).at(0).toString()};
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    QCOMPARE(plan->cases.size(), 4);
    QCOMPARE(plan->cases.at(0).outputKey, rows.at(1).at(0).toString());
    QVERIFY2(plan->cases.at(0).calls.first().renderError.isEmpty(), qPrintable(plan->cases.at(0).calls.first().renderError));
    QVERIFY2(plan->cases.at(1).calls.first().renderError.contains(u"999999"_s),
             qPrintable(plan->cases.at(1).calls.first().renderError));
    QVERIFY2(plan->cases.at(2).calls.first().renderError.contains(u"abc"_s),
             qPrintable(plan->cases.at(2).calls.first().renderError));
    QVERIFY(plan->cases.at(3).calls.first().renderError.isEmpty());
    QCOMPARE(plan->estimate.renderErrors, qint64(2));
    QCOMPARE(plan->estimate.calls, qint64(2));
}

void TestReplayPlan::datasets()
{
    ReplayDatasets sets(*m_session->workspace());
    const auto rows = loggedRows(u"SELECT id FROM ai_outputs WHERE prompt_name = 'lead_score' ORDER BY id DESC LIMIT 3"_s);
    QStringList keys;
    for (const auto &row : rows)
        keys << row.at(0).toString();
    QVERIFY2(sets.create(u"leads"_s, keys, u"tester"_s).ok(), "create");
    // Frozen: a name is never reused, an empty list is refused.
    QVERIFY(!sets.create(u"leads"_s, keys, u"tester"_s).ok());
    QVERIFY(!sets.create(u"empty"_s, {}, u"tester"_s).ok());
    auto stored = sets.outputKeys(u"leads"_s);
    QVERIFY(stored.ok());
    QCOMPARE(*stored, keys);
    QVERIFY(sets.names()->contains(u"leads"_s));
    QVERIFY(!sets.outputKeys(u"nope"_s).ok());

    ReplaySpec spec = specFor({u"lead_score@v2"_s}, {});
    spec.inputs.kind = ReplayInputs::Kind::Dataset;
    spec.inputs.dataset = u"leads"_s;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    QCOMPARE(plan->cases.size(), 3);
    for (qsizetype i = 0; i < 3; ++i)
        QCOMPARE(plan->cases.at(i).outputKey, keys.at(i));
    spec.inputs.dataset = u"nope"_s;
    auto missing = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(u"nope"_s), qPrintable(missing.error()));
}

void TestReplayPlan::logWithoutInputFails()
{
    const QString path = test::TestLog::create(m_dir.filePath(u"noinput.sqlite"_s),
                                               {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s,
                                                u"output TEXT"_s, u"input_hash TEXT"_s},
                                               {{1, u"f"_s, u"2026-11-01T00:00:00Z"_s, u"out"_s, u"abc"_s}});
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    FolderPromptRegistry folder(m_dir.filePath(u"prompts"_s));
    auto plan = planReplay(specFor({u"x@v1"_s}, {}), (*session)->outputs(), folder, m_prices, nullptr);
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error().contains(u"input"_s) && plan.error().contains(u"input_hash"_s), qPrintable(plan.error()));
}

void TestReplayPlan::storeKeepsTheRun()
{
    ReplaySpec spec = specFor({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"ticket_summary"_s, u"v1"_s, 5);
    spec.options.budgetUsd = 1.5;
    spec.options.concurrency = 3;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    ReplayRunStore store(*m_session->workspace());
    auto id = store.createRun(spec, *plan, u"demo.sqlite"_s, u"tester"_s);
    QVERIFY2(id.ok(), qPrintable(id.error()));
    auto info = store.run(*id);
    QVERIFY2(info.ok(), qPrintable(info.error()));
    QCOMPARE(info->status, ReplayRunStatus::Running);
    QCOMPARE(info->createdBy, u"tester"_s);
    QCOMPARE(info->source, u"demo.sqlite"_s);
    QCOMPARE(info->spec.targets, plan->targets);
    QCOMPARE(info->spec.options.budgetUsd, std::optional<double>(1.5));
    QCOMPARE(info->spec.options.concurrency, 3);
    QCOMPARE(info->spec.inputs.filter.promptVersion, u"v1"_s);
    QCOMPARE(info->estimate.calls, plan->estimate.calls);
    QVERIFY(std::abs(info->estimate.costUsd - plan->estimate.costUsd) < 1e-12);

    // Render errors are recorded at once; only the renderable calls are pending.
    auto tally = store.tally(*id);
    QVERIFY(tally.ok());
    QCOMPARE(tally->calls, qint64(10));
    QCOMPARE(tally->renderErrors, qint64(5));
    QCOMPARE(tally->pending(), qint64(5));
    auto pending = store.pendingCalls(*id);
    QVERIFY(pending.ok());
    QCOMPARE(pending->size(), 5);
    for (const PendingCall &p : *pending) {
        QCOMPARE(p.targetNo, 1);
        QCOMPARE(p.outputKey, plan->cases.at(p.caseNo).outputKey);
        auto prompt = store.renderedPrompt(*id, p.caseNo, p.targetNo);
        QVERIFY(prompt.ok());
        QCOMPARE(*prompt, plan->cases.at(p.caseNo).calls.at(1).prompt);
    }
    int seen = 0;
    QVERIFY(store.forEachResult(*id, [&](const ReplayResult &r) {
                     ++seen;
                     if (r.targetNo == 0) {
                         [&] {
                             QCOMPARE(r.status, ReplayResultStatus::RenderError);
                             QVERIFY(r.error.contains(u"customer_tier"_s));
                         }();
                     } else {
                         [&] { QCOMPARE(r.status, ReplayResultStatus::Pending); }();
                     }
                     return true;
                 }).ok());
    QCOMPARE(seen, 10);
    QVERIFY(store.setStatus(*id, ReplayRunStatus::Paused).ok());
    QCOMPARE(store.run(*id)->status, ReplayRunStatus::Paused);
    QVERIFY(!store.setStatus(*id + 100, ReplayRunStatus::Paused).ok());
    QVERIFY(!store.run(*id + 100).ok());
    auto runs = store.runs();
    QVERIFY(runs.ok());
    QCOMPARE(runs->first().id, *id);
}

void TestReplayPlan::streamedRunIsAllOrNothing()
{
    Workspace &ws = *m_session->workspace();
    ReplayRunStore store(ws);
    const qint64 runsBefore = store.runs()->size();
    const ReplaySpec spec = specFor({u"ticket_summary@v3"_s, u"ticket_summary@v1"_s}, u"ticket_summary"_s, u"v1"_s, 6);

    // Streamed case by case into the workspace: the same run as one created from a whole plan.
    auto writer = ReplayRunWriter::begin(ws, spec, u"demo.sqlite"_s, u"tester"_s);
    QVERIFY2(writer.ok(), qPrintable(writer.error()));
    int seen = 0;
    auto plan = planReplay(spec, m_session->outputs(), *m_registry, m_prices, &ws, [&](const PlannedCase &c) {
        ++seen;
        return (*writer)->add(c);
    });
    QVERIFY2(plan.ok(), qPrintable(plan.error()));
    QVERIFY(plan->cases.isEmpty()); // nothing was held
    QCOMPARE(seen, 6);
    QCOMPARE(plan->estimate.cases, qint64(6));
    QVERIFY((*writer)->commit(*plan).ok());
    const qint64 id = (*writer)->runId();
    writer->reset();
    auto info = store.run(id);
    QVERIFY2(info.ok(), qPrintable(info.error()));
    QCOMPARE(info->spec.targets, plan->targets);
    QCOMPARE(info->estimate.renderErrors, qint64(6));
    QCOMPARE(store.tally(id)->calls, qint64(12));
    QCOMPARE(store.tally(id)->renderErrors, qint64(6));
    QCOMPARE(store.pendingCalls(id)->size(), 6);

    // A sink that fails stops the plan with its reason.
    auto stopped = planReplay(spec, m_session->outputs(), *m_registry, m_prices, &ws, [n = 0](const PlannedCase &) mutable
                              -> Result<void> {
        if (++n == 3)
            return fail(u"disk full"_s);
        return {};
    });
    QVERIFY(!stopped.ok());
    QCOMPARE(stopped.error(), u"disk full"_s);

    // A writer dropped before commit() leaves nothing behind.
    qint64 abandoned = 0;
    {
        auto partial = ReplayRunWriter::begin(ws, spec, u"demo.sqlite"_s, u"tester"_s);
        QVERIFY(partial.ok());
        abandoned = (*partial)->runId();
        auto some = planReplay(spec, m_session->outputs(), *m_registry, m_prices, &ws,
                               [&](const PlannedCase &c) { return (*partial)->add(c); });
        QVERIFY(some.ok());
    }
    QVERIFY(!store.run(abandoned).ok());
    QCOMPARE(store.tally(abandoned)->calls, qint64(0));
    QCOMPARE(store.runs()->size(), runsBefore + 1);
}

QTEST_GUILESS_MAIN(TestReplayPlan)
#include "tst_replay_plan.moc"
