#include "replay/ReplayResult.h"

using namespace Qt::StringLiterals;

namespace assay {

QString replayResultStatusName(ReplayResultStatus status)
{
    switch (status) {
    case ReplayResultStatus::Ok:
        return u"ok"_s;
    case ReplayResultStatus::Failed:
        return u"failed"_s;
    case ReplayResultStatus::RenderError:
        return u"render_error"_s;
    case ReplayResultStatus::Pending:
        return u"pending"_s;
    }
    return {};
}

std::optional<ReplayResultStatus> replayResultStatusFromName(QStringView name)
{
    for (ReplayResultStatus s : {ReplayResultStatus::Ok, ReplayResultStatus::Failed, ReplayResultStatus::RenderError,
                                 ReplayResultStatus::Pending}) {
        if (name == replayResultStatusName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace assay
