#pragma once

#include "eval/CheckSpec.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

struct ParsedChecks {
    QList<CheckSpec> specs;
    std::optional<double> threshold; // the set's own `threshold` ({"checks": [...], "threshold": 0.8})
};

// Reads a check file: a JSON array of promptfoo-style asserts, or an object holding one under
// "checks" (or promptfoo's "assert"). Every check is prepared (regexes compiled, schemas and
// file:// values loaded relative to `origin`'s folder) so a mistake is found before anything runs;
// an error names the origin, the line and the check.
Result<ParsedChecks> parseChecks(const QByteArray &json, const QString &origin);

// The display names: `metric`, else the type and a short form of the value; made unique.
void nameChecks(QList<CheckSpec> &specs);

} // namespace assay
