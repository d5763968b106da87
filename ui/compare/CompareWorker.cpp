#include "compare/CompareWorker.h"

#include "compare/CompareRuns.h"
#include "eval/CaseVerdicts.h"
#include "eval/ComparisonChecks.h"
#include "eval/ComparisonLoader.h"
#include "eval/ComparisonSides.h"
#include "prompts/PromptRegistry.h"
#include "replay/ReplayRunStore.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Outputs this long are diffed whole; beyond it a diff would cost seconds for a view nobody reads.
constexpr qsizetype kDiffedChars = 200 * 1000;

} // namespace

CompareWorker::CompareWorker() = default;

CompareWorker::~CompareWorker()
{
    // The registry reads through the session's connection: it goes first.
    m_registry.reset();
    m_session.reset();
}

void CompareWorker::open(const SessionSpec &spec)
{
    m_registry.reset();
    m_session.reset();
    m_lastRequest.reset();
    auto session = LogSession::open(spec);
    if (!session) {
        Q_EMIT openFailed(session.error());
        return;
    }
    m_session = std::move(*session);
    if (!m_session->workspace()) {
        Q_EMIT openFailed(tr("Comparisons read replay runs from the workspace, which cannot be opened: %1")
                              .arg(m_session->workspaceError()));
        return;
    }
    auto registry = openPromptRegistry(&m_session->connection(), {}, m_session->schema().table);
    if (registry) {
        m_registry = std::move(*registry);
        m_registryError.clear();
    } else {
        m_registryError = registry.error();
    }
    Q_EMIT opened();
    listRuns();
}

void CompareWorker::setPrices(const PriceTable &prices)
{
    m_prices = prices;
    m_lastRequest.reset(); // costs of the baseline may change
}

void CompareWorker::listRuns()
{
    if (!m_session || !m_session->workspace())
        return;
    auto runs = listComparableRuns(*m_session->workspace());
    if (!runs) {
        Q_EMIT problem(tr("Replay runs unreadable: %1").arg(runs.error()));
        return;
    }
    Q_EMIT runsListed(*runs);
}

Result<ComparedPairs> CompareWorker::pairsFor(const CompareRequest &request)
{
    if (!m_session || !m_session->workspace())
        return fail(tr("No log is open."));
    Workspace &ws = *m_session->workspace();
    ReplayRunStore store(ws);
    auto info = store.run(request.runId);
    if (!info)
        return fail(info.error());
    auto a = sideOfRunFromKey(store, *info, request.sideA);
    if (!a)
        return fail(tr("Side A: %1").arg(a.error()));
    auto b = sideOfRunFromKey(store, *info, request.sideB);
    if (!b)
        return fail(tr("Side B: %1").arg(b.error()));
    if (*a == *b)
        return fail(tr("Pick two different sides: A and B are both %1.").arg(a->describe(info->spec.targets)));
    return loadComparedPairs(ws, m_session->outputs(), m_prices, request.runId, *a, *b);
}

void CompareWorker::compare(const CompareRequest &request)
{
    CompareReport report;
    report.request = request;
    const auto reply = [&](const QString &error) {
        report.error = error;
        Q_EMIT compared(report);
    };
    auto selection = JudgeSelection::parse(request.judges);
    if (!selection)
        return reply(selection.error());
    auto pairs = pairsFor(request);
    if (!pairs)
        return reply(pairs.error());
    if (pairs->cases == 0)
        return reply(tr("Run %1 has no cases: an empty comparison.").arg(request.runId));
    auto votes = loadAllVotes(*m_session->workspace(), *pairs);
    if (!votes)
        return reply(tr("Verdicts unreadable: %1").arg(votes.error()));
    // The run's prompt's default check set, as the CLI's compare uses without --checks.
    auto checks = defaultComparisonChecks(*m_session->workspace(), request.runId, {});
    if (!checks)
        return reply(tr("Check set unreadable: %1").arg(checks.error()));
    const QList<CheckPairResults> checked = *checks ? checkPairs(**checks, *pairs) : QList<CheckPairResults>{};
    report.summary = summarizeComparison(*pairs, *votes, *selection, checked, request.alpha);
    report.pairs = *pairs;
    report.votes = *votes;
    report.checked = checked;
    m_lastRequest = request;
    m_lastPairs = *pairs;
    Q_EMIT compared(report);
}

