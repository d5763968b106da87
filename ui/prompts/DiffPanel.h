#pragma once

#include "prompts/DiffJob.h"

#include <QThreadPool>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace assay {

class DiffView;

// Compare any two versions (drafts included): two pickers, the ignore-white-space and unified
// toggles, a header with metadata and variable changes, the diff itself and "Copy as unified
// diff". Diffs are computed on a pool thread; a newer request supersedes an older one.
class DiffPanel : public QWidget {
    Q_OBJECT
public:
    explicit DiffPanel(QWidget *parent = nullptr);
    ~DiffPanel() override;

    // Every version and draft the pickers offer; keeps the current picks when they remain.
    void setVersions(const QList<PromptVersion> &versions);
    // Picks the two (by ref) and diffs them.
    void compare(const QString &leftRef, const QString &rightRef);

    DiffView *view() const { return m_view; }
    const DiffResult &result() const { return m_result; }
    QString headerText() const;

Q_SIGNALS:
    void diffReady();

private:
    void recompute();
    void fillCombo(QComboBox *combo, const QString &keep);
    const PromptVersion *pick(QComboBox *combo) const;

    QList<PromptVersion> m_versions;
    QComboBox *m_left = nullptr;
    QComboBox *m_right = nullptr;
    QCheckBox *m_ignoreWhitespace = nullptr;
    QCheckBox *m_unified = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_header = nullptr;
    DiffView *m_view = nullptr;
    DiffResult m_result;
    quint64 m_generation = 0;
    bool m_filling = false;
    QThreadPool m_pool;
};

} // namespace assay
