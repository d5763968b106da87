#pragma once

#include "report/ReportLayout.h"

namespace assay {

// The blocks the report's sections are laid out from (see ReportLayout.h).
ReportBlock heading(int level, const QString &text);
ReportBlock paragraph(const QString &text, bool muted = false);
ReportBlock tableBlock(ReportTable table);
ReportBlock chartBlock(ReportChart chart, const QString &caption);

} // namespace assay
