#include "dashboard/FeatureTableModel.h"

#include "dashboard/PeriodGrid.h"
#include "export/OutputExport.h"

#include "common/CellTone.h"

#include <QHash>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

struct Accumulator {
    UsageBucket sum;
    double p95Weighted = 0;
    qint64 p95Weight = 0;
};

std::optional<double> relativeChange(double current, double previous)
{
    if (previous <= 0)
        return std::nullopt; // new, or from nothing: no meaningful percentage
    return 100.0 * (current - previous) / previous;
}

std::optional<double> pointChange(const std::optional<double> &current, const std::optional<double> &previous)
{
    if (!current || !previous)
        return std::nullopt;
    return 100.0 * (*current - *previous);
}

QString signedPercent(double value, const QString &unit)
{
    // One decimal is shown: a change that rounds to zero is "0.0", never "-0.0" or "+0.0".
    const double shown = std::round(value * 10.0) / 10.0;
    if (shown == 0)
        return QLocale().toString(0.0, 'f', 1) + unit;
    return (shown > 0 ? u"+"_s : QString()) + QLocale().toString(shown, 'f', 1) + unit;
}

const QStringList csvKeys{u"feature"_s,       u"cost_usd"_s,      u"cost_change_pct"_s,
                          u"calls"_s,         u"calls_change_pct"_s, u"tokens"_s,
                          u"tokens_change_pct"_s, u"p95_ms"_s,    u"p95_change_pct"_s,
                          u"error_rate_pct"_s, u"error_rate_change_pp"_s, u"positive_rate_pct"_s,
                          u"positive_rate_change_pp"_s};

} // namespace

QList<FeatureFigures> featureFigures(const QList<UsageBucket> &buckets)
{
    QHash<QString, Accumulator> byFeature;
    for (const UsageBucket &b : buckets) {
        Accumulator &a = byFeature[b.group];
        addInto(a.sum, b);
        if (b.latencyP95Ms && b.latencyCalls > 0) {
            a.p95Weighted += *b.latencyP95Ms * double(b.latencyCalls);
            a.p95Weight += b.latencyCalls;
        }
    }
    QList<FeatureFigures> figures;
    for (auto it = byFeature.cbegin(); it != byFeature.cend(); ++it) {
        const UsageBucket &s = it->sum;
        FeatureFigures f;
        f.feature = it.key();
        f.costUsd = s.costUsd;
        f.calls = s.calls;
        f.tokens = s.inputTokens + s.outputTokens;
        if (it->p95Weight > 0)
            f.p95Ms = it->p95Weighted / double(it->p95Weight);
        f.errorRate = s.errorRate();
        if (s.feedbackTotal() > 0)
            f.positiveRate = double(s.feedbackPositive) / double(s.feedbackTotal());
        figures << f;
    }
    std::sort(figures.begin(), figures.end(), [](const FeatureFigures &a, const FeatureFigures &b) {
        return a.costUsd != b.costUsd ? a.costUsd > b.costUsd : a.feature < b.feature;
    });
    return figures;
}

FeatureTableModel::FeatureTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void FeatureTableModel::setFigures(const QList<FeatureFigures> &current, const QList<FeatureFigures> &previous)
{
    beginResetModel();
    m_current = current;
    m_previous.clear();
    QHash<QString, FeatureFigures> before;
    for (const FeatureFigures &f : previous)
        before.insert(f.feature, f);
    for (const FeatureFigures &f : std::as_const(m_current))
        m_previous << (before.contains(f.feature) ? std::optional(before.take(f.feature)) : std::nullopt);
    // A feature that stopped being called is news too: it stays, with zeros now.
    for (const FeatureFigures &f : previous) {
        if (!before.contains(f.feature))
            continue;
        FeatureFigures gone;
        gone.feature = f.feature;
        m_current << gone;
        m_previous << f;
    }
    endResetModel();
}

int FeatureTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_current.size());
}

int FeatureTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FeatureTableModel::raw(int row, int column) const
{
    const FeatureFigures &c = m_current[row];
    const std::optional<FeatureFigures> &p = m_previous[row];
    auto opt = [](const std::optional<double> &v) { return v ? QVariant(*v) : QVariant(); };
    auto rate = [](const std::optional<double> &v) { return v ? std::optional<double>(100.0 * *v) : std::nullopt; };
    switch (column) {
    case Feature: return c.feature;
    case Cost: return c.costUsd;
    case CostChange: return p ? opt(relativeChange(c.costUsd, p->costUsd)) : QVariant();
    case Calls: return c.calls;
    case CallsChange: return p ? opt(relativeChange(double(c.calls), double(p->calls))) : QVariant();
    case Tokens: return c.tokens;
    case TokensChange: return p ? opt(relativeChange(double(c.tokens), double(p->tokens))) : QVariant();
    case P95: return opt(c.p95Ms);
    case P95Change: return p && c.p95Ms && p->p95Ms ? opt(relativeChange(*c.p95Ms, *p->p95Ms)) : QVariant();
    case ErrorRate: return 100.0 * c.errorRate;
    case ErrorRateChange:
        return p && p->calls > 0 && c.calls > 0 ? QVariant(100.0 * (c.errorRate - p->errorRate)) : QVariant();
    case PositiveRate: return opt(rate(c.positiveRate));
    case PositiveRateChange: return p ? opt(pointChange(c.positiveRate, p->positiveRate)) : QVariant();
    }
    return {};
}

QString FeatureTableModel::display(int row, int column) const
{
    const QVariant v = raw(row, column);
    const QLocale locale;
    const bool hadBefore = m_previous[row].has_value();
    switch (column) {
    case Feature:
        return v.toString().isEmpty() ? noValueLabel() : v.toString();
    case Cost:
        return u"$"_s + locale.toString(v.toDouble(), 'f', 2);
    case Calls:
    case Tokens:
        return locale.toString(v.toLongLong());
    case P95:
        return v.isValid() ? locale.toString(v.toDouble(), 'f', 0) + u" ms"_s : u"–"_s;
    case ErrorRate:
    case PositiveRate:
        return v.isValid() ? locale.toString(v.toDouble(), 'f', 1) + u'%' : u"–"_s;
    case CostChange:
    case CallsChange:
    case TokensChange:
    case P95Change:
        if (v.isValid())
            return signedPercent(v.toDouble(), u"%"_s);
        return hadBefore ? u"–"_s : tr("new");
    case ErrorRateChange:
    case PositiveRateChange:
        return v.isValid() ? signedPercent(v.toDouble(), u" pp"_s) : u"–"_s;
    }
    return {};
}

QVariant FeatureTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_current.size())
        return {};
    const int column = index.column();
    if (role == Qt::DisplayRole)
        return display(index.row(), column);
    if (role == Qt::UserRole)
        return raw(index.row(), column);
    if (role == Qt::TextAlignmentRole)
        return column == Feature ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == CellRole::Tone && column != Feature && column % 2 == 0) {
        // Changes: bad where things got worse (more cost, latency, errors; less positive feedback).
        const QVariant v = raw(index.row(), column);
        if (!v.isValid() || qAbs(v.toDouble()) < 0.05 || column == CallsChange || column == TokensChange)
            return {};
        const bool worse = column == PositiveRateChange ? v.toDouble() < 0 : v.toDouble() > 0;
        return int(worse ? CellTone::Bad : CellTone::Good);
    }
    return {};
}

QVariant FeatureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Feature: return tr("Feature");
        case Cost: return tr("Cost");
        case Calls: return tr("Calls");
        case Tokens: return tr("Tokens");
        case P95: return tr("p95 latency");
        case ErrorRate: return tr("Errors");
        case PositiveRate: return tr("Positive");
        default: return tr("Δ");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case P95:
            return tr("The mean of each period's exact p95, weighted by calls: percentiles of different periods "
                      "cannot be merged exactly.");
        case PositiveRate: return tr("Share of positive end-user feedback among the calls that got feedback.");
        case ErrorRate: return tr("Share of calls that failed (status not ok, or an error logged).");
        case Feature: return {};
        default:
            return section % 2 == 0 ? tr("Change against the previous range of the same length (rates in "
                                         "percentage points).")
                                    : QVariant();
        }
    }
    return {};
}

QString FeatureTableModel::toCsv() const
{
    QString csv = csvKeys.join(u',') + u"\r\n"_s;
    for (int row = 0; row < m_current.size(); ++row) {
        QStringList cells;
        for (int column = 0; column < ColumnCount; ++column) {
            const QVariant v = raw(row, column);
            if (!v.isValid())
                cells << QString();
            else if (column == Feature)
                cells << csvField(v.toString());
            else if (column == Calls || column == Tokens)
                cells << QString::number(v.toLongLong());
            else
                cells << QString::number(v.toDouble(), 'f', column == Cost ? 6 : 2);
        }
        csv += cells.join(u',') + u"\r\n"_s;
    }
    return csv;
}

} // namespace assay
