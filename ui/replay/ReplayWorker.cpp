#include "replay/ReplayWorker.h"

#include "labels/ReviewSessionStore.h"
#include "prompts/PromptRegistry.h"
#include "query/FilterSql.h"
#include "replay/ReplayDatasets.h"
#include "replay/ReplayKeyCheck.h"
#include "replay/ReplayResultsWriter.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

ReplayWorker::ReplayWorker() = default;

ReplayWorker::~ReplayWorker()
{
    // The registry reads through the session's connection: it goes first.
    m_registry.reset();
    m_session.reset();
}

void ReplayWorker::open(const SessionSpec &spec)
{
    m_registry.reset();
    m_session.reset();
    auto session = LogSession::open(spec);
    if (!session) {
        Q_EMIT openFailed(session.error());
        return;
    }
    m_session = std::move(*session);
    auto registry = openPromptRegistry(&m_session->connection(), {}, m_session->schema().table);
    if (registry) {
        m_registry = std::move(*registry);
        m_registryError.clear();
    } else {
        m_registryError = registry.error();
    }
    Q_EMIT opened(readChoices());
    listRuns();
}

void ReplayWorker::setPrices(const PriceTable &prices)
{
    m_prices = prices;
}

ReplayChoices ReplayWorker::readChoices()
{
    ReplayChoices choices;
    QStringList notes;
    if (m_registry) {
        auto versions = m_registry->loadAll();
        if (versions) {
            QList<PromptVersion> sorted = *versions;
            // Per name, the newest version first: the one a replay most often tries.
            std::stable_sort(sorted.begin(), sorted.end(), [](const PromptVersion &a, const PromptVersion &b) {
                if (a.name != b.name)
                    return a.name < b.name;
                return a.createdAt > b.createdAt;
            });
            for (const PromptVersion &v : sorted)
                choices.promptRefs << v.name + u'@' + v.version;
        } else {
            notes << tr("Prompt registry unreadable: %1").arg(versions.error());
        }
    } else {
        notes << tr("No prompt registry: %1").arg(m_registryError);
    }
    if (Workspace *ws = m_session->workspace()) {
        if (auto names = ReviewSessionStore(*ws).names())
            choices.reviewSessions = *names;
        if (auto names = ReplayDatasets(*ws).names())
            choices.datasets = *names;
    } else {
        notes << tr("Workspace unavailable: %1").arg(m_session->workspaceError());
    }
    choices.note = notes.join(u'\n');
    return choices;
}

void ReplayWorker::listRuns()
{
    if (!m_session || !m_session->workspace())
        return;
    ReplayRunStore store(*m_session->workspace());
    auto runs = store.runs();
    if (!runs) {
        Q_EMIT problem(tr("Replay runs unreadable: %1").arg(runs.error()));
        return;
    }
    QList<ReplayRunRow> rows;
    for (const ReplayRunInfo &info : *runs) {
        auto tally = store.tally(info.id);
        if (!tally) {
            Q_EMIT problem(tr("Replay run %1 unreadable: %2").arg(info.id).arg(tally.error()));
            continue;
        }
        rows << ReplayRunRow{info, *tally};
    }
    Q_EMIT runsListed(rows);
}

Result<ReplayPlan> ReplayWorker::plan(ReplayRequest &request)
{
    if (!m_session)
        return fail(tr("No log is open."));
    if (!m_registry)
        return fail(tr("No prompt registry: %1").arg(m_registryError));
    ReplaySpec &spec = request.spec;
    if (spec.targets.isEmpty())
        return fail(tr("Add a target: the prompt version and model to send to."));
    if (!request.reviewSession.isEmpty()) {
        if (!m_session->workspace())
            return fail(tr("Review sessions live in the workspace, which cannot be opened: %1").arg(m_session->workspaceError()));
        auto session = ReviewSessionStore(*m_session->workspace()).load(request.reviewSession);
        if (!session)
            return fail(session.error());
        spec.inputs.kind = ReplayInputs::Kind::Ids;
        spec.inputs.ids.clear();
        for (const ReviewItem &item : session->items)
            spec.inputs.ids << item.outputKey;
    }
    if (spec.inputs.kind == ReplayInputs::Kind::Ids && spec.inputs.ids.isEmpty())
        return fail(tr("No outputs chosen: select some in the Outputs page first."));
    if (spec.inputs.kind == ReplayInputs::Kind::Filter) {
        // A filter over every prompt would mostly replay inputs the target's template cannot
        // render; by default take the outputs the same prompt logged (any version).
        if (request.onlyPromptsOwnOutputs && spec.inputs.filter.promptName.isEmpty()
            && m_session->schema().has(LogField::PromptName)) {
            spec.inputs.filter.promptName = spec.targets.first().promptName;
            spec.inputs.filter.promptVersion.clear();
        }
        if (const QStringList unsupported = unsupportedFilters(m_session->schema(), spec.inputs.filter); !unsupported.isEmpty())
            return fail(unsupported.join(u"; "_s));
    }
    auto planned = planReplay(spec, m_session->outputs(), *m_registry, m_prices, m_session->workspace());
    if (!planned)
        return planned;
    if (planned->cases.isEmpty())
        return fail(tr("No logged outputs match: nothing to replay."));
    if (spec.options.budgetUsd && planned->estimate.unpricedCalls > 0)
        return fail(tr("A budget needs a price for %1: add one in Settings ▸ Prices.")
                        .arg(planned->estimate.unpricedModels.join(u", "_s)));
    return planned;
}

