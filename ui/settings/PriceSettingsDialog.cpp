#include "settings/PriceSettingsDialog.h"

#include "common/ToneDelegate.h"

#include "settings/PriceRowDialog.h"
#include "settings/PriceRowsModel.h"
#include "pricing/LiteLlmImport.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// PriceTable::setRows() with an empty list leaves the table's look-up index pointing at the rows
// it removed (core/pricing: it re-indexes only through add()), so find() could still answer with
// a removed price. Built from the defaults up, layer by layer, the index is always fresh.
Result<PriceTable> tableWith(const QList<ModelPrice> &imported, const QList<ModelPrice> &user)
{
    PriceTable table = PriceTable::withDefaults();
    if (auto set = table.setRows(PriceSource::Imported, imported); !set)
        return fail(set.error());
    if (auto set = table.setRows(PriceSource::User, user); !set)
        return fail(set.error());
    return table;
}

bool sameKey(const ModelPrice &a, const ModelPrice &b)
{
    return a.match == b.match && a.effectiveFrom == b.effectiveFrom
        && a.pattern.trimmed().compare(b.pattern.trimmed(), Qt::CaseInsensitive) == 0;
}

} // namespace

PriceSettingsDialog::PriceSettingsDialog(const QString &overridesPath, QWidget *parent)
    : QDialog(parent), m_path(overridesPath), m_table(PriceTable::withDefaults())
{
    setWindowTitle(tr("Prices"));
    m_model = new PriceRowsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(PriceRowsModel::Pattern);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTableView(this);
    m_view->setObjectName(u"priceTable"_s);
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new ToneDelegate(m_view)); // read-only rows recede
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"priceFilter"_s);
    m_filter->setPlaceholderText(tr("Find a model…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_add = new QPushButton(tr("Add…"), this);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_edit->setObjectName(u"editButton"_s);
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(u"removeButton"_s);
    m_import = new QPushButton(tr("Import LiteLLM JSON…"), this);
    m_save = new QPushButton(tr("Save"), this);
    m_save->setObjectName(u"saveButton"_s);
    m_status = new QLabel(this);
    m_status->setObjectName(u"priceStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_edit, m_remove})
        buttons->addWidget(b);
    buttons->addSpacing(16);
    buttons->addWidget(m_import);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &PriceSettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("USD per million tokens. Your rows win over imported ones, which win over the "
                                    "built-in list prices; a logged cost wins over all of them."),
                                 this));
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(1100, 620);

    connect(m_add, &QPushButton::clicked, this, [this] {
        ModelPrice start;
        start.source = PriceSource::User;
        addInteractive(start);
    });
    connect(m_edit, &QPushButton::clicked, this, &PriceSettingsDialog::editSelected);
    connect(m_view, &QTableView::doubleClicked, this, &PriceSettingsDialog::editSelected);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const auto row = selectedRow(); row && row->source == PriceSource::User) {
            if (auto removed = removeUserRow(*row); !removed)
                setStatus(removed.error(), true);
        }
    });
    connect(m_import, &QPushButton::clicked, this, &PriceSettingsDialog::importInteractive);
    connect(m_save, &QPushButton::clicked, this, &PriceSettingsDialog::saveInteractive);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PriceSettingsDialog::updateButtons);

    if (QFileInfo::exists(m_path)) {
        if (auto loaded = m_table.loadOverridesFile(m_path); !loaded) {
            m_loadError = loaded.error();
            setStatus(tr("Your price file could not be read, so only the built-in prices are shown: %1. Saving "
                         "will ask before replacing it.")
                          .arg(m_loadError),
                      true);
        } else {
            setStatus(tr("Your prices are kept in %1.").arg(QDir::toNativeSeparators(m_path)));
        }
    } else {
        setStatus(tr("No prices of your own yet; Save keeps them in %1.").arg(QDir::toNativeSeparators(m_path)));
    }
    refreshView();
}

QString PriceSettingsDialog::statusText() const
{
    return m_status->text();
}

void PriceSettingsDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b03020;"_s : QString());
}

void PriceSettingsDialog::refreshView(const std::optional<ModelPrice> &select)
{
    m_model->setTable(m_table);
    m_view->resizeColumnsToContents();
    if (select) {
        const int row = m_model->rowOf(*select);
        if (row >= 0) {
            const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
            m_view->selectRow(at.row());
            m_view->scrollTo(at);
        }
    }
    updateButtons();
}

void PriceSettingsDialog::updateButtons()
{
    const auto row = selectedRow();
    const bool mine = row && row->source == PriceSource::User;
    m_edit->setEnabled(row.has_value());
    // A read-only row can still be the start of one's own: "Override…" copies it as a user row.
    m_edit->setText(row && !mine ? tr("Override…") : tr("Edit…"));
    m_remove->setEnabled(mine);
    m_save->setEnabled(m_dirty);
}

std::optional<ModelPrice> PriceSettingsDialog::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->rowAt(m_proxy->mapToSource(rows.first()).row());
}

QString PriceSettingsDialog::checkUserRow(const ModelPrice &row, const std::optional<ModelPrice> &replacing) const
{
    for (const ModelPrice &r : m_table.rows(PriceSource::User)) {
        if (sameKey(r, row) && !(replacing && sameKey(r, *replacing)))
            return tr("You already have a price for %1%2: edit that row instead.")
                .arg(row.pattern, row.effectiveFrom.isValid() ? tr(" from %1").arg(row.effectiveFrom.toString(Qt::ISODate))
                                                              : QString());
    }
    return {};
}

Result<void> PriceSettingsDialog::setUserRows(const QList<ModelPrice> &rows)
{
    auto next = tableWith(m_table.rows(PriceSource::Imported), rows);
    if (!next)
        return fail(next.error());
    m_table = std::move(*next);
    m_dirty = true;
    return {};
}

Result<void> PriceSettingsDialog::addUserRow(const ModelPrice &row)
{
    ModelPrice mine = row;
    mine.source = PriceSource::User;
    if (const QString problem = checkUserRow(mine, std::nullopt); !problem.isEmpty())
        return fail(problem);
    QList<ModelPrice> rows = m_table.rows(PriceSource::User);
    rows << mine;
    if (auto set = setUserRows(rows); !set)
        return set;
    refreshView(mine);
    setStatus(tr("Added %1 (not saved yet).").arg(mine.pattern));
    return {};
}

Result<void> PriceSettingsDialog::replaceUserRow(const ModelPrice &old, const ModelPrice &now)
{
    ModelPrice mine = now;
    mine.source = PriceSource::User;
    if (const QString problem = checkUserRow(mine, old); !problem.isEmpty())
        return fail(problem);
    QList<ModelPrice> rows = m_table.rows(PriceSource::User);
    const auto at = std::find_if(rows.begin(), rows.end(), [&](const ModelPrice &r) { return sameKey(r, old); });
    if (at == rows.end())
        return fail(tr("%1 is not one of your prices.").arg(old.pattern));
    *at = mine;
    if (auto set = setUserRows(rows); !set)
        return set;
    refreshView(mine);
    setStatus(tr("Changed %1 (not saved yet).").arg(mine.pattern));
    return {};
}

Result<void> PriceSettingsDialog::removeUserRow(const ModelPrice &row)
{
    QList<ModelPrice> rows = m_table.rows(PriceSource::User);
    if (rows.removeIf([&](const ModelPrice &r) { return sameKey(r, row); }) == 0)
        return fail(tr("%1 is not one of your prices.").arg(row.pattern));
    if (auto set = setUserRows(rows); !set)
        return set;
    refreshView();
    setStatus(tr("Removed %1 (not saved yet).").arg(row.pattern));
    return {};
}

void PriceSettingsDialog::addInteractive(const ModelPrice &start)
{
    PriceRowDialog editor(start, [this](const ModelPrice &row) { return checkUserRow(row, std::nullopt); }, this);
    editor.setWindowTitle(tr("New price"));
    if (editor.exec() != QDialog::Accepted)
        return;
    if (auto added = addUserRow(editor.row()); !added)
        setStatus(added.error(), true);
}

