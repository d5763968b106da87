#pragma once

#include "labels/LabelStore.h"

#include <QDialog>

class QLabel;
class QTreeWidget;

namespace assay {

// The append-only label history of one output: every event, oldest first, as who, when, the
// action (set, undo, redo), the reviewer's label before and after, note and tags. The host reads
// the events on its label worker and hands them in; the dialog only shows them.
class LabelHistoryDialog : public QDialog {
    Q_OBJECT
public:
    // `me` and `blind`: in blind mode other reviewers' events stay hidden until you have labelled.
    LabelHistoryDialog(const QString &outputKey, const QString &me, bool blind, QWidget *parent = nullptr);

    QString outputKey() const { return m_key; }
    void setEvents(const QList<LabelEvent> &events);
    void showError(const QString &message);
    QTreeWidget *eventList() const { return m_list; }

private:
    QString m_key;
    QString m_me;
    bool m_blind = false;
    QLabel *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
};

} // namespace assay
