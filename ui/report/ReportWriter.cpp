#include "report/ReportWriter.h"

#include "report/HtmlReport.h"
#include "report/MarkdownReport.h"
#include "report/ReportCharts.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Layout pixels (1/96 in): both charts fit on one A4 landscape page, after the summary's page.
const QSize chartShown(640, 270); // in the PDF
// Drawn at the HTML page's size (and twice its pixels), so the PDF's smaller copy has the room for
// fourteen day labels and stays sharp in print.
const QSize chartDrawn(900, 380);

const QList<ReportChart> charts{ReportChart::DailyCostByFeature, ReportChart::CallsByFeature};

QString resourceName(ReportChart chart)
{
    return chart == ReportChart::DailyCostByFeature ? u"assay-chart:daily-cost"_s : u"assay-chart:calls-by-feature"_s;
}

QByteArray pngOf(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

std::optional<ReportFileFormat> reportFileFormatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "md"_L1 || suffix == "markdown"_L1)
        return ReportFileFormat::Markdown;
    if (suffix == "html"_L1 || suffix == "htm"_L1)
        return ReportFileFormat::Html;
    if (suffix == "pdf"_L1)
        return ReportFileFormat::Pdf;
    return std::nullopt;
}

QByteArray weeklyReportHtmlFile(const WeeklyReportData &data)
{
    QMap<ReportChart, QString> uris;
    for (ReportChart chart : charts)
        uris.insert(chart, u"data:image/png;base64,"_s
                               + QString::fromLatin1(pngOf(renderReportChart(data, chart, chartDrawn)).toBase64()));
    return weeklyReportHtml(data, [&](ReportChart chart) { return uris.value(chart); }, chartDrawn).toUtf8();
}

QByteArray weeklyReportPdf(const WeeklyReportData &data)
{
    QTextDocument document;
    QFont font(u"DejaVu Sans"_s);
    font.setPointSizeF(8.5);
    document.setDefaultFont(font);
    for (ReportChart chart : charts)
        document.addResource(QTextDocument::ImageResource, QUrl(resourceName(chart)),
                             renderReportChart(data, chart, chartDrawn));
    document.setHtml(weeklyReportHtml(data, &resourceName, chartShown, HtmlTarget::RichText));

    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(u"Assay "_s + weeklyReportTitle(data));
        writer.setCreator(u"Assay"_s);
        writer.setResolution(300);
        // No margins of the writer's own: QTextDocument::print() keeps 2 cm and numbers the pages in them.
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0),
                                         QPageLayout::Millimeter));
        document.print(&writer);
    } // the writer finishes the file when it goes
    return pdf;
}

Result<void> writeWeeklyReport(const WeeklyReportData &data, const QString &path)
{
    const auto format = reportFileFormatOf(path);
    if (!format)
        return fail(u"cannot tell the report format from \"%1\": name it .pdf, .html or .md"_s.arg(path));
    QByteArray bytes;
    switch (*format) {
    case ReportFileFormat::Markdown: bytes = weeklyReportMarkdown(data).toUtf8(); break;
    case ReportFileFormat::Html: bytes = weeklyReportHtmlFile(data); break;
    case ReportFileFormat::Pdf: bytes = weeklyReportPdf(data); break;
    }
    if (bytes.isEmpty())
        return fail(u"the report came out empty; nothing was written"_s);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fail(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace assay
