#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/InterruptibleSession.h"
#include "browse/LogSession.h"
#include "prompts/DraftStore.h"
#include "prompts/PromptRegistry.h"
#include "prompts/PromptUsage.h"
#include "prompts/PromptVersion.h"

#include <QObject>
#include <QVariant>

#include <memory>

namespace assay {

// Everything the prompts page asks of the database, on a thread of its own with that thread's
// own LogSession (like BrowseWorker): the registry, usage per version, logged inputs for the
// editor's preview and coverage, and the workspace's drafts. Widgets never touch SQL.
class PromptsWorker : public QObject {
    Q_OBJECT
public:
    // The page stops this worker's statements with it before it waits for the thread.
    std::shared_ptr<ConnectionInterrupter> interrupter() const { return m_interrupter; }
    PromptsWorker();
    ~PromptsWorker() override;

public Q_SLOTS:
    // Opens the source and loads the registry, the usage stats and the drafts; loaded() follows.
    void open(const assay::SessionSpec &spec, const QString &registryChoice);
    void reload();
    // Recent outputs of prompt `name` (of any version), for the preview picker.
    void loadRecentOutputs(const QString &name, int limit);
    // The logged input of one output, as JSON text.
    void fetchInput(const QVariant &key);
    // Up to `limit` logged inputs of prompt `name`, for variable coverage.
    void sampleInputs(const QString &name, int limit);
    void saveDraft(const assay::PromptDraft &draft);
    void saveVersion(const assay::PromptVersion &version);

Q_SIGNALS:
    void loaded(const QList<assay::PromptVersion> &versions, const QList<assay::PromptUsage> &usage,
                const QList<assay::PromptDraft> &drafts, const QString &registry, bool registryIsTable,
                const QStringList &notes);
    void openFailed(const QString &message);
    void recentOutputsReady(const QString &name, const QVariantList &keys, const QStringList &labels);
    void inputReady(const QVariant &key, const QString &json);
    void inputFailed(const QVariant &key, const QString &message);
    void inputsSampled(const QString &name, const QStringList &inputs, const QString &note);
    void draftSaved(const assay::PromptDraft &draft);
    void versionSaved(const assay::PromptVersion &version);
    void problem(const QString &message);

private:
    OutputFilter filterFor(const QString &name) const;

    // Before the sessions: they publish their connections to it.
    std::shared_ptr<ConnectionInterrupter> m_interrupter = std::make_shared<ConnectionInterrupter>();
    InterruptibleSession m_session{m_interrupter};
    std::unique_ptr<PromptRegistry> m_registry;
    QString m_registryError;
};

} // namespace assay

