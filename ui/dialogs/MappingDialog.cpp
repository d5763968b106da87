#include "dialogs/MappingDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const auto kLastDirKey = "mappingDialog/lastDir"_L1;

QString joinWithAnd(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return items.mid(0, items.size() - 1).join(u", "_s) + u" and "_s + items.last();
}

QString lastDir()
{
    return QSettings()
        .value(kLastDirKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .toString();
}

} // namespace

MappingDialog::MappingDialog(SqlDialect dialect, const QList<TableInfo> &tables, const LogMapping &initial,
                             const QString &errorMessage, QWidget *parent)
    : QDialog(parent), m_dialect(dialect), m_tables(tables), m_initial(initial)
{
    setWindowTitle(tr("Map log columns"));
    buildUi(errorMessage);

    // The table: the one the mapping names, else the one the detector would pick, else the best guess.
    int chosen = -1;
    if (!initial.table.isEmpty()) {
        for (int i = 0; i < m_tables.size() && chosen < 0; ++i) {
            const auto &t = m_tables.at(i);
            if (t.table.compare(initial.table, Qt::CaseInsensitive) == 0
                && (initial.schemaName.isEmpty() || t.schemaName == initial.schemaName))
                chosen = i;
        }
    }
    if (chosen < 0) {
        LogMapping columnsOnly = initial;
        columnsOnly.table.clear();
        columnsOnly.schemaName.clear();
        if (auto schema = mapLogSchema(m_tables, m_dialect, columnsOnly)) {
            for (int i = 0; i < m_tables.size() && chosen < 0; ++i) {
                if (m_tables.at(i).table == schema->table && m_tables.at(i).schemaName == schema->schemaName)
                    chosen = i;
            }
        }
    }
    if (chosen < 0) {
        int best = -1;
        for (int i = 0; i < m_tables.size(); ++i) {
            const int score = scoreLogTable(m_tables.at(i));
            if (score > best) {
                best = score;
                chosen = i;
            }
        }
    }
    {
        const QSignalBlocker blocker(m_table);
        m_table->setCurrentIndex(chosen);
    }
    selectTable(chosen, initial);
    setTimestampKind(initial.timestampKind);
    connect(m_table, &QComboBox::currentIndexChanged, this, [this](int index) {
        selectTable(index, index >= 0 && m_tables.at(index).table == m_initial.table ? m_initial : LogMapping{});
    });
}

