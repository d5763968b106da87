#pragma once

#include "labels/LabelStore.h"

#include <QList>

namespace assay {

// Undo and redo over a LabelStore for one reviewer. History is never deleted: undo appends
// rows that restore what each output had before (action "undo"), redo appends the change
// again (action "redo"). A bulk change is one step, written back in one transaction.
class LabelUndoStack {
public:
    explicit LabelUndoStack(LabelStore &store) : m_store(store) {}

    // Applies the changes (one transaction when more than one) and records them as one step.
    Result<QList<LabelEvent>> apply(const QList<LabelChange> &changes);
    Result<QList<LabelEvent>> apply(const LabelChange &change) { return apply(QList<LabelChange>{change}); }
    Result<QList<LabelEvent>> undo();
    Result<QList<LabelEvent>> redo();

    bool canUndo() const { return m_done > 0; }
    bool canRedo() const { return m_done < m_steps.size(); }
    int undoCount() const { return int(m_done); }
    int redoCount() const { return int(m_steps.size() - m_done); }

private:
    struct Step {
        QList<LabelChange> before; // what each output had (no label: it had none)
        QList<LabelChange> after;
    };
    Result<QList<LabelEvent>> write(const QList<LabelChange> &changes, const QString &action);

    LabelStore &m_store;
    QList<Step> m_steps;
    qsizetype m_done = 0; // steps [0, m_done) are applied
};

} // namespace assay
