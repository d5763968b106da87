#include "dashboard/DashboardWorker.h"

#include "analytics/BudgetCheck.h"
#include "dashboard/UsageSource.h"
#include "prompts/PromptUsage.h"
#include "targets/TargetStore.h"

#include <QElapsedTimer>
#include <QHash>

using namespace Qt::StringLiterals;

namespace assay {

DashboardWorker::DashboardWorker() = default;
DashboardWorker::~DashboardWorker() = default;

void DashboardWorker::open(const SessionSpec &spec)
{
    m_session.reset();
    m_budgetSession.reset();
    m_promptHistory.reset();
    m_spec = spec;
    SessionSpec readOnly = spec;
    readOnly.useWorkspace = false; // the figures come from the log alone
    auto session = LogSession::open(readOnly);
    if (!session) {
        Q_EMIT openFailed(session.error());
        return;
    }
    m_session = std::move(*session);
    Q_EMIT opened(m_session->schema().dialect == SqlDialect::PostgreSQL);
}

void DashboardWorker::setPrices(const PriceTable &prices)
{
    m_prices = prices;
}

Result<QList<UsageBucket>> DashboardWorker::usage(const DashboardQuery &query, const DayRange &range,
                                                  UsagePeriod period, UsageGroupBy group)
{
    AggregateRequest request;
    request.filter.since = range.since(query.zone);
    request.filter.until = range.until(query.zone);
    request.period = period;
    request.groupBy = group;
    request.timeZone = query.zone;
    return fetchUsage(*m_session, m_prices, request);
}

void DashboardWorker::load(quint64 generation, const DashboardQuery &query)
{
    if (superseded(generation))
        return;
    if (!m_session) {
        Q_EMIT failed(generation, tr("No source is open."));
        return;
    }
    if (!query.range.isValid()) {
        Q_EMIT failed(generation, tr("The range is empty: its first day is after its last."));
        return;
    }
    QElapsedTimer clock;
    clock.start();
    const LogSchema &schema = m_session->schema();
    DashboardData data;
    data.query = query;
    data.postgres = schema.dialect == SqlDialect::PostgreSQL;
    data.periods = periodsOf(query.range, query.period, query.zone);

    UsageGroupBy groupBy = query.groupBy;
    const LogField groupField = groupBy == UsageGroupBy::Model    ? LogField::Model
                                : groupBy == UsageGroupBy::Prompt ? LogField::PromptName
                                                                  : LogField::Feature;
    if (!schema.has(groupField)) {
        data.notes << tr("This log has no %1 column: the charts show all calls together.").arg(usageGroupByName(groupBy));
        groupBy = UsageGroupBy::None;
    }
    data.query.groupBy = groupBy;

    auto overall = usage(query, query.range, query.period, UsageGroupBy::None);
    if (!overall) {
        Q_EMIT failed(generation, overall.error());
        return;
    }
    data.overall = std::move(*overall);
    if (data.overall.isEmpty()) {
        findNewestCall(data);
        Q_EMIT ready(generation, data);
        return;
    }

    if (superseded(generation))
        return;
    if (groupBy == UsageGroupBy::None) {
        data.byGroup = data.overall;
    } else {
        auto grouped = usage(query, query.range, query.period, groupBy);
        if (!grouped) {
            Q_EMIT failed(generation, grouped.error());
            return;
        }
        data.byGroup = std::move(*grouped);
    }

    if (superseded(generation))
        return;
    if (schema.has(LogField::Feature)) {
        if (groupBy == UsageGroupBy::Feature) {
            data.byFeature = data.byGroup;
        } else {
            auto features = usage(query, query.range, query.period, UsageGroupBy::Feature);
            if (!features) {
                Q_EMIT failed(generation, features.error());
                return;
            }
            data.byFeature = std::move(*features);
        }
        if (superseded(generation))
            return;
        auto previous = usage(query, query.range.previous(), query.period, UsageGroupBy::Feature);
        if (!previous) {
            Q_EMIT failed(generation, previous.error());
            return;
        }
        data.previousByFeature = std::move(*previous);
    } else {
        data.notes << tr("This log has no feature column: the table per feature is empty.");
    }
    if (!schema.has(LogField::Feedback))
        data.notes << tr("This log has no feedback column: there is no quality trend to draw.");
    if (!schema.has(LogField::LatencyMs))
        data.notes << tr("This log has no latency column: there are no latency percentiles.");
    if (query.rereadPromptHistory)
        m_promptHistory.reset();
    findRollouts(data);
    data.elapsedMs = clock.elapsed();
    Q_EMIT ready(generation, data);
}

void DashboardWorker::checkBudgets(quint64 generation, const QDate &asOf, const QTimeZone &zone)
{
    if (!m_session) {
        Q_EMIT budgetCheckFailed(generation, tr("No source is open."));
        return;
    }
    auto session = workspaceSession();
    if (!session) {
        Q_EMIT budgetCheckFailed(generation, session.error());
        return;
    }
    auto check = assay::checkBudgets(**session, m_prices, asOf, zone);
    if (!check) {
        Q_EMIT budgetCheckFailed(generation, check.error());
        return;
    }
    Q_EMIT budgetsChecked(generation, *check);
}

void DashboardWorker::checkTargets(quint64 generation, const QDateTime &now)
{
    if (!m_session) {
        Q_EMIT targetCheckFailed(generation, tr("No source is open."));
        return;
    }
    auto session = workspaceSession();
    if (!session) {
        Q_EMIT targetCheckFailed(generation, session.error());
        return;
    }
    Workspace *workspace = (*session)->workspace();
    if (!workspace) {
        Q_EMIT targetCheckFailed(generation, (*session)->workspaceError());
        return;
    }
    auto targets = effectiveTargets(*workspace, QString());
    if (!targets) {
        Q_EMIT targetCheckFailed(generation, targets.error());
        return;
    }
    auto statuses = assay::checkTargets(**session, m_prices, *targets, now);
    if (!statuses) {
        Q_EMIT targetCheckFailed(generation, statuses.error());
        return;
    }
    Q_EMIT targetsChecked(generation, *statuses);
}

Result<LogSession *> DashboardWorker::workspaceSession()
{
    if (!m_budgetSession) {
        SessionSpec withWorkspace = m_spec;
        withWorkspace.useWorkspace = true;
        auto session = LogSession::open(withWorkspace);
        if (!session)
            return fail(session.error());
        m_budgetSession = std::move(*session);
    }
    return m_budgetSession.get();
}

void DashboardWorker::findRollouts(DashboardData &data)
{
    if (!m_session->schema().has(LogField::PromptName))
        return;
    // First use over the whole log, not the range: a version that was already live before the
    // range starts is no change inside it. That pass costs seconds on a million rows, and first
    // uses only change when a version ships, so it is kept for the session (Refresh re-reads it).
    if (!m_promptHistory) {
        auto history = promptUsage(m_session->connection(), m_session->schema());
        if (!history) {
            data.notes << tr("Prompt version changes unavailable: %1").arg(history.error());
            return;
        }
        m_promptHistory = std::move(*history);
    }
    const QList<PromptUsage> &versions = *m_promptHistory;
    // A prompt's first version in the log is where the log (or the feature) starts, not a
    // change of prompt: only the versions that came after another one are marked.
    QHash<QString, QDateTime> firstOfName;
    for (const PromptUsage &u : versions) {
        QDateTime &first = firstOfName[u.name];
        if (u.firstSeen.isValid() && (!first.isValid() || u.firstSeen < first))
            first = u.firstSeen;
    }
    const QDateTime since = data.query.range.since(data.query.zone);
    const QDateTime until = data.query.range.until(data.query.zone);
    for (const PromptUsage &u : versions) {
        if (u.firstSeen.isValid() && u.firstSeen > firstOfName.value(u.name) && u.firstSeen >= since && u.firstSeen < until)
            data.rollouts.append({u.ref(), u.firstSeen});
    }
    std::sort(data.rollouts.begin(), data.rollouts.end(),
              [](const PromptRollout &a, const PromptRollout &b) { return a.firstSeen < b.firstSeen; });
}

void DashboardWorker::findNewestCall(DashboardData &data)
{
    PageRequest request;
    request.limit = 1; // newest first: the browser's default order
    auto page = m_session->outputs().fetchPage(request);
    if (!page || page->isEmpty()) {
        data.logIsEmpty = page.ok();
        return;
    }
    const QVariant at = page->first().value(LogField::CreatedAt);
    QDateTime time = at.toDateTime();
    if (!time.isValid())
        time = QDateTime::fromString(at.toString(), Qt::ISODateWithMs);
    if (time.isValid())
        data.newestCall = time;
}

} // namespace assay