void MappingDialog::buildUi(const QString &errorMessage)
{
    auto *layout = new QVBoxLayout(this);

    // Why we are here, when the automatic mapping failed.
    auto *errorFrame = new QFrame(this);
    errorFrame->setFrameShape(QFrame::StyledPanel);
    auto *errorRow = new QHBoxLayout(errorFrame);
    auto *icon = new QLabel(errorFrame);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);
    m_error = new QLabel(errorMessage, errorFrame);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorRow->addWidget(icon);
    errorRow->addWidget(m_error, 1);
    errorFrame->setVisible(!errorMessage.isEmpty());
    layout->addWidget(errorFrame);

    auto *intro = new QLabel(tr("Tell Assay which table holds your AI outputs and which column holds each field. "
                                "Fields marked * are required."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QComboBox(this);
    m_table->setObjectName(u"tableCombo"_s);
    bool severalSchemas = false;
    for (const auto &t : m_tables)
        severalSchemas = severalSchemas || t.schemaName != m_tables.first().schemaName;
    for (int i = 0; i < m_tables.size(); ++i) {
        const auto &t = m_tables.at(i);
        QString text = severalSchemas && !t.schemaName.isEmpty() ? t.schemaName + u'.' + t.table : t.table;
        if (t.isView)
            text += tr(" (view)");
        m_table->addItem(text, i);
        m_table->setItemData(i, tr("%n column(s)", nullptr, int(t.columns.size())), Qt::ToolTipRole);
    }
    auto *tableRow = new QFormLayout;
    tableRow->addRow(tr("&Table:"), m_table);
    layout->addLayout(tableRow);

    auto makeCombo = [this](LogField f) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(u"fieldCombo_"_s + logFieldName(f));
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setMinimumContentsLength(14);
        auto *label = new QLabel(this);
        label->setBuddy(combo);
        label->setToolTip(tr("Usual column names: %1").arg(logFieldSynonyms(f).join(u", "_s)));
        m_fieldCombos.insert(f, combo);
        m_fieldLabels.insert(f, label);
        connect(combo, &QComboBox::currentIndexChanged, this, &MappingDialog::updateValidation);
    };

    auto *required = new QGroupBox(tr("Required"), this);
    auto *requiredForm = new QFormLayout(required);
    auto *optional = new QGroupBox(tr("Optional"), this);
    auto *optionalGrid = new QGridLayout(optional);
    optionalGrid->setColumnStretch(1, 1);
    optionalGrid->setColumnStretch(3, 1);
    optionalGrid->setColumnMinimumWidth(2, 12);
    int optionalIndex = 0;
    int optionalRows = 0;
    for (LogField f : allLogFields) {
        if (isRequiredLogField(f))
            continue;
        ++optionalRows;
    }
    optionalRows = (optionalRows + 1) / 2;
    for (LogField f : allLogFields) {
        makeCombo(f);
        if (isRequiredLogField(f)) {
            requiredForm->addRow(m_fieldLabels.value(f), m_fieldCombos.value(f));
        } else {
            // Two columns, filled top to bottom, so related fields (tokens, prompt) stay together.
            const int row = optionalIndex % optionalRows;
            const int col = optionalIndex / optionalRows;
            optionalGrid->addWidget(m_fieldLabels.value(f), row, col * 3);
            optionalGrid->addWidget(m_fieldCombos.value(f), row, col * 3 + 1);
            ++optionalIndex;
        }
    }

    m_timestamp = new QComboBox(this);
    m_timestamp->setObjectName(u"timestampCombo"_s);
    m_timestamp->addItem(tr("Detect automatically"), -1);
    m_timestamp->addItem(tr("ISO-8601 text (iso)"), int(TimestampKind::IsoText));
    m_timestamp->addItem(tr("SQL timestamp (sql)"), int(TimestampKind::SqlTimestamp));
    m_timestamp->addItem(tr("Seconds since 1970 (epoch_s)"), int(TimestampKind::EpochSeconds));
    m_timestamp->addItem(tr("Milliseconds since 1970 (epoch_ms)"), int(TimestampKind::EpochMillis));
    m_timestamp->setToolTip(tr("How created_at is stored. Automatic detection samples the column."));
    connect(m_timestamp, &QComboBox::currentIndexChanged, this, &MappingDialog::updateValidation);
    requiredForm->addRow(tr("Timestamp &format:"), m_timestamp);

    auto *groups = new QHBoxLayout;
    groups->addWidget(required, 0, Qt::AlignTop);
    groups->addWidget(optional, 1);
    layout->addLayout(groups);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validationLabel"_s);
    m_validation->setWordWrap(true);
    layout->addWidget(m_validation);

    m_load = new QPushButton(tr("&Load…"), this);
    m_load->setObjectName(u"loadMappingButton"_s);
    m_load->setToolTip(tr("Read a mapping file (the JSON that `assay --mapping FILE` takes)"));
    m_save = new QPushButton(tr("&Save mapping file…"), this);
    m_save->setObjectName(u"saveMappingButton"_s);
    m_save->setToolTip(tr("Write this mapping as JSON, for `assay --mapping FILE` and your teammates"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(u"buttonBox"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isComplete())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &MappingDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &MappingDialog::onSaveClicked);
    connect(m_load, &QPushButton::clicked, this, &MappingDialog::onLoadClicked);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_load);
    bottom->addWidget(m_save);
    bottom->addStretch(1);
    bottom->addWidget(m_buttons);
    layout->addLayout(bottom);
}

