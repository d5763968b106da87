#include "report/MarkdownReport.h"

#include "report/ReportLayout.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString tableMarkdown(const ReportTable &t)
{
    QStringList header, rule;
    for (qsizetype i = 0; i < t.headers.size(); ++i) {
        header << escapeMarkdown(t.headers.at(i));
        rule << (t.numeric.value(i) ? u"---:"_s : u"---"_s);
    }
    QString md = u"| "_s + header.join(u" | "_s) + u" |\n|"_s + rule.join(u'|') + u"|\n"_s;
    for (const QStringList &row : t.rows) {
        QStringList cells;
        for (const QString &cell : row)
            cells << escapeMarkdown(cell);
        md += u"| "_s + cells.join(u" | "_s) + u" |\n"_s;
    }
    return md;
}

} // namespace

QString escapeMarkdown(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text.simplified()) {
        if (QStringView(u"\\`*_[]<>|#").contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString weeklyReportMarkdown(const WeeklyReportData &data)
{
    QString md;
    for (const ReportBlock &b : layoutWeeklyReport(data)) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            md += QString(b.level, u'#') + u' ' + escapeMarkdown(b.text) + u"\n\n"_s;
            break;
        case ReportBlock::Kind::Paragraph:
            md += (b.muted ? u"_"_s + escapeMarkdown(b.text) + u"_"_s : escapeMarkdown(b.text)) + u"\n\n"_s;
            break;
        case ReportBlock::Kind::Table:
            md += tableMarkdown(b.table) + u'\n';
            break;
        case ReportBlock::Kind::List:
            for (const ReportListItem &item : b.items)
                md += u"- **"_s + escapeMarkdown(item.lead) + u"** "_s + escapeMarkdown(item.text) + u'\n';
            md += u'\n';
            break;
        case ReportBlock::Kind::Chart:
            break; // Markdown keeps to tables: the daily and by-feature tables hold the charts' figures
        }
    }
    return md;
}

} // namespace assay
