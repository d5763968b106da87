#pragma once

// Price rows with their strings through UTF-8 (see fuzz::viaUtf8), for comparing read and re-read rows.

#include "FuzzSupport.h"

#include "pricing/ModelPrice.h"

namespace fuzz {

inline QList<assay::ModelPrice> asSaved(QList<assay::ModelPrice> rows)
{
    for (assay::ModelPrice &row : rows) {
        row.pattern = viaUtf8(row.pattern).trimmed();
        row.note = viaUtf8(row.note);
    }
    return rows;
}

} // namespace fuzz