void MappingDialog::selectTable(int index, const LogMapping &prefill)
{
    m_filling = true;
    const TableInfo *table = index >= 0 && index < m_tables.size() ? &m_tables.at(index) : nullptr;

    // Columns the mapping names come first; the usual names fill the rest, one field per column.
    QHash<LogField, QString> chosen;
    QSet<QString> taken;
    if (table) {
        for (LogField f : allLogFields) {
            if (!prefill.columns.contains(f))
                continue;
            if (const ColumnInfo *c = findColumnNamed(*table, prefill.columns.value(f))) {
                chosen.insert(f, c->name);
                taken.insert(c->name);
            }
        }
        for (LogField f : allLogFields) {
            if (chosen.contains(f))
                continue;
            for (const QString &synonym : logFieldSynonyms(f)) {
                const ColumnInfo *c = findColumnNamed(*table, synonym);
                if (c && !taken.contains(c->name)) {
                    chosen.insert(f, c->name);
                    taken.insert(c->name);
                    break;
                }
            }
        }
    }

    for (LogField f : allLogFields) {
        QComboBox *combo = m_fieldCombos.value(f);
        combo->clear();
        combo->addItem(tr("(none)"), QString());
        if (table) {
            for (const auto &c : table->columns) {
                combo->addItem(c.name, c.name);
                if (!c.type.isEmpty())
                    combo->setItemData(combo->count() - 1, c.type, Qt::ToolTipRole);
            }
        }
        combo->setCurrentIndex(qMax(0, combo->findData(chosen.value(f))));
        m_fieldLabels.value(f)->setText(fieldLabel(f));
    }
    m_filling = false;
    updateValidation();
}

void MappingDialog::setTimestampKind(const std::optional<TimestampKind> &kind)
{
    m_timestamp->setCurrentIndex(qMax(0, m_timestamp->findData(kind ? int(*kind) : -1)));
}

LogMapping MappingDialog::mapping() const
{
    LogMapping m;
    if (const TableInfo *table = currentTable()) {
        m.table = table->table;
        m.schemaName = table->schemaName;
    }
    for (LogField f : allLogFields) {
        const QString column = m_fieldCombos.value(f)->currentData().toString();
        if (!column.isEmpty())
            m.columns.insert(f, column);
    }
    const int kind = m_timestamp->currentData().toInt();
    if (kind >= 0)
        m.timestampKind = static_cast<TimestampKind>(kind);
    return m;
}

Result<void> MappingDialog::setMapping(const LogMapping &mapping)
{
    int index = m_table->currentIndex();
    if (!mapping.table.isEmpty()) {
        index = -1;
        for (int i = 0; i < m_tables.size() && index < 0; ++i) {
            const auto &t = m_tables.at(i);
            if (t.table.compare(mapping.table, Qt::CaseInsensitive) == 0
                && (mapping.schemaName.isEmpty() || t.schemaName == mapping.schemaName))
                index = i;
        }
        if (index < 0)
            return fail(tr("the mapping names table \"%1\", which this database does not have").arg(mapping.table));
    }
    if (index < 0)
        return fail(tr("this database has no tables to map"));
    QStringList unknown;
    for (LogField f : allLogFields) {
        if (mapping.columns.contains(f) && !findColumnNamed(m_tables.at(index), mapping.columns.value(f)))
            unknown << u"%1 → \"%2\""_s.arg(logFieldName(f), mapping.columns.value(f));
    }
    if (!unknown.isEmpty())
        return fail(tr("table \"%1\" has no such column: %2").arg(m_tables.at(index).table, unknown.join(u", "_s)));

    {
        const QSignalBlocker blocker(m_table);
        m_table->setCurrentIndex(index);
    }
    selectTable(index, mapping);
    setTimestampKind(mapping.timestampKind);
    return {};
}

bool MappingDialog::isComplete() const
{
    return validationMessage().isEmpty();
}

