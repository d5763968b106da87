#include "labels/LabelUndoStack.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<QList<LabelEvent>> LabelUndoStack::write(const QList<LabelChange> &changes, const QString &action)
{
    if (changes.size() == 1) {
        auto e = m_store.set(changes.first(), action);
        if (!e)
            return fail(e.error());
        return QList<LabelEvent>{*e};
    }
    return m_store.setMany(changes, action);
}

Result<QList<LabelEvent>> LabelUndoStack::apply(const QList<LabelChange> &changes)
{
    if (changes.isEmpty())
        return QList<LabelEvent>{};
    Step step;
    step.after = changes;
    for (const LabelChange &c : changes) {
        auto before = m_store.current(c.outputKey);
        if (!before)
            return fail(before.error());
        step.before << (*before ? (*before)->asChange() : LabelChange{c.outputKey, std::nullopt, {}, {}, {}});
    }
    auto written = write(changes, u"set"_s);
    if (!written)
        return written;
    m_steps.resize(m_done); // a new change forgets what was undone
    m_steps << step;
    m_done = m_steps.size();
    return written;
}

Result<QList<LabelEvent>> LabelUndoStack::undo()
{
    if (!canUndo())
        return fail(u"nothing to undo"_s);
    const Step &step = m_steps.at(m_done - 1);
    bool changedSince = false;
    auto written = m_store.setIfUnchanged(step.after, step.before, u"undo"_s, &changedSince);
    if (written) {
        --m_done;
        return written;
    }
    if (changedSince) {
        // Refused: the label changed elsewhere. The step can never apply again; dropping it
        // keeps the older steps reachable instead of refusing every undo from now on.
        m_steps.remove(m_done - 1);
        --m_done;
    }
    return written;
}

Result<QList<LabelEvent>> LabelUndoStack::redo()
{
    if (!canRedo())
        return fail(u"nothing to redo"_s);
    const Step &step = m_steps.at(m_done);
    bool changedSince = false;
    auto written = m_store.setIfUnchanged(step.before, step.after, u"redo"_s, &changedSince);
    if (written) {
        ++m_done;
        return written;
    }
    if (changedSince)
        m_steps.resize(m_done); // as for undo: this redo, and the ones after it, can no longer apply
    return written;
}

} // namespace assay