QString CompareWorker::promptRefOf(const ComparisonSide &side, const ComparedPairs &pairs, const ComparedPair &pair)
{
    if (const ReplayTarget *target = pairs.targetOf(side))
        return target->promptRef();
    // The baseline ran whatever prompt version the log says this output was made with.
    const LogSchema &schema = m_session->outputs().schema();
    const QVariant key = schema.idIsRowid || schema.idIsInteger ? QVariant(pair.outputKey.toLongLong()) : QVariant(pair.outputKey);
    auto record = m_session->outputs().fetchRecord(key, 1);
    if (!record)
        return {};
    const QString name = record->value(LogField::PromptName).toString();
    const QString version = record->value(LogField::PromptVersion).toString();
    return name.isEmpty() ? QString() : name + u'@' + version;
}

void CompareWorker::addPromptDiff(PairDetail &detail, const ComparedPairs &pairs, const ComparedPair &pair)
{
    detail.promptRefA = promptRefOf(pairs.a, pairs, pair);
    detail.promptRefB = promptRefOf(pairs.b, pairs, pair);
    if (detail.promptRefA.isEmpty() || detail.promptRefB.isEmpty()) {
        detail.promptNote = tr("The log does not say which prompt version the baseline used.");
        return;
    }
    if (!m_registry) {
        detail.promptNote = tr("No prompt registry: %1").arg(m_registryError);
        return;
    }
    const auto find = [this](const QString &ref) {
        const qsizetype at = ref.lastIndexOf(u'@');
        return m_registry->find(ref.left(at), ref.mid(at + 1));
    };
    auto before = find(detail.promptRefA);
    auto after = find(detail.promptRefB);
    if (!before || !after) {
        detail.promptNote = !before ? before.error() : after.error();
        return;
    }
    detail.promptDiff = computeDiff(*before, *after, false, detail.generation);
    detail.hasPromptDiff = true;
}

void CompareWorker::loadPair(const CompareRequest &request, int caseNo)
{
    PairDetail detail;
    detail.generation = request.generation;
    detail.caseNo = caseNo;
    const bool sameAsLast = m_lastRequest && m_lastRequest->runId == request.runId && m_lastRequest->sideA == request.sideA
                            && m_lastRequest->sideB == request.sideB;
    if (!sameAsLast) {
        auto pairs = pairsFor(request);
        if (!pairs) {
            detail.error = pairs.error();
            Q_EMIT pairLoaded(detail);
            return;
        }
        m_lastRequest = request;
        m_lastPairs = *pairs;
    }
    const ComparedPair *pair = m_lastPairs.pairForCase(caseNo);
    if (!pair) {
        detail.error = tr("Case %1 no longer has both outputs.").arg(caseNo);
        Q_EMIT pairLoaded(detail);
        return;
    }
    detail.sideA = m_lastPairs.a.describe(m_lastPairs.targets);
    detail.sideB = m_lastPairs.b.describe(m_lastPairs.targets);
    addPromptDiff(detail, m_lastPairs, *pair);
    DiffOptions options;
    options.wordLevel = false; // the view fills the spans of the rows it shows
    detail.outputDiff = diffTexts(pair->a.output.left(kDiffedChars), pair->b.output.left(kDiffedChars), options);
    auto verdicts = verdictsOnCase(*m_session->workspace(), request.runId, request.sideA, request.sideB, caseNo);
    if (verdicts)
        detail.verdicts = *verdicts;
    else
        detail.error = tr("Verdicts unreadable: %1").arg(verdicts.error());
    Q_EMIT pairLoaded(detail);
}

} // namespace assay
