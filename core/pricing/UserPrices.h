#pragma once

#include "pricing/PriceTable.h"
#include "util/Result.h"

#include <QString>

namespace assay {

// The one price file every part of Assay shares (the settings page writes it, `assay costs`,
// the dashboard, budgets and the weekly report read it): the overrides format of PriceFile.h.
// QStandardPaths::AppDataLocation + "/prices.json"; the environment variable ASSAY_PRICES
// names another file instead.
QString userPriceFilePath();

// The built-in list prices with the user price file's overrides layered on top when the file
// exists. A file that exists but cannot be read or parsed is an error naming the file and the
// place in it, never silently ignored (that would price calls at list prices unnoticed).
Result<PriceTable> loadUserPriceTable();

} // namespace assay
