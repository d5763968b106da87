#pragma once

#include "replay/ReplayComparison.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace assay {

class ReplayCaseView;
class ReplayResultsFilter;
class ReplayResultsModel;

// A run's results beside their baseline: filters (status, target, changed/unchanged), the table
// (ReplayResultsModel: per target output, status and deltas) and the selected case in full.
class ReplayResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ReplayResultsView(QWidget *parent = nullptr);

    void setComparison(const ReplayComparison &comparison);
    void updateResult(qint64 runId, const ReplayResult &result); // ignored unless it is the run shown
    qint64 runId() const;

    ReplayResultsModel *model() const { return m_model; }
    ReplayResultsFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    ReplayCaseView *caseView() const { return m_case; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *targetFilter() const { return m_target; }
    QComboBox *changeFilter() const { return m_change; }

Q_SIGNALS:
    void exportRequested();

private:
    void showCurrentCase();
    void updateCount();

    ReplayResultsModel *m_model = nullptr;
    ReplayResultsFilter *m_filter = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_target = nullptr;
    QComboBox *m_change = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    ReplayCaseView *m_case = nullptr;
};

} // namespace assay
