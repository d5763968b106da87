#pragma once

#include <QStyledItemDelegate>

namespace assay {

// Paints what the Compare view's models only describe in roles: the win rate column as its
// interval on a 0-100% axis (the text after it), and the cells a model tones good or bad.
class CompareDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // `winRateColumn`: the column drawn as an interval; -1 for none.
    explicit CompareDelegate(int winRateColumn, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_winRateColumn;
};

} // namespace assay
