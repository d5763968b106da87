#pragma once

#include <QChartView>

namespace assay {

// A chart of the dashboard: antialiased, with a context menu that saves it as PNG or SVG.
class DashboardChartView : public QChartView {
    Q_OBJECT
public:
    explicit DashboardChartView(QWidget *parent = nullptr);

    // Asks for a file name and saves the chart; problems go to problem().
    void exportImage(const QString &suffix);

Q_SIGNALS:
    void problem(const QString &message);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
};

} // namespace assay
