#include "judging/JudgingWorker.h"

#include "compare/CompareRuns.h"
#include "eval/ComparisonLoader.h"
#include "eval/ComparisonSides.h"
#include "eval/JudgingSessionStart.h"
#include "labels/LabelStore.h"
#include "replay/ReplayRunStore.h"
#include "replay/ReplayTarget.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

SideReveal sideReveal(const QString &side, const ComparisonSide &which, const QList<ReplayTarget> &targets,
                      const PairSideOutput &output)
{
    return SideReveal{side, which.describe(targets), output.costUsd, output.latencyMs, output.outputTokens};
}

QString describedSide(ReplayRunStore &store, const std::optional<ReplayRunInfo> &run, const QString &key)
{
    if (!run)
        return key;
    auto side = sideOfRunFromKey(store, *run, key);
    return side ? side->describe(run->spec.targets) : key;
}

} // namespace

JudgingWorker::JudgingWorker() : m_openError(tr("No source is open."))
{
}

JudgingWorker::~JudgingWorker() = default;

void JudgingWorker::open(const SessionSpec &spec, const QString &judge)
{
    m_session.reset();
    m_loaded.clear();
    auto session = LogSession::open(spec);
    if (!session) {
        m_openError = session.error();
        Q_EMIT openFailed(m_openError);
        return;
    }
    m_session = std::move(*session);
    Workspace *ws = m_session->workspace();
    if (!ws) {
        m_openError = tr("Judging sessions live in the workspace, which did not open: %1").arg(m_session->workspaceError());
        m_session.reset();
        Q_EMIT openFailed(m_openError);
        return;
    }
    // The same name rule as labels: the one chosen, else the OS user; the role on PostgreSQL.
    m_judge = LabelStore(*ws, judge).reviewer();
    Q_EMIT opened(m_judge, ws->dialect() == SqlDialect::PostgreSQL);
    listSessions();
}

void JudgingWorker::setPrices(const PriceTable &prices)
{
    m_prices = prices;
}

bool JudgingWorker::ready(const QString &session)
{
    if (!m_session) {
        Q_EMIT problem(m_openError);
        return false;
    }
    if (!session.isEmpty() && session != m_loaded) {
        Q_EMIT problem(tr("Session %1 is not loaded.").arg(session));
        return false;
    }
    return true;
}

void JudgingWorker::listSessions()
{
    if (!ready({}))
        return;
    Workspace &ws = *m_session->workspace();
    JudgingStore store(ws);
    auto sessions = store.sessions();
    if (!sessions) {
        Q_EMIT problem(tr("Judging sessions unreadable: %1").arg(sessions.error()));
        return;
    }
    QList<JudgingSessionRow> rows;
    for (const JudgingSession &s : *sessions) {
        JudgingSessionRow row;
        row.session = s;
        ReplayRunStore runs(ws);
        std::optional<ReplayRunInfo> run;
        if (auto info = runs.run(s.runId))
            run = *info;
        row.sideAName = describedSide(runs, run, s.sideA);
        row.sideBName = describedSide(runs, run, s.sideB);
        if (auto verdicts = store.currentVerdicts(s.name)) {
            row.verdicts = int(verdicts->size());
            row.judgedByMe = int(std::count_if(verdicts->cbegin(), verdicts->cend(),
                                               [this](const PairVerdict &v) { return v.judge == m_judge; }));
        }
        rows << row;
    }
    Q_EMIT sessionsListed(rows);
}

void JudgingWorker::listRuns()
{
    if (!ready({}))
        return;
    auto runs = listComparableRuns(*m_session->workspace());
    if (!runs) {
        Q_EMIT problem(tr("Replay runs unreadable: %1").arg(runs.error()));
        return;
    }
    Q_EMIT runsListed(*runs);
}

void JudgingWorker::createSession(const JudgingRequest &request)
{
    if (!m_session) {
        Q_EMIT createFailed(m_openError);
        return;
    }
    Workspace &ws = *m_session->workspace();
    ReplayRunStore runs(ws);
    auto info = runs.run(request.runId);
    if (!info) {
        Q_EMIT createFailed(info.error());
        return;
    }
    auto a = sideOfRunFromKey(runs, *info, request.sideA);
    auto b = sideOfRunFromKey(runs, *info, request.sideB);
    if (!a || !b) {
        Q_EMIT createFailed(!a ? a.error() : b.error());
        return;
    }
    auto started = startJudgingSession(ws, m_session->outputs(), m_prices,
                                       {request.name, request.runId, *a, *b, request.size, request.seed, m_judge});
    if (!started) {
        Q_EMIT createFailed(started.error());
        return;
    }
    const JudgingSession &s = started->session;
    const QList<JudgingPair> &drawn = started->drawn;
    const ComparedPairs *pairs = &started->pairs;
    Q_EMIT sessionCreated(s.name, int(drawn.size()), int(pairs->pairs.size()));
    listSessions();
}