QString MappingDialog::validationMessage() const
{
    if (!currentTable())
        return tr("choose the table that holds the AI outputs");
    QStringList missing;
    for (LogField f : allLogFields) {
        if (fieldRequired(f) && m_fieldCombos.value(f)->currentData().toString().isEmpty())
            missing << logFieldName(f);
    }
    if (missing.isEmpty())
        return {};
    return missing.size() == 1 ? tr("%1 is required").arg(missing.first())
                               : tr("%1 are required").arg(joinWithAnd(missing));
}

Result<void> MappingDialog::saveMappingFile(const QString &path) const
{
    return mapping().save(path);
}

Result<void> MappingDialog::loadMappingFile(const QString &path)
{
    auto loaded = LogMapping::load(path);
    if (!loaded)
        return fail(loaded.error());
    return setMapping(*loaded);
}

QStringList MappingDialog::timestampFormatNames()
{
    return {u"auto"_s, u"iso"_s, u"sql"_s, u"epoch_s"_s, u"epoch_ms"_s};
}

void MappingDialog::updateValidation()
{
    if (m_filling)
        return;
    const QString problem = validationMessage();
    QStringList notes;
    if (problem.isEmpty()) {
        // Not an error (a mapping file may do it on purpose), but usually a slip.
        QHash<QString, QStringList> fieldsByColumn;
        for (LogField f : allLogFields) {
            const QString column = m_fieldCombos.value(f)->currentData().toString();
            if (!column.isEmpty())
                fieldsByColumn[column] << logFieldName(f);
        }
        for (auto it = fieldsByColumn.cbegin(); it != fieldsByColumn.cend(); ++it) {
            if (it.value().size() > 1)
                notes << tr("column \"%1\" is used for %2").arg(it.key(), joinWithAnd(it.value()));
        }
        notes.sort();
    }
    if (!problem.isEmpty()) {
        m_validation->setText(problem.at(0).toUpper() + problem.mid(1) + u'.');
        m_validation->setStyleSheet(u"color: #c62828;"_s);
    } else if (!notes.isEmpty()) {
        m_validation->setText(tr("Note: %1.").arg(notes.join(u"; "_s)));
        m_validation->setStyleSheet(u"color: #a15c00;"_s);
    } else {
        const LogMapping m = mapping();
        QString text = tr("Ready: %1 of %2 fields mapped.").arg(m.columns.size()).arg(allLogFields.size());
        if (!m.columns.contains(LogField::Id))
            text += tr(" The SQLite rowid stands in for id.");
        m_validation->setText(text);
        m_validation->setStyleSheet(QString());
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    m_save->setEnabled(currentTable() != nullptr);
    Q_EMIT mappingChanged();
}

void MappingDialog::onSaveClicked()
{
    const QString suggested = QDir(lastDir()).filePath(u"assay-mapping.json"_s);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save mapping file"), suggested,
                                                      tr("Mapping files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kLastDirKey, QFileInfo(path).absolutePath());
    if (auto saved = saveMappingFile(path); !saved)
        QMessageBox::warning(this, tr("Save mapping file"), saved.error());
}

void MappingDialog::onLoadClicked()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load mapping file"), lastDir(),
                                                      tr("Mapping files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kLastDirKey, QFileInfo(path).absolutePath());
    if (auto loaded = loadMappingFile(path); !loaded)
        QMessageBox::warning(this, tr("Load mapping file"), loaded.error());
}

const TableInfo *MappingDialog::currentTable() const
{
    const int index = m_table->currentIndex();
    return index >= 0 && index < m_tables.size() ? &m_tables.at(index) : nullptr;
}

bool MappingDialog::fieldRequired(LogField field) const
{
    if (!isRequiredLogField(field))
        return false;
    // A SQLite table (not a view) always has a rowid to key on.
    if (field == LogField::Id && m_dialect == SqlDialect::SQLite) {
        const TableInfo *table = currentTable();
        return table && table->isView;
    }
    return true;
}

QString MappingDialog::fieldLabel(LogField field) const
{
    QString text = logFieldName(field);
    if (fieldRequired(field))
        text += u" *"_s;
    else if (field == LogField::Id)
        text += tr(" (rowid if none)");
    return text;
}

} // namespace assay
