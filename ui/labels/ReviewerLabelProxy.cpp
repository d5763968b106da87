#include "labels/ReviewerLabelProxy.h"

#include "common/CellTone.h"

#include "browse/OutputsModel.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace assay {

namespace {
constexpr int kBatchDelayMs = 20;   // one batch for a screenful painted in one pass
constexpr int kMaxBatch = 500;      // keeps each IN (...) well under SQLite's bound-parameter limit
} // namespace

ReviewerLabelProxy::ReviewerLabelProxy(QObject *parent) : QIdentityProxyModel(parent)
{
    m_batch = new QTimer(this);
    m_batch->setSingleShot(true);
    m_batch->setInterval(kBatchDelayMs);
    connect(m_batch, &QTimer::timeout, this, [this] {
        QStringList keys;
        for (auto it = m_wanted.begin(); it != m_wanted.end() && keys.size() < kMaxBatch;) {
            keys << *it;
            m_requested.insert(*it);
            it = m_wanted.erase(it);
        }
        if (!m_wanted.isEmpty())
            m_batch->start();
        if (!keys.isEmpty())
            Q_EMIT labelsWanted(keys);
    });
}

void ReviewerLabelProxy::setOutputs(OutputsModel *outputs)
{
    m_outputs = outputs;
    setSourceModel(outputs);
    // Rows that arrive after a placeholder was painted now have a key: their review cell must be
    // painted (and so asked for) again too, not only the log's columns.
    connect(outputs, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        if (from.isValid() && to.isValid())
            Q_EMIT dataChanged(index(from.row(), labelColumn()), index(to.row(), labelColumn()));
    });
}

int ReviewerLabelProxy::labelColumn() const
{
    return sourceModel() ? sourceModel()->columnCount() : 0;
}

QString ReviewerLabelProxy::keyAt(int row) const
{
    const QVariant key = m_outputs ? m_outputs->keyAt(row) : QVariant();
    return key.isValid() ? key.toString() : QString();
}

void ReviewerLabelProxy::setReviewer(const QString &reviewer)
{
    if (reviewer == m_reviewer)
        return;
    m_reviewer = reviewer;
    resetLabels();
}

void ReviewerLabelProxy::setBlind(bool blind)
{
    if (blind == m_blind)
        return;
    m_blind = blind;
    refreshColumn(m_labels.keys());
}

void ReviewerLabelProxy::resetLabels()
{
    m_labels.clear();
    m_wanted.clear();
    m_requested.clear();
    refreshColumn({});
}

void ReviewerLabelProxy::setLabels(const QStringList &keys, const QList<LabelEvent> &labels)
{
    for (const QString &key : keys) {
        ItemLabels &item = m_labels[key];
        item.loaded = true;
        item.others.clear();
        if (item.saving == 0) // an edit in flight is newer than what was read
            item.mine.reset();
        m_requested.remove(key);
    }
    for (const LabelEvent &e : labels) {
        ItemLabels &item = m_labels[e.outputKey];
        if (e.reviewer != m_reviewer)
            item.others << e;
        else if (item.saving == 0)
            item.mine = e;
    }
    refreshColumn(keys);
}

void ReviewerLabelProxy::markSaving(const QStringList &keys, std::optional<LabelValue> pending)
{
    for (const QString &key : keys) {
        ItemLabels &item = m_labels[key];
        ++item.saving;
        item.pending = pending;
        item.error.clear();
    }
    refreshColumn(keys);
}

void ReviewerLabelProxy::finishSaving(const QStringList &keys, const QString &error)
{
    for (const QString &key : keys) {
        ItemLabels &item = m_labels[key];
        item.saving = qMax(0, item.saving - 1);
        if (item.saving == 0)
            item.pending.reset();
        item.error = error;
    }
    refreshColumn(keys);
}

void ReviewerLabelProxy::applyCommitted(const QList<LabelEvent> &events)
{
    QStringList keys;
    for (const LabelEvent &e : events) {
        ItemLabels &item = m_labels[e.outputKey];
        item.mine = e.label ? std::optional<LabelEvent>(e) : std::nullopt;
        item.error.clear();
        keys << e.outputKey;
    }
    refreshColumn(keys);
}

void ReviewerLabelProxy::refreshColumn(const QStringList &keys)
{
    const int rows = rowCount();
    if (rows > 0) {
        // The view repaints only what is on screen, so one range over the column is cheap.
        Q_EMIT dataChanged(index(0, labelColumn()), index(rows - 1, labelColumn()));
    }
    Q_EMIT labelsChanged(keys);
}

int ReviewerLabelProxy::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !sourceModel())
        return 0;
    return sourceModel()->columnCount() + 1;
}

QModelIndex ReviewerLabelProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    if (column == labelColumn())
        return createIndex(row, column);
    return QIdentityProxyModel::index(row, column, parent);
}

QModelIndex ReviewerLabelProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

QModelIndex ReviewerLabelProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (proxyIndex.isValid() && proxyIndex.column() == labelColumn())
        return {};
    return QIdentityProxyModel::mapToSource(proxyIndex);
}

Qt::ItemFlags ReviewerLabelProxy::flags(const QModelIndex &index) const
{
    if (index.isValid() && index.column() == labelColumn())
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return QIdentityProxyModel::flags(index);
}

QVariant ReviewerLabelProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == labelColumn()) {
        if (role == Qt::DisplayRole)
            return tr("Review");
        if (role == Qt::ToolTipRole)
            return tr("Reviewer labels: yours (1 positive, 2 negative, 3 edited, 0 clears) and how many others");
        return {};
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

QVariant ReviewerLabelProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() != labelColumn())
        return QIdentityProxyModel::data(index, role);
    const QString key = keyAt(index.row());
    if (role == OutputKeyRole)
        return key;
    if (key.isEmpty())
        return {}; // the row itself is still loading
    const auto found = m_labels.constFind(key);
    if (found == m_labels.cend() || !found->loaded) {
        if (!m_requested.contains(key) && !m_wanted.contains(key)) {
            m_wanted.insert(key);
            if (!m_batch->isActive())
                m_batch->start();
        }
        if (found == m_labels.cend())
            return {};
    }
    const ItemLabels &item = *found;
    switch (role) {
    case Qt::DisplayRole:
        return reviewColumnText(item, m_blind);
    case MyLabelRole:
        return item.mine ? labelName(*item.mine->label) : QString();
    case SaveStateRole:
        return item.saving > 0 ? u"saving"_s : item.mine ? u"saved"_s : QString();
    case CellRole::Tone:
        if (item.saving > 0)
            return int(CellTone::Pending); // not committed yet: it must not look saved
        if (!item.mine)
            return {};
        switch (*item.mine->label) {
        case LabelValue::Positive:
            return int(CellTone::LabelPositive);
        case LabelValue::Negative:
            return int(CellTone::LabelNegative);
        case LabelValue::Edited:
            return int(CellTone::LabelEdited);
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!item.error.isEmpty())
            lines << tr("Not saved: %1").arg(item.error);
        if (item.mine)
            lines << tr("You: %1%2").arg(labelName(*item.mine->label),
                                         item.mine->note.isEmpty() ? QString() : u" — "_s + item.mine->note);
        if (othersVisible(item, m_blind)) {
            for (const LabelEvent &e : item.others)
                lines << u"%1: %2"_s.arg(e.reviewer, labelName(*e.label));
        } else if (!item.others.isEmpty()) {
            lines << tr("%1 other label(s) hidden (blind mode)").arg(item.others.size());
        }
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    default:
        return {};
    }
}

} // namespace assay