void ReplayWorker::estimate(quint64 requestNo, const ReplayRequest &request)
{
    ReplayRequest resolved = request;
    ReplayEstimateReply reply;
    reply.requestNo = requestNo;
    auto planned = plan(resolved);
    if (!planned) {
        reply.error = planned.error();
    } else {
        reply.estimate = planned->estimate;
        reply.targets = planned->targets;
        reply.keyProblems = replayKeyProblems(planned->targets);
    }
    Q_EMIT estimated(reply);
}

void ReplayWorker::create(const ReplayRequest &request)
{
    ReplayRequest resolved = request;
    auto planned = plan(resolved);
    if (!planned) {
        Q_EMIT createFailed(planned.error(), {});
        return;
    }
    // A missing key stops here, before anything is stored (as the CLI does).
    if (const QStringList keys = replayKeyProblems(planned->targets); !keys.isEmpty()) {
        Q_EMIT createFailed(tr("A provider cannot be reached."), keys);
        return;
    }
    Workspace *ws = m_session->workspace();
    if (!ws) {
        Q_EMIT createFailed(tr("Replay keeps its results in the workspace, which cannot be opened: %1")
                                .arg(m_session->workspaceError()), {});
        return;
    }
    const QString user = qEnvironmentVariable("USER");
    if (!resolved.saveAsDataset.trimmed().isEmpty()) {
        // The run's cases are the dataset's outputs: runs over it later compare with this one.
        resolved.spec.inputs.savedAs = resolved.saveAsDataset.trimmed();
        QStringList keys;
        for (const PlannedCase &c : planned->cases)
            keys << c.outputKey;
        const QString note = QString::fromUtf8(QJsonDocument(resolved.spec.inputs.toJson()).toJson(QJsonDocument::Compact));
        if (auto saved = ReplayDatasets(*ws).create(resolved.saveAsDataset.trimmed(), keys, user, note); !saved) {
            Q_EMIT createFailed(saved.error(), {});
            return;
        }
    }
    auto runId = ReplayRunStore(*ws).createRun(resolved.spec, *planned, m_session->connection().location().displayName(), user);
    if (!runId) {
        Q_EMIT createFailed(runId.error(), {});
        return;
    }
    Q_EMIT created(*runId);
    Q_EMIT opened(readChoices()); // a new dataset joins the lists
    listRuns();
}

void ReplayWorker::loadComparison(qint64 runId)
{
    if (!m_session || !m_session->workspace())
        return;
    ReplayRunStore store(*m_session->workspace());
    auto comparison = loadReplayComparison(store, m_session->outputs(), m_prices, runId);
    if (!comparison) {
        Q_EMIT problem(tr("Results of run %1 unreadable: %2").arg(runId).arg(comparison.error()));
        return;
    }
    Q_EMIT comparisonLoaded(*comparison);
}

void ReplayWorker::exportResults(qint64 runId, const QString &path, const QString &format)
{
    if (!m_session || !m_session->workspace())
        return;
    ReplayRunStore store(*m_session->workspace());
    auto written = writeReplayResults(store, runId, path, format);
    if (!written) {
        Q_EMIT problem(tr("Export failed: %1").arg(written.error()));
        return;
    }
    Q_EMIT exported(path, *written);
}

} // namespace assay
