#include "compare/CompareText.h"

#include "compare/CompareRoles.h"
#include "util/Money.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

QString pairVerdictKindText(PairVerdictKind kind)
{
    switch (kind) {
    case PairVerdictKind::NotJudged:
        return QCoreApplication::translate("Compare", "not judged");
    case PairVerdictKind::BBetter:
        return QCoreApplication::translate("Compare", "B better");
    case PairVerdictKind::ABetter:
        return QCoreApplication::translate("Compare", "A better");
    case PairVerdictKind::Tie:
        break;
    }
    return QCoreApplication::translate("Compare", "tie");
}

QString percentText(double fraction)
{
    return QLocale().toString(std::round(fraction * 1000.0) / 10.0, 'f', fraction * 100 < 10 ? 1 : 0) + u'%';
}

QString pValueText(double p)
{
    if (p < 0.001)
        return u"< 0.001"_s;
    return QLocale().toString(p, 'f', 3);
}

QString pStatement(double p)
{
    return p < 0.001 ? u"p < 0.001"_s : u"p = "_s + pValueText(p);
}

QString metricName(const QString &metric)
{
    if (metric == "cost_usd"_L1)
        return QCoreApplication::translate("Compare", "Cost");
    if (metric == "latency_ms"_L1)
        return QCoreApplication::translate("Compare", "Latency");
    if (metric == "output_tokens"_L1)
        return QCoreApplication::translate("Compare", "Output tokens");
    return metric;
}

QString metricValue(const QString &metric, double value)
{
    if (metric == "cost_usd"_L1)
        return value < 0 ? u"−"_s + formatUsd(-value) : formatUsd(value);
    if (metric == "latency_ms"_L1)
        return QCoreApplication::translate("Compare", "%1 ms").arg(QLocale().toString(value, 'f', 0));
    return QLocale().toString(value, 'f', 1);
}

} // namespace assay
