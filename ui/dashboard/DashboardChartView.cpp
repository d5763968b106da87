#include "dashboard/DashboardChartView.h"

#include "dashboard/ChartExport.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace assay {

DashboardChartView::DashboardChartView(QWidget *parent) : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
}

void DashboardChartView::exportImage(const QString &suffix)
{
    const QString title = chart() ? chart()->title() : QString();
    QString name = title.section(u'(', 0, 0).trimmed().toLower().replace(u' ', u'-');
    if (name.isEmpty())
        name = u"chart"_s;
    const QString filter = suffix == "svg"_L1 ? tr("SVG image (*.svg)") : tr("PNG image (*.png)");
    QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), name + u'.' + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(u'.' + suffix, Qt::CaseInsensitive))
        path += u'.' + suffix;
    if (auto saved = saveWidgetImage(*this, path, title); !saved)
        Q_EMIT problem(saved.error());
}

void DashboardChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Save chart as PNG…"), this, [this] { exportImage(u"png"_s); });
    menu.addAction(tr("Save chart as SVG…"), this, [this] { exportImage(u"svg"_s); });
    menu.exec(event->globalPos());
}

} // namespace assay
