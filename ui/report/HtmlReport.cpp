#include "report/HtmlReport.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const QString css = uR"(
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10pt; color: #1f2328;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; margin-top: 1.4em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
h3 { font-size: 11pt; margin-top: 1.1em; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; }
th { background-color: #f0f3f6; font-weight: bold; }
td.num, th.num { text-align: right; }
p.muted { color: #59636e; font-style: italic; }
div.chart { margin: 1em 0; }
p.caption { color: #59636e; font-size: 9pt; margin-top: 0.2em; }
li { margin-bottom: 0.3em; }
)"_s;

// Browsers only: QTextDocument applies line-height to the line an image sits on too, which
// leaves a gap of 40% of the chart's height under it.
const QString browserCss = u"body { line-height: 1.4; }\nimg { max-width: 100%; height: auto; }\n"_s;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString tableHtml(const ReportTable &t)
{
    // Wide tables take the page's width, so names wrap less than figures would squeeze them.
    const QString width = t.headers.size() > 4 ? u" width=\"100%\""_s : QString();
    QString html = u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\"%1>\n<tr>"_s.arg(width);
    for (qsizetype i = 0; i < t.headers.size(); ++i) {
        const bool numeric = t.numeric.value(i);
        html += numeric ? u"<th class=\"num\" align=\"right\">"_s : u"<th align=\"left\">"_s;
        html += esc(t.headers.at(i)) + u"</th>"_s;
    }
    html += u"</tr>\n"_s;
    for (const QStringList &row : t.rows) {
        html += u"<tr>"_s;
        for (qsizetype i = 0; i < row.size(); ++i) {
            html += t.numeric.value(i) ? u"<td class=\"num\" align=\"right\">"_s : u"<td>"_s;
            html += esc(row.at(i)) + u"</td>"_s;
        }
        html += u"</tr>\n"_s;
    }
    return html + u"</table>\n"_s;
}

} // namespace

QString weeklyReportHtml(const WeeklyReportData &data, const ChartSource &chartSource, QSize chartSize,
                         HtmlTarget target)
{
    QString body;
    for (const ReportBlock &b : layoutWeeklyReport(data)) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            body += u"<h%1>%2</h%1>\n"_s.arg(b.level).arg(esc(b.text));
            break;
        case ReportBlock::Kind::Paragraph:
            body += (b.muted ? u"<p class=\"muted\"><i>%1</i></p>\n"_s : u"<p>%1</p>\n"_s).arg(esc(b.text));
            break;
        case ReportBlock::Kind::Table:
            body += tableHtml(b.table);
            break;
        case ReportBlock::Kind::List:
            body += u"<ul>\n"_s;
            for (const ReportListItem &item : b.items)
                body += u"<li><b>%1</b> %2</li>\n"_s.arg(esc(item.lead), esc(item.text));
            body += u"</ul>\n"_s;
            break;
        case ReportBlock::Kind::Chart: {
            const QString source = chartSource ? chartSource(b.chart) : QString();
            if (source.isEmpty())
                break;
            // div and p rather than figure: QTextDocument (the PDF) knows no figure element.
            // Both dimensions: QTextDocument reserves the image's own height when only the width is given.
            body += u"<div class=\"chart\"><img src=\"%1\" width=\"%2\" height=\"%3\" alt=\"%4\"><p class=\"caption\">%4</p></div>\n"_s
                        .arg(esc(source))
                        .arg(chartSize.width())
                        .arg(chartSize.height())
                        .arg(esc(b.text));
            break;
        }
        }
    }
    return u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n"
           "<style>%2</style>\n</head>\n<body>\n%3</body>\n</html>\n"_s.arg(
               esc(weeklyReportTitle(data)), target == HtmlTarget::Browser ? css + browserCss : css, body);
}

} // namespace assay
