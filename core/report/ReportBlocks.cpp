#include "report/ReportBlocks.h"

namespace assay {

ReportBlock heading(int level, const QString &text)
{
    ReportBlock b;
    b.kind = ReportBlock::Kind::Heading;
    b.level = level;
    b.text = text;
    return b;
}

ReportBlock paragraph(const QString &text, bool muted)
{
    ReportBlock b;
    b.kind = ReportBlock::Kind::Paragraph;
    b.text = text;
    b.muted = muted;
    return b;
}

ReportBlock tableBlock(ReportTable table)
{
    ReportBlock b;
    b.kind = ReportBlock::Kind::Table;
    b.table = std::move(table);
    return b;
}

ReportBlock chartBlock(ReportChart chart, const QString &caption)
{
    ReportBlock b;
    b.kind = ReportBlock::Kind::Chart;
    b.chart = chart;
    b.text = caption;
    return b;
}

} // namespace assay
