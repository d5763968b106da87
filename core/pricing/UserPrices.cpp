#include "pricing/UserPrices.h"

#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace assay {

QString userPriceFilePath()
{
    const QString fromEnvironment = qEnvironmentVariable("ASSAY_PRICES");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/prices.json"_s;
}

Result<PriceTable> loadUserPriceTable()
{
    PriceTable table = PriceTable::withDefaults();
    const QString path = userPriceFilePath();
    if (!QFileInfo::exists(path))
        return table;
    if (auto loaded = table.loadOverridesFile(path); !loaded)
        return fail(u"the user price file is broken: %1"_s.arg(loaded.error()));
    return table;
}

} // namespace assay
