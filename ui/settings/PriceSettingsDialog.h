#pragma once

#include "pricing/PriceTable.h"
#include "settings/PriceTableMetaType.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace assay {

class PriceRowsModel;

// Settings ▸ Prices: every price Assay charges with, the built-in and imported rows read-only,
// the user's own rows editable; a LiteLLM import; Save writes the overrides file (the Imported
// and User layers, PriceFile.h) at the path the dialog was given. Nothing is written before Save.
class PriceSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit PriceSettingsDialog(const QString &overridesPath, QWidget *parent = nullptr);

    const PriceTable &table() const { return m_table; }
    PriceRowsModel *rowsModel() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;
    bool hasUnsavedChanges() const { return m_dirty; }

    // What the buttons do, without their dialogs. Failures leave the table as it was.
    Result<void> addUserRow(const ModelPrice &row);
    Result<void> replaceUserRow(const ModelPrice &old, const ModelPrice &now);
    Result<void> removeUserRow(const ModelPrice &row);
    Result<LiteLlmImport> importLiteLlmFile(const QString &path);
    Result<void> save();
    // Why the table cannot take `row` (a user row of the same pattern and date exists), or empty.
    // `replacing` is the row being edited, which may keep its own pattern.
    QString checkUserRow(const ModelPrice &row, const std::optional<ModelPrice> &replacing) const;

    void reject() override;

Q_SIGNALS:
    // After a successful Save: the table the dashboard and CLI should price with from now on.
    void saved(const assay::PriceTable &table);

private:
    Result<void> setUserRows(const QList<ModelPrice> &rows);
    std::optional<ModelPrice> selectedRow() const;
    void editSelected();
    void addInteractive(const ModelPrice &start);
    void importInteractive();
    void saveInteractive();
    void refreshView(const std::optional<ModelPrice> &select = std::nullopt);
    void updateButtons();
    void setStatus(const QString &text, bool error = false);

    QString m_path;
    QString m_loadError; // the overrides file exists but could not be read
    PriceTable m_table;
    bool m_dirty = false;
    PriceRowsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace assay
