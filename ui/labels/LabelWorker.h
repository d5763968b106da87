#pragma once

#include "browse/BrowseWorker.h" // SessionSpec as a queued argument
#include "browse/LogSession.h"
#include "browse/OutputRecord.h"
#include "labels/Agreement.h"
#include "labels/LabelStore.h"
#include "labels/LabelUndoStack.h"
#include "labels/ReviewSessionStore.h"
#include "labels/ReviewSummary.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace assay {

// What a keystroke asks for, before it is a LabelChange: the worker turns it into changes
// against each output's current label there, so a new label keeps the note and tags the output
// had, and a note or tag lands on the label that is really stored, not on a stale copy.
struct LabelEdit {
    enum class Kind { SetLabel, Clear, SetNote, SetTags, SetCorrected };
    Kind kind = Kind::SetLabel;
    LabelValue label = LabelValue::Positive; // SetLabel
    QString text;                            // SetNote: the note; SetCorrected: the corrected output
    QStringList tags;                        // SetTags: the full new list
};

// A review session as the sessions list shows it.
struct ReviewSessionInfo {
    QString name;
    QString status;
    int items = 0;
    int labelledByMe = 0;
    QDateTime createdAt;
    QString createdBy;
};

// Every label and review-session read and write of a page, on a thread of its own with that
// thread's own LogSession and Workspace connection (the UI thread never touches SQL). One
// reviewer, one undo stack per worker. Each write is committed before its signal goes out,
// so a label the UI shows as saved is on disk.
class LabelWorker : public QObject {
    Q_OBJECT
public:
    LabelWorker();
    ~LabelWorker() override;

    // Opens the source and its workspace; opened() with the reviewer identity, or openFailed().
    void open(const assay::SessionSpec &spec, const QString &reviewer);
    // Applies one edit to every key as one undo step; committed() or commitFailed().
    void edit(quint64 request, const QStringList &keys, const assay::LabelEdit &edit);
    void undo(quint64 request);
    void redo(quint64 request);
    // Every reviewer's current label of the keys; labelsReady().
    void loadLabels(const QStringList &keys);
    void loadTags();
    // Who has current labels in this workspace, sorted; reviewersReady().
    void loadReviewers();
    // Every event of one output, all reviewers, oldest first; historyReady() or historyFailed().
    void loadHistory(const QString &key);
    // Agreement per feature over every current label (features looked up in the log); agreementReady().
    void computeAgreement();
    // The full record of an output (a review item), with the output up to `maxOutputChars`.
    void fetchRecord(const QString &key, qint64 maxOutputChars);

    void listSessions();
    // `name` empty: the ISO-week name. Samples on this thread; sessionCreated() then sessionReady().
    void createSession(const QString &name, const assay::SampleSpec &spec);
    void loadSession(const QString &name);
    void setItemNote(const QString &name, int position, const QString &note);
    void addDecision(const QString &name, const QString &text);
    void setSessionStatus(const QString &name, const QString &status);
    void summarize(const QString &name);

Q_SIGNALS:
    // `reviewerIsRole`: a PostgreSQL workspace, where the database role is the reviewer name.
    void opened(const QString &reviewer, const QString &workspace, bool reviewerIsRole);
    void openFailed(const QString &message);
    void committed(quint64 request, const QList<assay::LabelEvent> &events, bool canUndo, bool canRedo);
    void commitFailed(quint64 request, const QString &message);
    void labelsReady(const QStringList &keys, const QList<assay::LabelEvent> &labels);
    void tagsReady(const QStringList &tags);
    void reviewersReady(const QStringList &reviewers);
    void historyReady(const QString &key, const QList<assay::LabelEvent> &events);
    void historyFailed(const QString &key, const QString &message);
    // `missing`: labelled outputs no longer in the log (counted under "(unknown)").
    void agreementReady(const QList<assay::FeatureAgreement> &features, int labels, int missing);
    void agreementFailed(const QString &message);
    void recordReady(const QString &key, const assay::OutputRecord &record);
    void recordFailed(const QString &key, const QString &message);
    void sessionsReady(const QList<assay::ReviewSessionInfo> &sessions);
    void sessionCreated(const QString &name, int items);
    void sessionReady(const assay::ReviewSession &session);
    void noteSaved(const QString &name, int position);
    void noteFailed(const QString &name, int position, const QString &message);
    void summaryReady(const assay::SessionSummary &summary);
    void problem(const QString &message);

private:
    // The store, or a problem()/commitFailed() saying why there is none.
    bool ready(quint64 request = 0);
    void reportCommit(quint64 request, const Result<QList<LabelEvent>> &events);
    Result<QList<LabelChange>> changesFor(const QStringList &keys, const LabelEdit &edit);
    QVariant rowKey(const QString &key) const;
    // Current labels of `keys` (of `reviewer`, or everyone's when empty), queried in chunks.
    Result<QList<LabelEvent>> currentLabels(const QString &reviewer, const QStringList &keys);

    std::unique_ptr<LogSession> m_session;
    std::unique_ptr<LabelStore> m_store;
    std::unique_ptr<LabelUndoStack> m_undo;
    std::unique_ptr<ReviewSessionStore> m_sessions;
    QString m_openError;
};

} // namespace assay
