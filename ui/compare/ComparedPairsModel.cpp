#include "compare/ComparedPairsModel.h"

#include "compare/CompareText.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr qsizetype kPreviewChars = 160;

QString preview(const QString &text)
{
    QString line = text.left(kPreviewChars * 2).simplified();
    return line.size() > kPreviewChars ? line.left(kPreviewChars) + u'…' : line;
}

PairVerdictKind verdictOf(int forB, int forA, int ties)
{
    if (forB + forA + ties == 0)
        return PairVerdictKind::NotJudged;
    // As summarizeComparison counts a pair: the side with more votes wins it, else a tie.
    return forB > forA ? PairVerdictKind::BBetter : forA > forB ? PairVerdictKind::ABetter : PairVerdictKind::Tie;
}

} // namespace

void ComparedPairsModel::setPairs(const ComparedPairs &pairs, const QList<JudgeVote> &votes, const JudgeSelection &selection)
{
    beginResetModel();
    m_rows.clear();
    QHash<int, qsizetype> rowOfCase;
    for (const ComparedPair &p : pairs.pairs) {
        rowOfCase.insert(p.caseNo, m_rows.size());
        m_rows << Row{p};
    }
    for (const JudgeVote &v : votes) {
        const auto at = rowOfCase.constFind(v.caseNo);
        if (at == rowOfCase.cend() || !selection.admits(v))
            continue;
        Row &row = m_rows[*at];
        (v.winner == PairWinner::B ? row.forB : v.winner == PairWinner::A ? row.forA : row.ties) += 1;
    }
    for (Row &row : m_rows)
        row.verdict = verdictOf(row.forB, row.forA, row.ties);
    endResetModel();
}

int ComparedPairsModel::caseAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).pair.caseNo : -1;
}

PairVerdictKind ComparedPairsModel::verdictAt(int row) const
{
    return m_rows.at(row).verdict;
}

int ComparedPairsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ComparedPairsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparedPairsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ComparedPair &p = row.pair;
    switch (role) {
    case CompareRole::CaseNo:
        return p.caseNo;
    case CompareRole::Verdict:
        return int(row.verdict);
    case CompareRole::Tone:
        if (index.column() != Verdict)
            return {};
        return int(row.verdict == PairVerdictKind::BBetter ? CompareTone::Good
                   : row.verdict == PairVerdictKind::ABetter ? CompareTone::Bad
                                                             : CompareTone::Neutral);
    case Qt::ToolTipRole:
        if (index.column() == OutputA)
            return p.a.output.left(2000);
        if (index.column() == OutputB)
            return p.b.output.left(2000);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Case:
        return p.caseNo + 1; // as the replay results number them
    case Feature:
        return p.feature;
    case Verdict:
        return pairVerdictKindText(row.verdict);
    case Votes:
        return row.forB + row.forA + row.ties == 0 ? QString() : tr("B %1 · A %2 · tie %3").arg(row.forB).arg(row.forA).arg(row.ties);
    case OutputA:
        return preview(p.a.output);
    case OutputB:
        return preview(p.b.output);
    case CostDelta:
        return p.a.costUsd && p.b.costUsd ? metricValue(u"cost_usd"_s, *p.b.costUsd - *p.a.costUsd) : QString();
    case LatencyDelta:
        return p.a.latencyMs && p.b.latencyMs ? metricValue(u"latency_ms"_s, double(*p.b.latencyMs - *p.a.latencyMs)) : QString();
    default:
        return {};
    }
}

QVariant ComparedPairsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Case"), tr("Feature"), tr("Verdict"), tr("Votes"), tr("Output A"), tr("Output B"),
                                   tr("Δ cost"), tr("Δ latency")};
    return names.value(section);
}

void PairVerdictFilter::setVerdict(std::optional<PairVerdictKind> verdict)
{
    m_verdict = verdict;
    invalidateFilter();
}

bool PairVerdictFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_verdict)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(CompareRole::Verdict).toInt() == int(*m_verdict);
}

} // namespace assay
