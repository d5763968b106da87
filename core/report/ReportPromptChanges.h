#pragma once

#include "prompts/PromptVersion.h"
#include "report/WeeklyReportData.h"

#include <QList>

namespace assay {

// The versions created within `week` (by the registry's created_at), each against the version
// before it in the registry's order, with the lines its template added and removed. `all` is
// what PromptRegistry::loadAll() returns: by name, each name's versions oldest first.
// `undated` counts versions without a created_at, which belong to no week.
QList<PromptChange> promptChangesIn(const QList<PromptVersion> &all, const CalendarWeek &week, int *undated = nullptr);

} // namespace assay
