#include "replay/ReplayKeyCheck.h"

#include "providers/ApiKeys.h"
#include "providers/ProviderKind.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace assay {

QStringList replayKeyProblems(const QList<ReplayTarget> &targets)
{
    QStringList problems;
    QSet<QString> checked; // several targets of one provider and endpoint share one answer
    for (const ReplayTarget &target : targets) {
        const QString key = target.provider + u'\n' + target.baseUrl;
        if (checked.contains(key))
            continue;
        checked.insert(key);
        const auto kind = providerKindFromId(target.provider);
        if (!kind) {
            problems << u"%1: unknown provider \"%2\""_s.arg(target.label(), target.provider);
            continue;
        }
        if (auto found = apikeys::find(*kind); !found)
            problems << u"%1: %2"_s.arg(target.label(), found.error());
        if (auto url = apikeys::baseUrl(*kind, target.baseUrl); !url)
            problems << u"%1: %2"_s.arg(target.label(), url.error());
    }
    return problems;
}

} // namespace assay
