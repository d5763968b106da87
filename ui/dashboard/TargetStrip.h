#pragma once

#include "targets/TargetStatus.h"

#include <QFrame>
#include <QList>
#include <QStringList>

class QGridLayout;
class QLabel;

namespace assay {

// The quality targets above the dashboard's charts: one gauge per target, its 95% interval
// drawn against the limit and coloured by the verdict (breached, at risk, met, not enough data).
// Hidden while no target is set.
class TargetStrip : public QFrame {
    Q_OBJECT
public:
    explicit TargetStrip(QWidget *parent = nullptr);

    void setStatuses(const QList<TargetStatus> &statuses);
    // A check that failed: said quietly, since targets are an extra the charts do not need.
    void setProblem(const QString &message);
    // One line per target as the gauges say it ("chat negative-feedback: breached …"), for tests
    // and the accessibility tree.
    QStringList lines() const { return m_lines; }

private:
    QGridLayout *m_grid = nullptr;
    QLabel *m_problem = nullptr;
    QStringList m_lines;
};

// One target's gauge: the scale from 0 to a little past the larger of the limit and the
// interval, the interval as a bar, the measured value as a dot, the limit as a line.
class TargetGauge : public QWidget {
    Q_OBJECT
public:
    explicit TargetGauge(const TargetStatus &status, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    TargetStatus m_status;
};

} // namespace assay