void PriceSettingsDialog::editSelected()
{
    const auto row = selectedRow();
    if (!row)
        return;
    if (row->source != PriceSource::User) {
        ModelPrice copy = *row;
        copy.source = PriceSource::User;
        copy.note = tr("override of the %1 price").arg(priceSourceName(row->source));
        addInteractive(copy);
        return;
    }
    const ModelPrice old = *row;
    PriceRowDialog editor(old, [this, old](const ModelPrice &r) { return checkUserRow(r, old); }, this);
    editor.setWindowTitle(tr("Edit price"));
    if (editor.exec() != QDialog::Accepted)
        return;
    if (auto replaced = replaceUserRow(old, editor.row()); !replaced)
        setStatus(replaced.error(), true);
}

Result<LiteLlmImport> PriceSettingsDialog::importLiteLlmFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setStatus(tr("Cannot read %1: %2").arg(path, file.errorString()), true);
        return fail(statusText());
    }
    const qsizetype before = m_table.rows(PriceSource::Imported).size();
    auto report = importLiteLlm(file.readAll(), tr("LiteLLM, %1").arg(QFileInfo(path).fileName()));
    auto next = report ? tableWith(report->rows, m_table.rows(PriceSource::User)) : Result<PriceTable>(fail(report.error()));
    if (!next) {
        setStatus(tr("Nothing imported from %1: %2").arg(QFileInfo(path).fileName(), next.error()), true);
        return fail(next.error());
    }
    m_table = std::move(*next);
    m_dirty = true;
    refreshView();
    const QLocale l;
    QString text = tr("Imported %1 prices from %2; skipped %3 entries without per-token prices.")
                       .arg(l.toString(report->imported), QFileInfo(path).fileName(), l.toString(report->skipped));
    if (before > 0)
        text += tr(" They replace the %1 rows of the previous import.").arg(l.toString(before));
    setStatus(text + tr(" Not saved yet."));
    return report;
}

void PriceSettingsDialog::importInteractive()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import LiteLLM prices"), QString(),
                                                      tr("LiteLLM price table (*.json);;All files (*)"));
    if (!path.isEmpty())
        (void)importLiteLlmFile(path);
}

Result<void> PriceSettingsDialog::save()
{
    if (!m_loadError.isEmpty())
        return fail(tr("Your price file could not be read when this window opened (%1); saving would replace it. "
                       "Fix or move it first.")
                        .arg(m_loadError));
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(tr("Cannot create the folder of %1.").arg(m_path));
    if (auto written = m_table.saveOverridesFile(m_path); !written)
        return written;
    m_dirty = false;
    updateButtons();
    setStatus(tr("Saved to %1.").arg(QDir::toNativeSeparators(m_path)));
    Q_EMIT saved(m_table);
    return {};
}

void PriceSettingsDialog::saveInteractive()
{
    if (!m_loadError.isEmpty()) {
        const auto answer = QMessageBox::question(
            this, tr("Replace the unreadable price file?"),
            tr("%1 could not be read. Keep a copy of it beside it (.unreadable) and save your prices?").arg(m_path));
        if (answer != QMessageBox::Yes)
            return;
        const QString keep = m_path + u".unreadable"_s;
        QFile::remove(keep);
        if (!QFile::copy(m_path, keep)) {
            setStatus(tr("Could not keep a copy of %1; nothing was saved.").arg(m_path), true);
            return;
        }
        m_loadError.clear();
    }
    if (auto saved = save(); !saved)
        setStatus(saved.error(), true);
}

void PriceSettingsDialog::reject()
{
    if (m_dirty) {
        const auto answer = QMessageBox::question(this, tr("Unsaved prices"),
                                                  tr("Close without saving your price changes?"),
                                                  QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return;
    }
    QDialog::reject();
}

} // namespace assay
