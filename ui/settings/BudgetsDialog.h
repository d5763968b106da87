#pragma once

#include "source/ConnectionInterrupter.h"

#include <memory>

#include "analytics/BudgetCheck.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "util/Result.h"

#include <QDialog>
#include <QThread>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace assay {

class BudgetsDialogWorker;

// Settings ▸ Budgets: the monthly budgets of the source's workspace (overall and per feature)
// with month-to-date spend and month-end projection on `asOf`; add, edit and remove. Every read
// and write happens on the dialog's worker thread; budgetsChanged() follows each change that
// was saved, so the dashboard can check its banner again.
class BudgetsDialog : public QDialog {
    Q_OBJECT
public:
    BudgetsDialog(const SessionSpec &spec, const PriceTable &prices, const QDate &asOf, const QTimeZone &zone,
                  QWidget *parent = nullptr);
    ~BudgetsDialog() override;

    // What is shown, for tests.
    const std::optional<BudgetCheck> &shownCheck() const { return m_check; }
    QString statusText() const;

    // "250", "$1,200.50" (in the user's locale or with a dot): a positive, finite amount of
    // USD, or the reason it is not one.
    static Result<double> parseAmount(const QString &text);

Q_SIGNALS:
    void budgetsChanged();
    // The list was read again (after opening, or after a change).
    void reloaded();
    void problem(const QString &message);

private:
    void showCheck(const BudgetCheck &check);
    void showStatus(const QString &text, bool error);
    void setBusy(bool busy);
    void saveFromForm();
    void removeSelected();
    void fillFormFromSelection();

    QTableWidget *m_table = nullptr;
    QLineEdit *m_feature = nullptr;
    QLineEdit *m_amount = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_asOfNote = nullptr;

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter; // the worker's: stops its statement on close
    BudgetsDialogWorker *m_worker = nullptr;
    std::optional<BudgetCheck> m_check;
    bool m_statusSaysWhatHappened = false; // the status line answers the last request
};

} // namespace assay
