#pragma once

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "source/ConnectionInterrupter.h"
#include "targets/TargetStatus.h"

#include <QDialog>
#include <QThread>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace assay {

class TargetsDialog;
class TargetsDialogWorker;

// Settings ▸ Quality targets: the source's targets with their status now (the same verdicts as
// `assay targets check`); add, edit and remove. Every read and write happens on the dialog's
// worker thread; targetsChanged() follows each saved change, so the dashboard's strip follows.
class TargetsDialog : public QDialog {
    Q_OBJECT
public:
    TargetsDialog(const SessionSpec &spec, const PriceTable &prices, const QDateTime &now, QWidget *parent = nullptr);
    ~TargetsDialog() override;

    const QList<TargetStatus> &shownStatuses() const { return m_statuses; }
    QString statusText() const;

Q_SIGNALS:
    void targetsChanged();
    void reloaded();
    void problem(const QString &message);

private:
    void showStatuses(const QList<TargetStatus> &statuses, const QStringList &features);
    void showStatus(const QString &text, bool error);
    void setBusy(bool busy);
    void saveFromForm();
    void removeSelected();
    void fillFormFromSelection();
    void updateFormForMetric();

    QTableWidget *m_table = nullptr;
    QComboBox *m_feature = nullptr;
    QLineEdit *m_prompt = nullptr;
    QComboBox *m_metric = nullptr;
    QLineEdit *m_check = nullptr;
    QLineEdit *m_limit = nullptr;
    QLineEdit *m_window = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_status = nullptr;

    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter;
    TargetsDialogWorker *m_worker = nullptr;
    QList<TargetStatus> m_statuses;
    bool m_statusSaysWhatHappened = false;
};

} // namespace assay
