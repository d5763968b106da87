#include "targets/QualityTarget.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

QString targetMetricName(TargetMetric metric)
{
    switch (metric) {
    case TargetMetric::NegativeFeedback: return u"negative-feedback"_s;
    case TargetMetric::NegativeLabels: return u"negative-labels"_s;
    case TargetMetric::CheckFailures: return u"check-failures"_s;
    case TargetMetric::Errors: return u"errors"_s;
    case TargetMetric::P95Latency: return u"p95-latency"_s;
    case TargetMetric::CostPerCall: return u"cost-per-call"_s;
    }
    return {};
}

QList<TargetMetric> allTargetMetrics()
{
    return {TargetMetric::NegativeFeedback, TargetMetric::NegativeLabels, TargetMetric::CheckFailures,
            TargetMetric::Errors, TargetMetric::P95Latency, TargetMetric::CostPerCall};
}

std::optional<TargetMetric> targetMetricFromName(QStringView name)
{
    for (TargetMetric m : allTargetMetrics()) {
        if (name == targetMetricName(m))
            return m;
    }
    return std::nullopt;
}

bool isRateMetric(TargetMetric metric)
{
    return metric != TargetMetric::P95Latency && metric != TargetMetric::CostPerCall;
}

QString QualityTarget::subject() const
{
    QString s = prompt.isEmpty() ? feature : u"%1 (%2)"_s.arg(feature, prompt);
    s += u' ' + targetMetricName(metric);
    if (metric == TargetMetric::CheckFailures)
        s += u' ' + check;
    return s;
}

QString QualityTarget::describeLimit() const
{
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    switch (metric) {
    case TargetMetric::P95Latency:
        return english.toString(limit, 'f', 0) + u" ms"_s;
    case TargetMetric::CostPerCall:
        return u"$"_s + english.toString(limit, 'f', limit < 0.01 ? 5 : 4);
    default:
        return english.toString(limit * 100, 'g', 4) + u'%';
    }
}

QJsonObject QualityTarget::toJson() const
{
    QJsonObject o{{u"feature"_s, feature}, {u"metric"_s, targetMetricName(metric)}, {u"limit"_s, limit},
                  {u"window"_s, windowName(windowSeconds)}};
    if (!prompt.isEmpty())
        o[u"prompt"_s] = prompt;
    if (metric == TargetMetric::CheckFailures)
        o[u"check"_s] = check;
    return o;
}

Result<QualityTarget> QualityTarget::fromJson(const QJsonObject &json)
{
    QualityTarget t;
    t.feature = json.value(u"feature"_s).toString().trimmed();
    if (t.feature.isEmpty())
        return fail(u"a target needs a \"feature\""_s);
    t.prompt = json.value(u"prompt"_s).toString().trimmed();
    const QString metric = json.value(u"metric"_s).toString();
    const auto m = targetMetricFromName(metric);
    if (!m)
        return fail(u"unknown target metric \"%1\" (one of negative-feedback, negative-labels, check-failures, "
                    "errors, p95-latency, cost-per-call)"_s.arg(metric));
    t.metric = *m;
    t.check = json.value(u"check"_s).toString().trimmed();
    if (t.metric == TargetMetric::CheckFailures && t.check.isEmpty())
        return fail(u"a check-failures target needs a \"check\""_s);
    const QJsonValue limit = json.value(u"limit"_s);
    if (!limit.isDouble() || !std::isfinite(limit.toDouble()) || limit.toDouble() < 0
        || (isRateMetric(t.metric) && limit.toDouble() > 1))
        return fail(u"target %1: \"limit\" must be a number%2"_s.arg(t.subject(),
                    isRateMetric(t.metric) ? u" between 0 and 1"_s : u" of at least 0"_s));
    t.limit = limit.toDouble();
    if (json.contains(u"window"_s)) {
        const auto window = parseWindow(json.value(u"window"_s).toString());
        if (!window)
            return fail(u"target %1: %2"_s.arg(t.subject(), window.error()));
        t.windowSeconds = *window;
    }
    return t;
}

bool QualityTarget::sameSlot(const QualityTarget &other) const
{
    return feature == other.feature && prompt == other.prompt && metric == other.metric
        && (metric != TargetMetric::CheckFailures || check == other.check);
}

Result<double> parseRate(const QString &raw)
{
    QString text = raw.trimmed();
    const bool percent = text.endsWith(u'%');
    if (percent)
        text.chop(1);
    bool ok = false;
    double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return fail(u"\"%1\" is not a rate (write 5% or 0.05)"_s.arg(raw));
    if (percent)
        value /= 100;
    if (value < 0 || value > 1)
        return fail(u"\"%1\" is not a rate between 0% and 100%"_s.arg(raw));
    return value;
}

Result<double> parseTargetLimit(TargetMetric metric, const QString &raw)
{
    if (isRateMetric(metric))
        return parseRate(raw);
    QString text = raw.trimmed();
    if (metric == TargetMetric::CostPerCall && text.startsWith(u'$'))
        text.remove(0, 1);
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return fail(u"\"%1\" is not a number of %2 (at least 0)"_s.arg(
            raw, metric == TargetMetric::CostPerCall ? u"USD"_s : u"milliseconds"_s));
    return value;
}

Result<qint64> parseWindow(const QString &raw)
{
    static const QRegularExpression shape(u"^(\\d{1,6})\\s*(h|d|w)$"_s, QRegularExpression::CaseInsensitiveOption);
    const auto m = shape.match(raw.trimmed());
    if (!m.hasMatch())
        return fail(u"\"%1\" is not a window (write 24h, 7d or 4w)"_s.arg(raw));
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0).toLower();
    const qint64 seconds = n * (unit == u'h' ? 3600 : unit == u'd' ? 86400 : 7 * 86400);
    if (seconds <= 0 || seconds > qint64(3650) * 86400)
        return fail(u"\"%1\": a window runs from one hour to ten years"_s.arg(raw));
    return seconds;
}

QString windowName(qint64 seconds)
{
    return seconds % 86400 == 0 ? u"%1d"_s.arg(seconds / 86400) : u"%1h"_s.arg(seconds / 3600);
}

} // namespace assay
