#pragma once

#include "schema/LogField.h"
#include "schema/LogMapping.h"
#include "schema/SchemaDetector.h"
#include "source/SourceLocation.h"
#include "util/Result.h"

#include <QDialog>
#include <QHash>
#include <QList>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;

namespace assay {

// "Which table, which columns": shown when a log cannot be mapped automatically, or from a menu.
// Lists the tables of the source; for the chosen one, one combo per logical field (its columns
// plus "(none)"), prefilled from the initial mapping and then from the usual column names, with
// the required fields marked "*". OK is enabled once every required field has a column (id may
// stay "(none)" on a SQLite table: the rowid stands in). Save/Load read and write mapping files
// (the same JSON as `--mapping FILE`). Pure UI: the tables come from listTables(), the result is
// a LogMapping to open the source with.
//
// Child object names: errorLabel, tableCombo, fieldCombo_<field name> (fieldCombo_output,
// fieldCombo_created_at, ...), timestampCombo, validationLabel, saveMappingButton,
// loadMappingButton, buttonBox.
class MappingDialog : public QDialog {
    Q_OBJECT
public:
    // `dialect` decides whether id is required (SQLite tables have a rowid). `errorMessage`,
    // when not empty, is shown at the top (why the automatic mapping failed).
    MappingDialog(SqlDialect dialect, const QList<TableInfo> &tables, const LogMapping &initial,
                  const QString &errorMessage, QWidget *parent = nullptr);

    // Table, schema, every field that has a column, and the timestamp format (none for "auto").
    LogMapping mapping() const;
    // Selects the mapping's table (when the source has it) and its columns; fields it leaves out
    // are filled from the usual column names. Fails, changing nothing, on an unknown table.
    Result<void> setMapping(const LogMapping &mapping);

    // Every required field has a column: OK is enabled.
    bool isComplete() const;
    // "output is required", "feature and output are required"; empty when complete.
    QString validationMessage() const;

    // What the Save/Load buttons do after asking for a file.
    Result<void> saveMappingFile(const QString &path) const;
    Result<void> loadMappingFile(const QString &path);

    // Timestamp format choices, in combo order: auto, iso, sql, epoch_s, epoch_ms.
    static QStringList timestampFormatNames();

Q_SIGNALS:
    void mappingChanged();

private:
    void buildUi(const QString &errorMessage);
    void selectTable(int index, const LogMapping &prefill);
    void setTimestampKind(const std::optional<TimestampKind> &kind);
    void updateValidation();
    void onSaveClicked();
    void onLoadClicked();
    const TableInfo *currentTable() const;
    bool fieldRequired(LogField field) const;
    QString fieldLabel(LogField field) const;

    SqlDialect m_dialect;
    QList<TableInfo> m_tables;
    LogMapping m_initial;

    QLabel *m_error = nullptr;
    QComboBox *m_table = nullptr;
    QHash<LogField, QComboBox *> m_fieldCombos;
    QHash<LogField, QLabel *> m_fieldLabels;
    QComboBox *m_timestamp = nullptr;
    QLabel *m_validation = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_load = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_filling = false;
};

} // namespace assay
