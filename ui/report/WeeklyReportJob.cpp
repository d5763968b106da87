#include "report/WeeklyReportJob.h"

#include "report/ReportWriter.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace assay {

void writeWeeklyReportInBackground(QObject *context, const SessionSpec &spec, const WeeklyReportOptions &options,
                                   const QString &path, std::function<void(const Result<void> &)> done)
{
    // The worker writes the result; `finished` is delivered after it returns, so reading it on
    // the context's thread needs no lock.
    auto result = std::make_shared<std::optional<Result<WeeklyReportData>>>();
    QThread *thread = QThread::create([spec, options, result] { result->emplace(buildWeeklyReport(spec, options)); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    QObject::connect(thread, &QThread::finished, context, [result, path, done = std::move(done)] {
        if (!*result || !**result) {
            done(fail(*result ? (*result)->error() : QStringLiteral("the report was not built")));
            return;
        }
        done(writeWeeklyReport(***result, path));
    });
    thread->start();
}

} // namespace assay
