#include "browse/OutputRecord.h"

using namespace Qt::StringLiterals;

namespace assay {

bool OutputRecord::isError() const
{
    const QVariant status = values.value(LogField::Status);
    if (!status.isNull() && status.isValid()) {
        const QString s = status.toString().toLower();
        if (!s.isEmpty() && s != "ok"_L1 && s != "success"_L1 && s != "succeeded"_L1 && s != "completed"_L1 && s != "200"_L1)
            return true;
    }
    const QVariant error = values.value(LogField::Error);
    return error.isValid() && !error.isNull() && !error.toString().isEmpty();
}

} // namespace assay
