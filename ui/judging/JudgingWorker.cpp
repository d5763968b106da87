#include "judging/JudgingWorker.h"

#include "compare/CompareRuns.h"
#include "eval/ComparisonLoader.h"
#include "eval/JudgingSampler.h"
#include "labels/LabelStore.h"
#include "replay/ReplayRunStore.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

SideReveal sideReveal(const QString &side, const ComparisonSide &which, const QList<ReplayTarget> &targets,
                      const PairSideOutput &output)
{
    return SideReveal{side, which.describe(targets), output.costUsd, output.latencyMs, output.outputTokens};
}

QString describedSide(const QString &key, const QList<ReplayTarget> &targets)
{
    auto side = comparisonSideFromKey(key, targets);
    return side ? side->describe(targets) : key;
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
        QList<ReplayTarget> targets;
        if (auto info = ReplayRunStore(ws).run(s.runId))
            targets = info->spec.targets;
        row.sideAName = describedSide(s.sideA, targets);
        row.sideBName = describedSide(s.sideB, targets);
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
    auto info = ReplayRunStore(ws).run(request.runId);
    if (!info) {
        Q_EMIT createFailed(info.error());
        return;
    }
    auto a = comparisonSideFromKey(request.sideA, info->spec.targets);
    auto b = comparisonSideFromKey(request.sideB, info->spec.targets);
    if (!a || !b) {
        Q_EMIT createFailed(!a ? a.error() : b.error());
        return;
    }
    auto pairs = loadComparedPairs(ws, m_session->outputs(), m_prices, request.runId, *a, *b);
    if (!pairs) {
        Q_EMIT createFailed(pairs.error());
        return;
    }
    if (pairs->pairs.isEmpty()) {
        Q_EMIT createFailed(tr("Run %1 has no case with both outputs (%2 cases, %3 excluded): nothing to judge.")
                                .arg(request.runId)
                                .arg(pairs->cases)
                                .arg(pairs->excluded.total()));
        return;
    }
    const QList<JudgingPair> drawn = drawJudgingPairs(*pairs, request.size, request.seed);
    JudgingSession s;
    s.name = request.name.trimmed();
    s.runId = request.runId;
    s.sideA = a->key();
    s.sideB = b->key();
    s.seed = request.seed;
    s.size = int(drawn.size());
    s.createdBy = m_judge;
    if (auto created = JudgingStore(ws).createSession(s, drawn); !created) {
        Q_EMIT createFailed(created.error());
        return;
    }
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
            view.mine.insert(v.pairNo, JudgedPair{v, revealOf(v.pairNo)});
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
    Q_EMIT saved(request, JudgedPair{*verdict, revealOf(pairNo)});
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
    Q_EMIT undone(request, pairNo, now.has_value(), now ? JudgedPair{*now, revealOf(pairNo)} : JudgedPair{});
}

} // namespace assay
