#pragma once

#include "source/ConnectionInterrupter.h"

#include <memory>

#include "analytics/BudgetCheck.h"
#include "browse/LogSession.h"
#include "dashboard/DashboardData.h"
#include "dashboard/PeriodGrid.h"
#include "pricing/PriceTable.h"
#include "query/OutputFilter.h"

#include <QThread>
#include <QWidget>

#include <optional>

class QAbstractSeries;
class QBarSet;
class QChart;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace assay {

class BudgetBanner;
class DashboardChartView;
class DashboardWorker;
class FeatureTableModel;
class TargetStrip;

// Cost, usage, quality and latency over a range of days, grouped by feature, model or prompt.
// The figures are computed on a worker thread (DashboardWorker) and drawn here; a click on a
// bar or point asks for the outputs behind it through sliceRequested().
class DashboardPage : public QWidget {
    Q_OBJECT
public:
    enum class RangeChoice { Last7Days, Last30Days, Last90Days, Custom };

    explicit DashboardPage(QWidget *parent = nullptr);
    ~DashboardPage() override;

    void openSource(const SessionSpec &spec);
    // The prices costs are computed with (built-in list prices until this is called).
    void setPriceTable(const PriceTable &prices);

    void setRange(RangeChoice choice);
    void setCustomRange(const QDate &first, const QDate &last);
    void setGroupBy(UsageGroupBy group);
    // "Last N days" end today; tests pin today down.
    void setNow(const QDateTime &now);
    void refresh();
    // Checks the budgets again on the worker (the banner follows); done on open, on Refresh,
    // on new prices and when the budgets dialog changed a budget.
    void refreshBudgets();
    // Checks the source's quality targets again, each over its window ending now.
    void refreshTargets();
    // Settings ▸ Budgets…: the budgets of the open source, with their projections (problem()
    // says so when no source was opened).
    void openBudgetsDialog();
    // Settings ▸ Quality targets…: the open source's targets with their status; the strip
    // follows every change saved there.
    void openTargetsDialog();

    // What is on screen, for tests and the integrator.
    const std::optional<DashboardData> &shownData() const { return m_data; }
    UsageBucket shownTotals() const;
    QString summaryText() const;
    QString unpricedText() const; // empty when every call has a price
    QString messageText() const;  // the message shown instead of charts; empty when charts show
    QString budgetBannerText() const; // empty while the banner is hidden
    QStringList targetLines() const;  // one per quality target shown; empty while the strip is hidden
    const std::optional<BudgetCheck> &shownBudgetCheck() const { return m_budgetCheck; }
    DashboardChartView *costView() const { return m_costView; }
    DashboardChartView *volumeView() const { return m_volumeView; }
    DashboardChartView *qualityView() const { return m_qualityView; }
    DashboardChartView *latencyView() const { return m_latencyView; }
    FeatureTableModel *tableModel() const { return m_tableModel; }
    Result<void> exportTableCsv(const QString &path) const;
    // The exact figures a hover over (series, period index) shows.
    QString tooltipFor(QAbstractSeries *series, int periodIndex, QBarSet *set = nullptr) const;

Q_SIGNALS:
    // The outputs behind a clicked bar or point: the integrator shows them in the browser.
    void sliceRequested(const assay::OutputFilter &filter);
    // A refresh finished: charts, or a message saying why there are none.
    void refreshed();
    void problem(const QString &message);
    // A budget check answered (the banner shows or hides accordingly).
    void budgetsRefreshed();
    // A quality-target check answered (the strip shows or hides accordingly).
    void targetsRefreshed();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    DayRange currentRange() const;
    int plotWidth() const;
    void showMessage(const QString &text);
    void onReady(quint64 generation, const DashboardData &data);
    void applyData(const DashboardData &data);
    void rebuildCharts();
    void wireSeries(QChart *chart);
    void emitSlice(QAbstractSeries *series, int periodIndex, QBarSet *set = nullptr);
    void showTooltip(QAbstractSeries *series, int periodIndex, QBarSet *set = nullptr);
    void exportCsvInteractive();
    void updateRangeWidgets();
    int groupIndexOf(QAbstractSeries *series, QBarSet *set) const;

    QComboBox *m_rangeCombo = nullptr;
    QDateEdit *m_fromEdit = nullptr;
    QDateEdit *m_toEdit = nullptr;
    QComboBox *m_groupCombo = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_csvButton = nullptr;
    QPushButton *m_budgetsButton = nullptr;
    BudgetBanner *m_banner = nullptr;
    TargetStrip *m_targets = nullptr;
    QPushButton *m_targetsButton = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_unpriced = nullptr;
    QLabel *m_notes = nullptr;
    QLabel *m_message = nullptr;
    QStackedWidget *m_stack = nullptr;
    DashboardChartView *m_costView = nullptr;
    DashboardChartView *m_volumeView = nullptr;
    DashboardChartView *m_qualityView = nullptr;
    DashboardChartView *m_latencyView = nullptr;
    QTableView *m_table = nullptr;
    FeatureTableModel *m_tableModel = nullptr;
    QTimer *m_refreshDelay = nullptr;
    QTimer *m_resizeDelay = nullptr;

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter; // the worker's: stops its statement on close
    DashboardWorker *m_worker = nullptr;
    bool m_open = false;
    SessionSpec m_spec;
    bool m_hasSource = false;
    PriceTable m_prices = PriceTable::withDefaults();
    quint64 m_budgetGeneration = 0;
    quint64 m_targetGeneration = 0;
    std::optional<BudgetCheck> m_budgetCheck;
    quint64 m_generation = 0;
    std::optional<QDateTime> m_now;
    QTimeZone m_zone = userTimeZone(); // Assay's one rule, util/CalendarWeek.h
    std::optional<DashboardData> m_data;
    PeriodGrid m_groups;
    PeriodGrid m_overall;
    int m_builtForWidth = 0;
    bool m_rereadHistory = false;
};

} // namespace assay