PairReveal JudgingWorker::revealOf(int pairNo) const
{
    PairReveal reveal;
    reveal.pairNo = pairNo;
    const auto drawn = std::find_if(m_drawn.cbegin(), m_drawn.cend(), [pairNo](const JudgingPair &p) { return p.pairNo == pairNo; });
    if (drawn == m_drawn.cend())
        return reveal;
    const ComparedPair *pair = m_pairs.pairForCase(drawn->caseNo);
    if (!pair)
        return reveal;
    reveal.feature = pair->feature;
    const SideReveal a = sideReveal(u"A"_s, m_pairs.a, m_pairs.targets, pair->a);
    const SideReveal b = sideReveal(u"B"_s, m_pairs.b, m_pairs.targets, pair->b);
    reveal.left = drawn->aOnLeft ? a : b;
    reveal.right = drawn->aOnLeft ? b : a;
    return reveal;
}

void JudgingWorker::loadSession(const QString &name)
{
    if (!m_session) {
        Q_EMIT loadFailed(m_openError);
        return;
    }
    Workspace &ws = *m_session->workspace();
    JudgingStore store(ws);
    auto session = store.session(name);
    if (!session) {
        Q_EMIT loadFailed(session.error());
        return;
    }
    auto drawn = store.pairs(name);
    if (!drawn) {
        Q_EMIT loadFailed(drawn.error());
        return;
    }
    auto pairs = loadSessionPairs(ws, m_session->outputs(), m_prices, *session);
    if (!pairs) {
        Q_EMIT loadFailed(pairs.error());
        return;
    }
    auto verdicts = store.currentVerdicts(name);
    if (!verdicts) {
        Q_EMIT loadFailed(verdicts.error());
        return;
    }
    m_loaded = name;
    m_drawn = *drawn;
    m_pairs = *pairs;
    JudgingSessionView view;
    view.session = *session;
    view.judge = m_judge;
    for (const JudgingPair &p : std::as_const(m_drawn)) {
        const ComparedPair *compared = m_pairs.pairForCase(p.caseNo);
        if (!compared) {
            ++view.missing;
            continue;
        }
        const PairSideOutput &left = p.aOnLeft ? compared->a : compared->b;
        const PairSideOutput &right = p.aOnLeft ? compared->b : compared->a;
        view.pairs << BlindPair{p.pairNo, compared->input, left.output, right.output};
    }
    for (const PairVerdict &v : *verdicts) {
        if (v.judge == m_judge)
            view.mine.insert(v.pairNo, RevealedVerdict{v, revealOf(v.pairNo)});
    }
    Q_EMIT sessionLoaded(view);
}

void JudgingWorker::record(quint64 request, const QString &session, int pairNo, int choice, const QString &note)
{
    if (!m_session || session != m_loaded) {
        Q_EMIT saveFailed(request, pairNo, m_session ? tr("Session %1 is not loaded.").arg(session) : m_openError);
        return;
    }
    auto verdict = JudgingStore(*m_session->workspace()).record(session, pairNo, m_judge, PairChoice(choice), note);
    if (!verdict) {
        Q_EMIT saveFailed(request, pairNo, verdict.error());
        return;
    }
    // Only now, with the commit returned, is the verdict saved, and the sides may be told.
    Q_EMIT saved(request, RevealedVerdict{*verdict, revealOf(pairNo)});
}

std::optional<PairVerdict> JudgingWorker::currentOf(const QString &session, int pairNo, QString *error)
{
    auto verdicts = JudgingStore(*m_session->workspace()).currentVerdicts(session);
    if (!verdicts) {
        *error = verdicts.error();
        return std::nullopt;
    }
    for (const PairVerdict &v : *verdicts) {
        if (v.pairNo == pairNo && v.judge == m_judge)
            return v;
    }
    return std::nullopt;
}

void JudgingWorker::undo(quint64 request, const QString &session, int pairNo, qint64 verdictId)
{
    if (!m_session || session != m_loaded) {
        Q_EMIT undoRefused(request, pairNo, m_session ? tr("Session %1 is not loaded.").arg(session) : m_openError);
        return;
    }
    if (auto undone = JudgingStore(*m_session->workspace()).undo(session, m_judge, verdictId); !undone) {
        Q_EMIT undoRefused(request, pairNo, undone.error());
        return;
    }
    // Undo brings back the verdict before it, if there was one: the screen shows what now stands.
    QString error;
    const std::optional<PairVerdict> now = currentOf(session, pairNo, &error);
    if (!error.isEmpty())
        Q_EMIT problem(tr("Undone, but the verdicts could not be read back: %1").arg(error));
    Q_EMIT undone(request, pairNo, now.has_value(), now ? RevealedVerdict{*now, revealOf(pairNo)} : RevealedVerdict{});
}

} // namespace assay

