#pragma once

#include "pricing/ModelPrice.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

namespace assay {

// Assay's price file: the built-in defaults (a resource) and the user's overrides share it, so a
// user can copy a built-in row, change a number and load it back.
//
//   {
//     "format": "assay-prices",            (written on save; optional on read)
//     "version": 1,
//     "prices": [
//       {
//         "model": "gpt-4o",                exactly one of: "model" (one exact name),
//                                           "models" (several exact names sharing the prices),
//                                           "glob" ("ft:gpt-4o-mini:*"), "regex" ("^acme-.*-v2$")
//         "input": 2.5, "output": 10,       required, USD per million tokens
//         "cacheRead": 1.25,                optional; absent = no such price (charged as input)
//         "cacheWrite": 3.75,               optional; the 5-minute cache write
//         "effectiveFrom": "2026-03-01",    optional; the row applies to calls on or after that day
//         "tiers": [ {"aboveTokens": 200000, "input": 6, "output": 22.5,
//                     "cacheRead": 0.6, "cacheWrite": 7.5} ],   optional, cache prices optional
//         "source": "user" | "imported",    optional; defaults to the layer being loaded
//         "note": "negotiated rate"         optional
//       }
//     ]
//   }
//
// Names and patterns match case-insensitively. Unknown keys are ignored so that newer files load.
Result<QList<ModelPrice>> parsePriceFile(const QByteArray &json, PriceSource defaultSource);

// The rows in the format above, one row per model name.
QByteArray writePriceFile(const QList<ModelPrice> &rows);

// "line 3, column 14: unterminated string": QJsonParseError's text placed where the user can find it.
QString describeJsonError(const QByteArray &json, int offset, const QString &error);

} // namespace assay
