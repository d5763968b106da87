#pragma once

#include "pricing/ModelPrice.h"
#include "settings/PriceRowText.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace assay {

// Edits one user price row. OK validates (parsePriceRow, then `accept` from the caller, which
// checks the row against the rest of the table); a problem is shown in the dialog, which stays
// open with everything typed still there.
class PriceRowDialog : public QDialog {
    Q_OBJECT
public:
    // `check` returns an error message for a row the table cannot take (empty: fine).
    PriceRowDialog(const ModelPrice &start, std::function<QString(const ModelPrice &)> check, QWidget *parent = nullptr);

    PriceRowText text() const;
    void setText(const PriceRowText &text);
    ModelPrice row() const { return m_row; } // valid after accept
    QString errorText() const;

    void accept() override;

private:
    void addTierRow(const PriceRowText::Tier &tier);

    std::function<QString(const ModelPrice &)> m_check;
    ModelPrice m_row;
    QComboBox *m_match = nullptr;
    QLineEdit *m_pattern = nullptr;
    QCheckBox *m_dated = nullptr;
    QDateEdit *m_date = nullptr;
    QLineEdit *m_input = nullptr;
    QLineEdit *m_output = nullptr;
    QLineEdit *m_cacheRead = nullptr;
    QLineEdit *m_cacheWrite = nullptr;
    QTableWidget *m_tiers = nullptr;
    QLineEdit *m_note = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace assay
