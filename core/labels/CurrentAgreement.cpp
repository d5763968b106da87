#include "labels/CurrentAgreement.h"

#include "labels/LabelStore.h"
#include "labels/OutputLookup.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<CurrentAgreement> currentAgreement(LabelStore &store, SourceConnection &log, const LogSchema &schema)
{
    auto labels = store.currentLabels();
    if (!labels)
        return fail(labels.error());
    QList<RatedLabel> rated;
    QStringList keys;
    rated.reserve(labels->size());
    for (const LabelEvent &e : std::as_const(*labels)) {
        rated << RatedLabel{e.outputKey, e.reviewer, *e.label}; // current labels never hold a clear
        keys << e.outputKey;
    }
    keys.removeDuplicates();
    auto facts = lookupOutputs(log, schema, keys);
    if (!facts)
        return fail(u"the features of the labelled outputs could not be read: %1"_s.arg(facts.error()));
    QHash<QString, QString> featureOf;
    for (auto it = facts->cbegin(); it != facts->cend(); ++it)
        featureOf.insert(it.key(), it.value().feature);
    CurrentAgreement out;
    out.features = agreementByFeature(rated, featureOf);
    out.labels = int(rated.size());
    out.missing = int(keys.size() - facts->size());
    return out;
}

} // namespace assay
