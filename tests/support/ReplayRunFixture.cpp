#include "ReplayRunFixture.h"

#include "replay/ReplayPlan.h"
#include "replay/ReplayRunStore.h"
#include "replay/ReplaySpec.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace assay::test {

ReplayTarget fixtureTarget(const QString &promptRef, const QString &model)
{
    ReplayTarget t;
    t.promptName = promptRef.section(u'@', 0, 0);
    t.promptVersion = promptRef.section(u'@', 1);
    t.provider = u"anthropic"_s;
    t.model = model;
    return t;
}

qint64 writeReplayRun(Workspace &workspace, const QString &source, const QList<ReplayTarget> &targets,
                      const QList<FixtureCase> &cases, QString *error, const QString &dataset)
{
    ReplaySpec spec;
    spec.targets = targets;
    if (!dataset.isEmpty()) {
        spec.inputs.kind = ReplayInputs::Kind::Dataset;
        spec.inputs.dataset = dataset;
    }
    ReplayPlan plan;
    plan.targets = targets;
    for (const FixtureCase &c : cases) {
        PlannedCase planned;
        planned.outputKey = c.outputKey;
        for (qsizetype t = 0; t < targets.size(); ++t) {
            PlannedCall call;
            const bool renderError = c.outcomes.value(t).status == ReplayResultStatus::RenderError;
            call.prompt = renderError ? QString() : u"prompt for %1"_s.arg(c.outputKey);
            call.renderError = renderError ? u"missing variable {{tier}}"_s : QString();
            planned.calls << call;
        }
        plan.cases << planned;
    }
    ReplayRunStore store(workspace);
    auto id = store.createRun(spec, plan, source, u"fixture"_s);
    if (!id) {
        if (error)
            *error = id.error();
        return -1;
    }
    for (qsizetype caseNo = 0; caseNo < cases.size(); ++caseNo) {
        for (qsizetype t = 0; t < targets.size(); ++t) {
            const FixtureOutcome o = cases[caseNo].outcomes.value(t);
            if (o.status == ReplayResultStatus::Pending || o.status == ReplayResultStatus::RenderError)
                continue; // render errors are recorded by createRun
            ReplayResult r;
            r.caseNo = int(caseNo);
            r.targetNo = int(t);
            r.outputKey = cases[caseNo].outputKey;
            r.status = o.status;
            r.output = o.output;
            r.costUsd = o.costUsd;
            r.latencyMs = o.latencyMs;
            r.outputTokens = o.outputTokens;
            r.attempts = 1;
            r.error = o.status == ReplayResultStatus::Failed ? u"HTTP 529 overloaded after 4 attempts"_s : QString();
            r.completedAt = QDateTime::currentDateTimeUtc();
            if (auto saved = store.saveResult(*id, r); !saved) {
                if (error)
                    *error = saved.error();
                return -1;
            }
        }
    }
    return *id;
}

} // namespace assay::test
