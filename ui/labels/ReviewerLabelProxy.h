#pragma once

#include "labels/LabelText.h"

#include <QHash>
#include <QIdentityProxyModel>
#include <QSet>

class QTimer;

namespace assay {

class OutputsModel;

// The outputs table plus one column: the reviewer labels. The core model stays as it is; this
// proxy asks for the labels of the rows the view actually paints, in batches (labelsWanted),
// and shows "saving…" for an edit until the worker confirms its commit.
class ReviewerLabelProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    enum Role {
        MyLabelRole = Qt::UserRole + 100, // "positive" / "negative" / "edited" / "" (saved only)
        SaveStateRole,                     // "saving", "saved" (a label is saved), "" (none)
        OutputKeyRole,                     // the row's output key as text
    };

    explicit ReviewerLabelProxy(QObject *parent = nullptr);

    void setOutputs(OutputsModel *outputs);
    int labelColumn() const;
    QString keyAt(int row) const;

    void setReviewer(const QString &reviewer);
    QString reviewer() const { return m_reviewer; }
    void setBlind(bool blind);
    bool isBlind() const { return m_blind; }

    // Forgets every label (another source, or another reviewer).
    void resetLabels();
    // Every reviewer's current labels of `keys` (keys without any have none).
    void setLabels(const QStringList &keys, const QList<LabelEvent> &labels);
    void markSaving(const QStringList &keys, std::optional<LabelValue> pending);
    void finishSaving(const QStringList &keys, const QString &error = {});
    // This reviewer's newly committed events.
    void applyCommitted(const QList<LabelEvent> &events);
    ItemLabels labelsOf(const QString &key) const { return m_labels.value(key); }

    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void labelsWanted(const QStringList &keys);
    // Labels of these keys changed on screen (for the detail pane).
    void labelsChanged(const QStringList &keys);

private:
    void refreshColumn(const QStringList &keys);

    OutputsModel *m_outputs = nullptr;
    QString m_reviewer;
    bool m_blind = false;
    QHash<QString, ItemLabels> m_labels;
    // data() is const and is where a painted row asks for its labels.
    mutable QSet<QString> m_wanted;
    mutable QSet<QString> m_requested;
    QTimer *m_batch = nullptr;
};

} // namespace assay
