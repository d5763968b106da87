#pragma once

#include <QStyledItemDelegate>

namespace assay {

// Paints CellRole::Tone: the text colour (and italics for Pending) from the view's palette.
class ToneDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace assay
