#pragma once

#include "prompts/DiffJob.h"
#include "prompts/DraftStore.h"
#include "prompts/TemplateCoverage.h"

#include <QThreadPool>
#include <QVariant>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace assay {

class DiffView;
class PromptHighlighter;

// Writing the next version of a prompt: the text with its variables highlighted, a live diff
// against the base, a preview rendered with a real logged input (picked from recent outputs of
// the prompt) and the coverage of its variables over logged inputs. Diff, coverage and preview
// are computed together on a pool thread, 150 ms after the last keystroke. The editor asks the
// page for data through signals (the page's worker answers); it never touches the database.
class PromptEditor : public QWidget {
    Q_OBJECT
public:
    explicit PromptEditor(QWidget *parent = nullptr);
    ~PromptEditor() override;

    // Starts a new version from `base`; `taken` are the versions of that prompt that exist.
    void startFrom(const PromptVersion &base, const QStringList &taken, bool registryIsTable);
    // Continues a saved draft (its base, when known, is what it diffs against).
    void openDraft(const PromptDraft &draft, const PromptVersion &base, const QStringList &taken, bool registryIsTable);
    bool isActive() const { return !m_base.name.isEmpty(); }
    QString text() const;
    const PromptDraft &draft() const { return m_draft; }
    // The draft as it is in the editor now.
    PromptDraft currentDraft() const;
    DiffView *diffView() const { return m_diffView; }
    QString previewText() const;
    QString previewError() const;
    QString coverageText() const;

    // Answers to the requests below.
    void setRecentOutputs(const QString &name, const QVariantList &keys, const QStringList &labels);
    void setInput(const QVariant &key, const QString &json);
    void setInputFailed(const QVariant &key, const QString &message);
    void setSampledInputs(const QString &name, const QStringList &inputs, const QString &note);
    void draftSaved(const PromptDraft &draft);
    void versionSaved(const PromptVersion &version);

Q_SIGNALS:
    void recentOutputsWanted(const QString &name);
    void inputWanted(const QVariant &key);
    void sampleWanted(const QString &name);
    void saveDraftRequested(const assay::PromptDraft &draft);
    void saveVersionRequested(const assay::PromptVersion &version);
    // Every time a live result (diff, coverage, preview) lands.
    void updated();
    void problem(const QString &message);

private:
    struct Live {
        DiffResult diff;
        TemplateCoverage coverage;
        bool haveCoverage = false;
        QString preview;
        QString previewError;
    };
    void buildUi();
    void schedule();
    void recompute();
    void showLive(Live live);
    void saveVersion();
    PromptVersion currentVersion() const;

    PromptVersion m_base;
    PromptDraft m_draft;
    QStringList m_taken;
    bool m_registryIsTable = false;
    QStringList m_inputs; // sampled logged inputs, for coverage
    QString m_inputsNote;
    QVariant m_inputKey;
    QString m_inputJson; // the picked input, for the preview
    quint64 m_generation = 0;

    QLineEdit *m_version = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_temperature = nullptr;
    QLineEdit *m_maxTokens = nullptr;
    QLineEdit *m_labels = nullptr;
    QLineEdit *m_note = nullptr;
    QLabel *m_baseLabel = nullptr;
    QPlainTextEdit *m_text = nullptr;
    PromptHighlighter *m_highlighter = nullptr;
    QLabel *m_diffHeader = nullptr;
    DiffView *m_diffView = nullptr;
    QComboBox *m_inputCombo = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_previewError = nullptr;
    QLabel *m_coverage = nullptr;
    QPushButton *m_saveDraft = nullptr;
    QPushButton *m_saveVersion = nullptr;
    QTimer *m_debounce = nullptr;
    QThreadPool m_pool;
};

} // namespace assay
