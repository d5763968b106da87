#pragma once

#include "replay/ReplaySpec.h"
#include "util/Result.h"

#include <QSqlQuery>
#include <QString>

#include <memory>

namespace assay {

class Workspace;
struct PlannedCase;
struct ReplayPlan;

// A run being written as its plan renders it: the run row, then each case (with its render
// errors recorded as results), then the resolved targets and the estimate, all in one
// transaction, so a run is in the workspace whole or not at all, and the cases of a big run
// never have to be held in memory together. Destroying it before commit() leaves nothing.
class ReplayRunWriter {
public:
    static Result<std::unique_ptr<ReplayRunWriter>> begin(Workspace &workspace, const ReplaySpec &spec,
                                                          const QString &source, const QString &createdBy);
    ~ReplayRunWriter();
    ReplayRunWriter(const ReplayRunWriter &) = delete;
    ReplayRunWriter &operator=(const ReplayRunWriter &) = delete;

    qint64 runId() const { return m_runId; }
    // Cases are numbered in the order they are added, from 0.
    Result<void> add(const PlannedCase &plannedCase);
    // `plan` gives the resolved targets and the estimate (its cases are not read).
    Result<void> commit(const ReplayPlan &plan);

private:
    explicit ReplayRunWriter(Workspace &workspace);
    QString table(const QString &name) const;
    Failure abandon(const QString &what, const QSqlQuery &failed);

    Workspace &m_ws;
    ReplaySpec m_spec;
    qint64 m_runId = 0;
    int m_nextCase = 0;
    bool m_open = false;
    QSqlQuery m_case;
    QSqlQuery m_error;
    QString m_now;
};

} // namespace assay
