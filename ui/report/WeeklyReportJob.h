#pragma once

#include "browse/LogSession.h"
#include "report/WeeklyReportBuilder.h"
#include "util/Result.h"

#include <QString>

#include <functional>

class QObject;

namespace assay {

// What the GUI calls to write the weekly report: the data is gathered on a worker thread with
// its own session (no database work on the UI thread), then the charts are drawn and the file
// written on `context`'s thread, and `done` runs there. Nothing happens if `context` is
// destroyed first (the worker still finishes, and its result is dropped).
void writeWeeklyReportInBackground(QObject *context, const SessionSpec &spec, const WeeklyReportOptions &options,
                                   const QString &path, std::function<void(const Result<void> &)> done);

} // namespace assay
