#pragma once

#include "replay/ReplayTarget.h"

#include <QList>
#include <QStringList>
#include <QTableWidget>

namespace assay {

// The targets of a new replay, one row each: prompt name@version (from the registry), provider,
// model (empty: the version's own), max tokens (0: the version's own), temperature (the
// version's own at the minimum) and base URL (openai-compatible servers, proxies).
class ReplayTargetsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ReplayTargetsTable(const QStringList &promptRefs, QWidget *parent = nullptr);

    void addTarget(const ReplayTarget &target);
    void removeCurrentTarget();
    void clearTargets();
    // The rows as targets; a row whose prompt is not NAME or NAME@VERSION is named in `problem`.
    QList<ReplayTarget> targets(QString *problem = nullptr) const;

Q_SIGNALS:
    void edited();

private:
    QStringList m_promptRefs;
};

} // namespace assay
