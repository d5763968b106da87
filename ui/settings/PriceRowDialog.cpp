#include "settings/PriceRowDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

PriceRowDialog::PriceRowDialog(const ModelPrice &start, std::function<QString(const ModelPrice &)> check, QWidget *parent)
    : QDialog(parent), m_check(std::move(check)), m_row(start)
{
    setWindowTitle(tr("Price"));
    m_match = new QComboBox(this);
    m_match->setObjectName(u"matchCombo"_s);
    m_match->addItem(tr("exact model name"), int(PriceMatch::Exact));
    m_match->addItem(tr("glob (* and ?)"), int(PriceMatch::Glob));
    m_match->addItem(tr("regular expression"), int(PriceMatch::Regex));
    m_pattern = new QLineEdit(this);
    m_pattern->setObjectName(u"patternEdit"_s);
    m_pattern->setPlaceholderText(tr("gpt-4o, ft:gpt-4o-mini:*, ^acme-.*-v2$"));
    m_dated = new QCheckBox(tr("from"), this);
    m_dated->setObjectName(u"datedCheck"_s);
    m_date = new QDateEdit(QDate::currentDate(), this);
    m_date->setObjectName(u"effectiveDate"_s);
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_date->setEnabled(false);
    connect(m_dated, &QCheckBox::toggled, m_date, &QWidget::setEnabled);
    auto *dateRow = new QHBoxLayout;
    dateRow->addWidget(m_dated);
    dateRow->addWidget(m_date);
    dateRow->addStretch(1);

    auto priceEdit = [this](const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    m_input = priceEdit(u"inputEdit"_s, tr("USD per million tokens"));
    m_output = priceEdit(u"outputEdit"_s, tr("USD per million tokens"));
    m_cacheRead = priceEdit(u"cacheReadEdit"_s, tr("empty: no cache price (charged as input)"));
    m_cacheWrite = priceEdit(u"cacheWriteEdit"_s, tr("empty: no cache price (charged as input)"));

    m_tiers = new QTableWidget(0, 5, this);
    m_tiers->setObjectName(u"tiersTable"_s);
    m_tiers->setHorizontalHeaderLabels({tr("Above prompt tokens"), tr("Input"), tr("Output"), tr("Cache read"), tr("Cache write")});
    m_tiers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_tiers->verticalHeader()->hide();
    m_tiers->setMinimumHeight(90);
    auto *addTier = new QPushButton(tr("Add tier"), this);
    auto *removeTier = new QPushButton(tr("Remove tier"), this);
    connect(addTier, &QPushButton::clicked, this, [this] { addTierRow({u"200000"_s, {}, {}, {}, {}}); });
    connect(removeTier, &QPushButton::clicked, this, [this] {
        if (m_tiers->currentRow() >= 0)
            m_tiers->removeRow(m_tiers->currentRow());
    });
    auto *tierButtons = new QHBoxLayout;
    tierButtons->addWidget(addTier);
    tierButtons->addWidget(removeTier);
    tierButtons->addStretch(1);

    m_note = new QLineEdit(this);
    m_note->setObjectName(u"noteEdit"_s);
    m_note->setPlaceholderText(tr("negotiated rate, contract 2026-03"));
    m_error = new QLabel(this);
    m_error->setObjectName(u"rowError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b03020;"_s);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Matches"), m_match);
    form->addRow(tr("Model or pattern"), m_pattern);
    form->addRow(tr("In force"), dateRow);
    form->addRow(tr("Input"), m_input);
    form->addRow(tr("Output"), m_output);
    form->addRow(tr("Cache read"), m_cacheRead);
    form->addRow(tr("Cache write"), m_cacheWrite);
    form->addRow(tr("Note"), m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PriceRowDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PriceRowDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Tiers: the whole call at these prices when its prompt is above the threshold"), this));
    layout->addWidget(m_tiers);
    layout->addLayout(tierButtons);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(560, 520);
    setText(textOf(start));
}

void PriceRowDialog::addTierRow(const PriceRowText::Tier &tier)
{
    const int r = m_tiers->rowCount();
    m_tiers->insertRow(r);
    const QString cells[] = {tier.aboveTokens, tier.input, tier.output, tier.cacheRead, tier.cacheWrite};
    for (int c = 0; c < 5; ++c)
        m_tiers->setItem(r, c, new QTableWidgetItem(cells[c]));
}

void PriceRowDialog::setText(const PriceRowText &text)
{
    m_match->setCurrentIndex(m_match->findData(int(text.match)));
    m_pattern->setText(text.pattern);
    m_dated->setChecked(text.effectiveFrom.isValid());
    if (text.effectiveFrom.isValid())
        m_date->setDate(text.effectiveFrom);
    m_input->setText(text.input);
    m_output->setText(text.output);
    m_cacheRead->setText(text.cacheRead);
    m_cacheWrite->setText(text.cacheWrite);
    m_tiers->setRowCount(0);
    for (const PriceRowText::Tier &t : text.tiers)
        addTierRow(t);
    m_note->setText(text.note);
}

PriceRowText PriceRowDialog::text() const
{
    PriceRowText t;
    t.match = PriceMatch(m_match->currentData().toInt());
    t.pattern = m_pattern->text();
    t.effectiveFrom = m_dated->isChecked() ? m_date->date() : QDate();
    t.input = m_input->text();
    t.output = m_output->text();
    t.cacheRead = m_cacheRead->text();
    t.cacheWrite = m_cacheWrite->text();
    auto cell = [this](int r, int c) { return m_tiers->item(r, c) ? m_tiers->item(r, c)->text() : QString(); };
    for (int r = 0; r < m_tiers->rowCount(); ++r)
        t.tiers << PriceRowText::Tier{cell(r, 0), cell(r, 1), cell(r, 2), cell(r, 3), cell(r, 4)};
    t.note = m_note->text();
    return t;
}

QString PriceRowDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

void PriceRowDialog::accept()
{
    auto row = parsePriceRow(text());
    QString problem = row ? (m_check ? m_check(*row) : QString()) : row.error();
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return; // stays open: nothing typed is lost
    }
    m_row = *row;
    QDialog::accept();
}

} // namespace assay
