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

QString pairCheckConditionText(PairCheckCondition condition, const QString &check)
{
    switch (condition) {
    case PairCheckCondition::OnlyBFails:
        return ComparedPairsModel::tr("Only B fails %1").arg(check);
    case PairCheckCondition::OnlyAFails:
        return ComparedPairsModel::tr("Only A fails %1").arg(check);
    case PairCheckCondition::BFails:
        return ComparedPairsModel::tr("B fails %1").arg(check);
    case PairCheckCondition::AFails:
        return ComparedPairsModel::tr("A fails %1").arg(check);
    }
    return check;
}

void ComparedPairsModel::setPairs(const ComparedPairs &pairs, const QList<JudgeVote> &votes, const JudgeSelection &selection,
                                  const QList<CheckPairResults> &checks)
{
    beginResetModel();
    m_rows.clear();
    m_checks.clear();
    // Results that do not line up with these pairs (a stale reply) would mislabel every row.
    for (const CheckPairResults &c : checks) {
        if (c.aPassed.size() == pairs.pairs.size() && c.bPassed.size() == pairs.pairs.size()
            && (c.counted.isEmpty() || c.counted.size() == pairs.pairs.size()))
            m_checks << c;
    }
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

QStringList ComparedPairsModel::checkNames() const
{
    QStringList names;
    for (const CheckPairResults &c : m_checks)
        names << c.name;
    return names;
}

bool ComparedPairsModel::meets(int row, int check, PairCheckCondition condition) const
{
    if (check < 0 || check >= m_checks.size() || row < 0 || row >= m_rows.size())
        return false;
    const CheckPairResults &c = m_checks.at(check);
    if (!c.counted.isEmpty() && !c.counted.at(row))
        return false;
    const bool aFails = !c.aPassed.at(row);
    const bool bFails = !c.bPassed.at(row);
    switch (condition) {
    case PairCheckCondition::OnlyBFails:
        return bFails && !aFails;
    case PairCheckCondition::OnlyAFails:
        return aFails && !bFails;
    case PairCheckCondition::BFails:
        return bFails;
    case PairCheckCondition::AFails:
        return aFails;
    }
    return false;
}

QString ComparedPairsModel::failuresText(int row) const
{
    QStringList a, b;
    for (int check = 0; check < m_checks.size(); ++check) {
        if (meets(row, check, PairCheckCondition::AFails))
            a << m_checks.at(check).name;
        if (meets(row, check, PairCheckCondition::BFails))
            b << m_checks.at(check).name;
    }
    QStringList parts;
    if (!a.isEmpty())
        parts << tr("A: %1").arg(a.join(u", "_s));
    if (!b.isEmpty())
        parts << tr("B: %1").arg(b.join(u", "_s));
    return parts.join(u" · "_s);
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
        if (index.column() == Fails)
            return failuresText(index.row());
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
    case Fails:
        return failuresText(index.row());
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
    static const QStringList names{tr("Case"), tr("Feature"), tr("Verdict"), tr("Votes"), tr("Fails"), tr("Output A"), tr("Output B"),
                                   tr("Δ cost"), tr("Δ latency")};
    return names.value(section);
}

void PairVerdictFilter::setVerdict(std::optional<PairVerdictKind> verdict)
{
    m_verdict = verdict;
    invalidateFilter();
}

void PairVerdictFilter::setCheckCondition(int check, PairCheckCondition condition)
{
    m_check = check;
    m_condition = condition;
    invalidateFilter();
}

bool PairVerdictFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_verdict) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(CompareRole::Verdict).toInt() != int(*m_verdict))
            return false;
    }
    if (m_check < 0)
        return true;
    const auto *pairs = qobject_cast<const ComparedPairsModel *>(sourceModel());
    return pairs && pairs->meets(sourceRow, m_check, m_condition);
}

} // namespace assay
