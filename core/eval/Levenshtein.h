#pragma once

#include <QStringView>

#include <optional>

namespace assay {

// The Levenshtein distance between a and b in UTF-16 code units (as JavaScript strings count, so
// promptfoo's figures agree), if it is at most `limit`; nullopt when it is larger. Bounding the
// distance keeps it cheap on long outputs: O(limit x length) after the common prefix and suffix
// are dropped, and nothing at all when the lengths alone differ by more than the limit.
std::optional<qsizetype> boundedLevenshtein(QStringView a, QStringView b, qsizetype limit);

} // namespace assay
