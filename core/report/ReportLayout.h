#pragma once

#include "report/WeeklyReportData.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

// The weekly report as a sequence of plain blocks, decided once so Markdown, HTML and PDF say
// the same thing in the same order; each renderer only escapes and styles. Texts are plain
// (renderers escape them); numbers are already formatted.
struct ReportTable {
    QStringList headers;
    QList<bool> numeric; // per column: right-aligned
    QList<QStringList> rows;
};

struct ReportListItem {
    QString lead; // shown strong: "#1234"
    QString text;
};

enum class ReportChart { DailyCostByFeature, CallsByFeature };

struct ReportBlock {
    enum class Kind { Heading, Paragraph, Table, List, Chart };
    Kind kind = Kind::Paragraph;
    int level = 2;      // headings: 1 to 3
    QString text;       // headings and paragraphs
    bool muted = false; // paragraphs: a remark (an unavailable section, a note), shown quieter
    ReportTable table;
    QList<ReportListItem> items;
    ReportChart chart = ReportChart::DailyCostByFeature;
};

QList<ReportBlock> layoutWeeklyReport(const WeeklyReportData &data);

// The report's title line: "Weekly report 2026-W47 (16–22 Nov 2026, Europe/Berlin)".
QString weeklyReportTitle(const WeeklyReportData &data);

} // namespace assay