namespace assay {

std::optional<JudgeModelEstimate> JudgingWorker::prepare(const JudgeModelRequest &asked, PreparedJudgeRun *prepared)
{
    if (!m_session) {
        Q_EMIT judgeRunFailed(m_openError);
        return std::nullopt;
    }
    const auto refuse = [this](const QString &message) {
        Q_EMIT judgeRunFailed(message);
        return std::nullopt;
    };
    JudgeRunRequest r;
    r.session = asked.session;
    r.provider = asked.provider;
    if (!isKnownReplayProvider(r.provider))
        return refuse(tr("Pick the judge's provider."));
    r.model = asked.model.trimmed();
    if (r.model.isEmpty())
        return refuse(tr("Name the judge model."));
    r.baseUrl = asked.baseUrl.trimmed();
    if (!r.baseUrl.isEmpty()) {
        if (auto checked = checkStoredBaseUrl(r.baseUrl); !checked)
            return refuse(checked.error());
    }
    auto rubric = JudgeRubric::fromText(asked.rubricText, asked.rubricOrigin.isEmpty() ? u"edited"_s : asked.rubricOrigin);
    if (!rubric)
        return refuse(tr("Rubric: %1").arg(rubric.error()));
    r.rubric = *rubric;
    r.criteria = asked.criteria.trimmed();
    if (r.criteria.isEmpty())
        return refuse(tr("Say what the judge weighs the responses by (the criteria)."));
    if (asked.maxTokens < 16)
        return refuse(tr("The judge needs at least 16 output tokens."));
    r.maxTokens = asked.maxTokens;
    if (asked.budgetUsd > 0)
        r.options.budgetUsd = asked.budgetUsd;
    Workspace &ws = *m_session->workspace();
    auto session = JudgingStore(ws).session(asked.session);
    if (!session)
        return refuse(session.error());
    auto made = prepareJudgeRun(ws, m_session->outputs(), m_prices, *session, r);
    if (!made)
        return refuse(made.error());
    JudgeModelEstimate e;
    e.request = asked;
    e.pairs = made->pairs;
    e.pendingCalls = made->pendingCalls;
    e.totalCalls = made->totalCalls;
    if (made->existing)
        e.existingRunId = made->existing->runId;
    else
        e.estimate = made->plan->plan.estimate;
    *prepared = std::move(*made);
    return e;
}

void JudgingWorker::estimateJudgeRun(const JudgeModelRequest &request)
{
    PreparedJudgeRun prepared;
    if (auto estimate = prepare(request, &prepared))
        Q_EMIT judgeRunEstimated(*estimate);
}

void JudgingWorker::startJudgeRun(const JudgeModelRequest &request)
{
    PreparedJudgeRun prepared;
    if (!prepare(request, &prepared))
        return;
    Workspace &ws = *m_session->workspace();
    auto link = createOrResumeJudgeRun(ws, prepared, m_session->connection().location().displayName(), m_judge);
    if (!link) {
        Q_EMIT judgeRunFailed(link.error());
        return;
    }
    Q_EMIT judgeRunReady(link->runId, request.session);
}

void JudgingWorker::sessionForSides(qint64 runId, const QString &sideA, const QString &sideB)
{
    if (!m_session) {
        Q_EMIT judgeRunFailed(m_openError);
        return;
    }
    Workspace &ws = *m_session->workspace();
    auto sessions = JudgingStore(ws).sessions();
    if (!sessions) {
        Q_EMIT judgeRunFailed(tr("Judging sessions unreadable: %1").arg(sessions.error()));
        return;
    }
    QStringList taken;
    for (const JudgingSession &s : *sessions) { // newest first
        if (s.runId == runId && s.sideA == sideA && s.sideB == sideB) {
            Q_EMIT sessionForSidesReady(s.name);
            return;
        }
        taken << s.name;
    }
    ReplayRunStore runs(ws);
    auto info = runs.run(runId);
    if (!info) {
        Q_EMIT judgeRunFailed(info.error());
        return;
    }
    auto a = sideOfRunFromKey(runs, *info, sideA);
    auto b = sideOfRunFromKey(runs, *info, sideB);
    if (!a || !b) {
        Q_EMIT judgeRunFailed(!a ? a.error() : b.error());
        return;
    }
    QString name = u"run%1 %2 vs %3"_s.arg(runId).arg(sideA, sideB);
    for (int n = 2; taken.contains(name); ++n)
        name = u"run%1 %2 vs %3 (%4)"_s.arg(runId).arg(sideA, sideB).arg(n);
    // Every pair: a model judges them all, unlike people in a meeting.
    auto started = startJudgingSession(ws, m_session->outputs(), m_prices, {name, runId, *a, *b, 100000, 1, m_judge});
    if (!started) {
        Q_EMIT judgeRunFailed(started.error());
        return;
    }
    listSessions();
    Q_EMIT sessionForSidesReady(name);
}

} // namespace assay
