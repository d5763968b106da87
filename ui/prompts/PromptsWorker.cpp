#include "prompts/PromptsWorker.h"

#include "prompts/TemplateCoverage.h"

using namespace Qt::StringLiterals;

namespace assay {

PromptsWorker::PromptsWorker() = default;

PromptsWorker::~PromptsWorker()
{
    // The registry reads through the session's connection: it goes first.
    m_registry.reset();
    m_session.reset();
}

void PromptsWorker::open(const SessionSpec &spec, const QString &registryChoice)
{
    m_registry.reset();
    m_session.reset();
    auto session = LogSession::open(spec);
    if (!session) {
        Q_EMIT openFailed(session.error());
        return;
    }
    m_session = std::move(*session);
    auto registry = openPromptRegistry(&m_session->connection(), registryChoice, m_session->schema().table);
    if (registry) {
        m_registry = std::move(*registry);
        m_registryError.clear();
    } else {
        m_registryError = registry.error();
    }
    reload();
}

void PromptsWorker::reload()
{
    if (!m_session)
        return;
    QStringList notes;
    QList<PromptVersion> versions;
    QString describe;
    bool isTable = false;
    if (m_registry) {
        describe = m_registry->describe();
        isTable = m_registry->origin() == PromptOrigin::Table;
        auto all = m_registry->loadAll();
        if (all)
            versions = std::move(*all);
        else
            notes << tr("Prompt registry unreadable: %1").arg(all.error());
        notes << m_registry->warnings();
    } else {
        notes << tr("No prompt registry: %1").arg(m_registryError);
    }

    // Usage needs prompt columns in the log; without them the page still lists the registry.
    QList<PromptUsage> usage;
    auto counted = promptUsage(m_session->connection(), m_session->schema());
    if (counted)
        usage = std::move(*counted);
    else
        notes << tr("Usage per version unavailable: %1").arg(counted.error());

    QList<PromptDraft> drafts;
    if (Workspace *ws = m_session->workspace()) {
        DraftStore store(*ws);
        auto listed = store.list();
        if (listed)
            drafts = std::move(*listed);
        else
            notes << tr("Drafts unavailable: %1").arg(listed.error());
    } else {
        notes << tr("Workspace unavailable, drafts cannot be kept: %1").arg(m_session->workspaceError());
    }
    Q_EMIT loaded(versions, usage, drafts, describe, isTable, notes);
}

OutputFilter PromptsWorker::filterFor(const QString &name) const
{
    OutputFilter filter;
    // A log without prompt columns cannot say which outputs a prompt made: every output is a
    // candidate then, which is still a real logged input.
    if (m_session && m_session->schema().has(LogField::PromptName))
        filter.promptName = name;
    return filter;
}

void PromptsWorker::loadRecentOutputs(const QString &name, int limit)
{
    if (!m_session)
        return;
    PageRequest request;
    request.filter = filterFor(name);
    request.limit = limit;
    auto page = m_session->outputs().fetchPage(request);
    if (!page) {
        Q_EMIT problem(tr("Recent outputs of %1: %2").arg(name, page.error()));
        Q_EMIT recentOutputsReady(name, {}, {});
        return;
    }
    QVariantList keys;
    QStringList labels;
    for (const OutputRecord &r : std::as_const(*page)) {
        keys << r.key;
        const QDateTime at = r.value(LogField::CreatedAt).toDateTime();
        QString label = r.key.toString();
        if (!r.value(LogField::PromptVersion).toString().isEmpty())
            label += u" · "_s + r.value(LogField::PromptVersion).toString();
        if (at.isValid())
            label += u" · "_s + at.toUTC().toString(u"yyyy-MM-dd HH:mm"_s);
        else if (!r.value(LogField::CreatedAt).toString().isEmpty())
            label += u" · "_s + r.value(LogField::CreatedAt).toString().left(16);
        labels << label;
    }
    Q_EMIT recentOutputsReady(name, keys, labels);
}

void PromptsWorker::fetchInput(const QVariant &key)
{
    if (!m_session)
        return;
    if (!m_session->schema().has(LogField::Input)) {
        Q_EMIT inputFailed(key, tr("The log has no input column: nothing to render the prompt with."));
        return;
    }
    auto record = m_session->outputs().fetchRecord(key, 0);
    if (!record) {
        Q_EMIT inputFailed(key, record.error());
        return;
    }
    Q_EMIT inputReady(key, record->value(LogField::Input).toString());
}

void PromptsWorker::sampleInputs(const QString &name, int limit)
{
    if (!m_session)
        return;
    auto inputs = sampleLoggedInputs(m_session->outputs(), filterFor(name), limit);
    if (!inputs) {
        Q_EMIT inputsSampled(name, {}, inputs.error());
        return;
    }
    Q_EMIT inputsSampled(name, *inputs, {});
}

void PromptsWorker::saveDraft(const PromptDraft &draft)
{
    Workspace *ws = m_session ? m_session->workspace() : nullptr;
    if (!ws) {
        Q_EMIT problem(tr("The draft was not saved: no workspace is open."));
        return;
    }
    PromptDraft copy = draft;
    DraftStore store(*ws);
    if (auto saved = store.save(copy); !saved) {
        Q_EMIT problem(tr("The draft was not saved: %1").arg(saved.error()));
        return;
    }
    Q_EMIT draftSaved(copy);
}

void PromptsWorker::saveVersion(const PromptVersion &version)
{
    if (!m_registry) {
        Q_EMIT problem(tr("No prompt registry to save %1 to.").arg(version.ref()));
        return;
    }
    if (auto saved = m_registry->saveNew(version); !saved) {
        Q_EMIT problem(tr("%1 was not saved: %2").arg(version.ref(), saved.error()));
        return;
    }
    Q_EMIT versionSaved(version);
    reload();
}

} // namespace assay
