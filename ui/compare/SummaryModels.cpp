#include "compare/SummaryModels.h"

#include "compare/CompareRoles.h"
#include "compare/CompareText.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QVariant tallyData(const WinTally &t, int column, int role)
{
    if (role == CompareRole::WinRate)
        return t.winRate;
    if (role == CompareRole::CiLow)
        return t.ci.low;
    if (role == CompareRole::CiHigh)
        return t.ci.high;
    if (role == CompareRole::Decisive)
        return t.decisive();
    if (role == Qt::TextAlignmentRole && column != FeatureTallyModel::Feature)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case FeatureTallyModel::Wins:
        return t.wins;
    case FeatureTallyModel::Losses:
        return t.losses;
    case FeatureTallyModel::Ties:
        return t.ties;
    case FeatureTallyModel::WinRate:
        return t.decisive() == 0 ? QObject::tr("no decisive pairs")
                                 : QObject::tr("%1 (%2–%3)").arg(percentText(t.winRate), percentText(t.ci.low), percentText(t.ci.high));
    case FeatureTallyModel::SignTest:
        return pValueText(t.signTestP);
    default:
        return {};
    }
}

} // namespace

void FeatureTallyModel::setSummary(const ComparisonSummary &summary)
{
    beginResetModel();
    m_rows.clear();
    m_rows << FeatureTally{tr("All features"), summary.overall};
    m_rows << summary.features;
    endResetModel();
}

int FeatureTallyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FeatureTallyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FeatureTallyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FeatureTally &row = m_rows.at(index.row());
    if (index.column() == Feature && role == Qt::DisplayRole)
        return row.feature.isEmpty() ? tr("(no feature)") : row.feature;
    return tallyData(row.tally, index.column(), role);
}

QVariant FeatureTallyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Feature"), tr("B wins"), tr("B loses"), tr("Ties"), tr("Win rate of B (95% CI)"),
                                   tr("Sign test p")};
    return names.value(section);
}

void CheckComparisonModel::setSummary(const ComparisonSummary &summary)
{
    beginResetModel();
    m_rows = summary.checks;
    m_alpha = summary.alpha;
    endResetModel();
}

int CheckComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CheckComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CheckComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CheckComparison &c = m_rows.at(index.row());
    const bool worse = c.significantlyWorse(m_alpha);
    if (role == CompareRole::SignificantlyWorse)
        return worse;
    if (role == CompareRole::Tone)
        return int(worse ? CompareTone::Bad : c.mcnemarP < m_alpha ? CompareTone::Good : CompareTone::Neutral);
    if (role == Qt::TextAlignmentRole && index.column() != Check)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && worse)
        return tr("B passes this check significantly less often than A (McNemar p < %1).").arg(m_alpha);
    if (role != Qt::DisplayRole)
        return {};
    const auto rate = [&c](qint64 passed) {
        return c.pairs == 0 ? u"—"_s : u"%1 (%2)"_s.arg(percentText(double(passed) / double(c.pairs))).arg(passed);
    };
    switch (index.column()) {
    case Check:
        return c.name;
    case Pairs:
        return c.pairs;
    case APassed:
        return rate(c.aPassed);
    case BPassed:
        return rate(c.bPassed);
    case OnlyA:
        return c.onlyAPassed;
    case OnlyB:
        return c.onlyBPassed;
    case McNemar:
        return pValueText(c.mcnemarP);
    default:
        return {};
    }
}

QVariant CheckComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Check"), tr("Pairs"), tr("A passed"), tr("B passed"), tr("Only A passed"),
                                   tr("Only B passed"), tr("McNemar p")};
    return names.value(section);
}

void DeltaModel::setSummary(const ComparisonSummary &summary)
{
    beginResetModel();
    m_rows = summary.deltas;
    endResetModel();
}

int DeltaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeltaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeltaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeltaSummary &d = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Metric)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == CompareRole::Tone && index.column() == Difference && d.difference) {
        // Cheaper, faster, shorter reads as good; an interval across zero as neither.
        if (d.difference->low > 0)
            return int(CompareTone::Bad);
        if (d.difference->high < 0)
            return int(CompareTone::Good);
        return int(CompareTone::Neutral);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Metric:
        return metricName(d.metric);
    case Pairs:
        return d.pairs;
    case MeanA:
        return d.pairs ? metricValue(d.metric, d.meanA) : u"—"_s;
    case MeanB:
        return d.pairs ? metricValue(d.metric, d.meanB) : u"—"_s;
    case Difference:
        return d.difference ? metricValue(d.metric, d.difference->mean) : u"—"_s;
    case Interval:
        return d.difference ? u"%1 … %2"_s.arg(metricValue(d.metric, d.difference->low), metricValue(d.metric, d.difference->high))
                            : tr("too few pairs");
    case Relative:
        if (!d.difference || d.meanA == 0)
            return u"—"_s;
        return (d.difference->mean >= 0 ? u"+"_s : u"−"_s) + percentText(std::abs(d.difference->mean / d.meanA));
    default:
        return {};
    }
}

QVariant DeltaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Metric"), tr("Pairs"), tr("Mean A"), tr("Mean B"), tr("B − A"), tr("95% CI"), tr("Change")};
    return names.value(section);
}

} // namespace assay
