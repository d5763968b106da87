#pragma once

#include "labels/ReviewSampler.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace assay {

class Workspace;

struct ReviewItem {
    int position = 0;
    QString outputKey;
    QString feature;
    QString note;
};

struct ReviewDecision {
    QString author;
    QString text;
    QDateTime at;
};

struct ReviewSession {
    QString name;
    SampleSpec spec;
    QString status; // "open" or "closed"
    QString createdBy;
    QDateTime createdAt;
    QList<ReviewItem> items;
    QList<ReviewDecision> decisions;
};

// Weekly review sessions in the workspace: the sample they were made from (and how), a note
// per item and the meeting's decision log. Closed sessions can be reopened and resumed.
class ReviewSessionStore {
public:
    explicit ReviewSessionStore(Workspace &workspace) : m_ws(workspace) {}

    // Fails when a session of that name exists.
    Result<void> create(const QString &name, const SampleSpec &spec, const QList<SampledOutput> &items,
                        const QString &createdBy);
    Result<ReviewSession> load(const QString &name);
    Result<QStringList> names();
    Result<void> setItemNote(const QString &name, int position, const QString &note);
    Result<void> addDecision(const QString &name, const QString &author, const QString &text);
    Result<void> setStatus(const QString &name, const QString &status);

    // "review 2026-W46" style default names: the ISO week holding `since` in `zone` (the user's,
    // util/CalendarWeek.h), suffixed "-2", "-3"... when taken.
    Result<QString> suggestName(const QDateTime &since, const QTimeZone &zone);

private:
    QString table(const QString &name) const;
    QVariant timestamp(const QDateTime &when) const;

    Workspace &m_ws;
};

} // namespace assay
