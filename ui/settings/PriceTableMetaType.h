#pragma once

#include "pricing/PriceTable.h"

#include <QMetaType>

// PriceTable travels in signals (Settings ▸ Prices saved) and to the dashboard's worker thread.
Q_DECLARE_METATYPE(assay::PriceTable)
