#pragma once

#include "browse/LogSession.h"
#include "pricing/PriceTable.h"
#include "source/ConnectionInterrupter.h"

#include <QDialog>
#include <QThread>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace assay {

class AuditWorker;

// File ▸ Audit the log: what the log holds and lacks (assay audit's findings, the same service),
// computed on the dialog's worker thread over all rows or the last 7 or 30 days, shown as the
// Markdown report, which Save… writes to a file.
class AuditDialog : public QDialog {
    Q_OBJECT
public:
    AuditDialog(const SessionSpec &spec, const PriceTable &prices, QWidget *parent = nullptr);
    ~AuditDialog() override;

    QString markdown() const { return m_markdown; }
    QString statusText() const;

Q_SIGNALS:
    void audited();
    void problem(const QString &message);

private:
    void start();
    void save();

    QComboBox *m_range = nullptr;
    QTextBrowser *m_view = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_save = nullptr;
    QThread m_thread;
    std::shared_ptr<ConnectionInterrupter> m_interrupter;
    AuditWorker *m_worker = nullptr;
    QString m_markdown;
};

} // namespace assay
