#include "dashboard/ChartExport.h"

#include <QBuffer>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

Result<void> writeBytes(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QObject::tr("Cannot write %1: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fail(QObject::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

Result<void> saveWidgetImage(QWidget &widget, const QString &path, const QString &title)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (path.endsWith(u".svg"_s, Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(widget.size());
        svg.setViewBox(QRect(QPoint(0, 0), widget.size()));
        svg.setTitle(title);
        svg.setDescription(QObject::tr("Exported from Assay"));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(QObject::tr("Cannot draw the chart as SVG."));
        widget.render(&painter);
        painter.end();
    } else {
        const QPixmap image = widget.grab();
        if (image.isNull() || !image.save(&buffer, "PNG"))
            return fail(QObject::tr("Cannot draw the chart as PNG."));
    }
    buffer.close();
    return writeBytes(path, bytes);
}

Result<void> saveText(const QString &path, const QString &text)
{
    return writeBytes(path, text.toUtf8());
}

} // namespace assay
