#include "eval/Levenshtein.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace assay {

std::optional<qsizetype> boundedLevenshtein(QStringView a, QStringView b, qsizetype limit)
{
    if (limit < 0)
        return std::nullopt;
    // Common affixes cost nothing and are the usual case (an output close to its reference).
    while (!a.isEmpty() && !b.isEmpty() && a.front() == b.front()) {
        a = a.mid(1);
        b = b.mid(1);
    }
    while (!a.isEmpty() && !b.isEmpty() && a.back() == b.back()) {
        a.chop(1);
        b.chop(1);
    }
    if (a.size() > b.size())
        std::swap(a, b);
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    if (m - n > limit)
        return std::nullopt;
    if (n == 0)
        return m;
    // Only cells within `limit` of the diagonal can hold a distance <= limit (Ukkonen's band).
    const qsizetype k = std::min(limit, m);
    const qsizetype big = std::numeric_limits<qsizetype>::max() / 2;
    std::vector<qsizetype> previous(static_cast<std::size_t>(m + 1), big);
    std::vector<qsizetype> current(static_cast<std::size_t>(m + 1), big);
    for (qsizetype j = 0; j <= std::min(m, k); ++j)
        previous[static_cast<std::size_t>(j)] = j;
    for (qsizetype i = 1; i <= n; ++i) {
        const qsizetype from = std::max<qsizetype>(1, i - k);
        const qsizetype to = std::min(m, i + k);
        // Reset only the band's edges: the next row reads cells from-1 .. to+1 of this one.
        current[static_cast<std::size_t>(from - 1)] = (from == 1 && i <= k) ? i : big;
        if (to < m)
            current[static_cast<std::size_t>(to + 1)] = big;
        qsizetype rowBest = current[static_cast<std::size_t>(from - 1)];
        const QChar ca = a[i - 1];
        for (qsizetype j = from; j <= to; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const qsizetype substitute = previous[ju - 1] + (ca == b[j - 1] ? 0 : 1);
            const qsizetype remove = previous[ju] + 1;
            const qsizetype insert = current[ju - 1] + 1;
            current[ju] = std::min({substitute, remove, insert});
            rowBest = std::min(rowBest, current[ju]);
        }
        if (rowBest > limit)
            return std::nullopt;
        std::swap(previous, current);
    }
    const qsizetype distance = previous[static_cast<std::size_t>(m)];
    if (distance > limit)
        return std::nullopt;
    return distance;
}

} // namespace assay
