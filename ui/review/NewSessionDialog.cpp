#include "review/NewSessionDialog.h"

#include "util/CalendarWeek.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

NewSessionDialog::NewSessionDialog(const QDateTime &now, QWidget *parent) : QDialog(parent)
{
    setObjectName(u"newSessionDialog"_s);
    setWindowTitle(tr("New review session"));
    // The week is the user's, as everywhere (util/CalendarWeek.h): Monday 00:00 on this machine's
    // clock, which is also the zone QDateTimeEdit shows local times in.
    const CalendarWeek week = lastFullWeek(now, userTimeZone());

    m_name = new QLineEdit;
    m_name->setObjectName(u"sessionName"_s);
    m_name->setPlaceholderText(tr("automatic: the ISO week (%1)").arg(week.label()));
    const auto makeTime = [](const QDateTime &value, const QString &name) {
        auto *edit = new QDateTimeEdit(value.toLocalTime());
        edit->setObjectName(name);
        edit->setTimeSpec(Qt::LocalTime);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm t"_s);
        edit->setCalendarPopup(true);
        return edit;
    };
    m_since = makeTime(week.start(), u"sinceEdit"_s);
    m_until = makeTime(week.end(), u"untilEdit"_s);
    m_size = new QSpinBox;
    m_size->setObjectName(u"sizeSpin"_s);
    m_size->setRange(1, 10'000);
    m_size->setValue(50);
    m_seed = new QSpinBox;
    m_seed->setObjectName(u"seedSpin"_s);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    m_seed->setToolTip(tr("The same source, range, size and seed draw the same outputs"));
    m_strata = new QComboBox;
    m_strata->setObjectName(u"strataCombo"_s);
    m_strata->addItem(tr("Proportional to each feature's volume"), int(Stratification::Proportional));
    m_strata->addItem(tr("Equal per feature"), int(Stratification::Equal));
    m_oversample = new QDoubleSpinBox;
    m_oversample->setObjectName(u"oversampleSpin"_s);
    m_oversample->setRange(1.0, 20.0);
    m_oversample->setSingleStep(0.5);
    m_oversample->setValue(1.0);
    m_oversample->setSuffix(u"×"_s);
    m_oversample->setToolTip(tr("How much likelier outputs end users marked negative or edited are drawn (1× = no "
                                "oversampling)"));
    m_includeReviewed = new QCheckBox(tr("Include outputs that already have a reviewer label"));
    m_includeReviewed->setObjectName(u"includeReviewed"_s);
    m_error = new QLabel;
    m_error->setObjectName(u"newSessionError"_s);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("From"), m_since);
    form->addRow(tr("Until (exclusive)"), m_until);
    form->addRow(tr("Outputs to review"), m_size);
    form->addRow(tr("Per feature"), m_strata);
    form->addRow(tr("End-user negatives"), m_oversample);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(QString(), m_includeReviewed);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Draw sample"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QString NewSessionDialog::sessionName() const
{
    return m_name->text().trimmed();
}

SampleSpec NewSessionDialog::spec() const
{
    SampleSpec spec;
    spec.since = m_since->dateTime().toUTC();
    spec.until = m_until->dateTime().toUTC();
    spec.size = m_size->value();
    spec.seed = quint64(m_seed->value());
    spec.strata = Stratification(m_strata->currentData().toInt());
    spec.oversampleFeedback = m_oversample->value();
    spec.includeReviewed = m_includeReviewed->isChecked();
    return spec;
}

void NewSessionDialog::accept()
{
    if (m_until->dateTime() <= m_since->dateTime()) {
        m_error->setText(tr("\"Until\" must be after \"From\"."));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace assay
