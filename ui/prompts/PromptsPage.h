#pragma once

#include "source/ConnectionInterrupter.h"

#include <memory>

#include "browse/LogSession.h"
#include "prompts/DraftStore.h"
#include "prompts/PromptUsage.h"
#include "prompts/PromptVersion.h"

#include <QThread>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace assay {

class DiffPanel;
class PromptEditor;
class PromptHighlighter;
class PromptsWorker;

// The prompts page: the registry's prompts and versions with how the log used each one, a
// version's text with its variables highlighted, a diff of any two versions or drafts, and an
// editor for the next version. Every database call runs on the page's worker thread.
class PromptsPage : public QWidget {
    Q_OBJECT
public:
    explicit PromptsPage(QWidget *parent = nullptr);
    ~PromptsPage() override;

    // `registry` is what `assay prompts --registry` takes: a folder, or a table name; empty
    // finds the source's prompt_versions-like table.
    void openSource(const SessionSpec &spec, const QString &registry = {});
    // Loads again (after the registry changed outside Assay).
    void reload();

    // Every version and draft known now, drafts last.
    QList<PromptVersion> allVersions() const;
    const QList<PromptUsage> &usage() const { return m_usage; }
    QTreeWidget *tree() const { return m_tree; }
    DiffPanel *diffPanel() const { return m_diff; }
    PromptEditor *editor() const { return m_editor; }
    // Selects name@version in the tree (and shows it); false when it is not listed.
    bool selectVersion(const QString &ref);
    // Opens the editor on name@version as the base of a new version.
    void startNewVersion(const QString &baseRef);
    // Opens a saved draft in the editor again.
    void continueDraft(const PromptDraft &draft);

Q_SIGNALS:
    void loaded();
    void problem(const QString &message);

private:
    void onLoaded(const QList<PromptVersion> &versions, const QList<PromptUsage> &usage,
                  const QList<PromptDraft> &drafts, const QString &registry, bool isTable, const QStringList &notes);
    void rebuildTree();
    void onSelectionChanged();
    void showVersion(const PromptVersion &v);
    const PromptVersion *findRef(const QString &ref) const;
    QString previousRef(const PromptVersion &v) const;
    QStringList takenVersions(const QString &name) const;

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter; // the worker's: stops its statement on close
    PromptsWorker *m_worker = nullptr;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_registryLabel = nullptr;
    QLabel *m_notes = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_meta = nullptr;
    QPlainTextEdit *m_text = nullptr;
    PromptHighlighter *m_highlighter = nullptr;
    QPushButton *m_newVersion = nullptr;
    DiffPanel *m_diff = nullptr;
    PromptEditor *m_editor = nullptr;

    QList<PromptVersion> m_versions;
    QList<PromptUsage> m_usage;
    QList<PromptDraft> m_drafts;
    bool m_registryIsTable = false;
    QString m_registry;
    QString m_current; // ref shown in the version tab
};

} // namespace assay
