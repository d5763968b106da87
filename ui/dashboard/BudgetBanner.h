#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QPushButton;

namespace assay {

// The strip above the dashboard's charts that says a budget is projected over or a day's spend
// spiked. Hidden while there is nothing to say.
class BudgetBanner : public QFrame {
    Q_OBJECT
public:
    explicit BudgetBanner(QWidget *parent = nullptr);

    // Shows the alerts (budgetAlerts()), or hides the banner when there are none.
    void setAlerts(const QStringList &alerts);
    // A check that failed: said quietly, since budgets are an extra the charts do not need.
    void setProblem(const QString &message);
    QString text() const;

Q_SIGNALS:
    void budgetsRequested();

private:
    void showAs(const QString &colour, const QString &text);

    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_button = nullptr;
};

} // namespace assay
