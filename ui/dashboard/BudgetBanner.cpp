#include "dashboard/BudgetBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace assay {

BudgetBanner::BudgetBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"budgetBanner"_s);
    setFrameShape(QFrame::StyledPanel);
    m_icon = new QLabel(this);
    m_icon->setObjectName(u"budgetBannerIcon"_s);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(20, 20));
    m_text = new QLabel(this);
    m_text->setObjectName(u"budgetBannerText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_button = new QPushButton(tr("Budgets…"), this);
    m_button->setObjectName(u"budgetBannerButton"_s);
    connect(m_button, &QPushButton::clicked, this, &BudgetBanner::budgetsRequested);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_button, 0, Qt::AlignTop);
    hide();
}

void BudgetBanner::showAs(const QString &colour, const QString &text)
{
    // The frame's own colour only: a stylesheet on QFrame would cascade to the button.
    setStyleSheet(u"QFrame#budgetBanner { background: %1; border: 1px solid #c9a227; border-radius: 4px; }"_s.arg(colour));
    m_text->setText(text);
    show();
}

void BudgetBanner::setAlerts(const QStringList &alerts)
{
    if (alerts.isEmpty()) {
        m_text->clear();
        hide();
        return;
    }
    showAs(u"#fff4d6"_s, alerts.join(u'\n'));
}

void BudgetBanner::setProblem(const QString &message)
{
    showAs(u"#eeeeee"_s, tr("Budgets could not be checked: %1").arg(message));
}

QString BudgetBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

} // namespace assay
