#include "browse/OutputRecord.h"

#include "schema/CallOutcome.h"

using namespace Qt::StringLiterals;

namespace assay {

bool OutputRecord::isError() const
{
    return isFailedCall(values.value(LogField::Status), values.value(LogField::Error));
}

} // namespace assay
