#include "dialogs/AuditDialog.h"

#include "common/WorkerThread.h"
#include "dialogs/AuditWorker.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

AuditDialog::AuditDialog(const SessionSpec &spec, const PriceTable &prices, QWidget *parent) : QDialog(parent)
{
    setObjectName(u"auditDialog"_s);
    setWindowTitle(tr("Audit of %1").arg(spec.source.displayName()));
    m_range = new QComboBox(this);
    m_range->setObjectName(u"auditRange"_s);
    m_range->addItem(tr("All rows"), 0);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 7 days"), 7);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(u"auditView"_s);
    m_status = new QLabel(this);
    m_status->setObjectName(u"auditStatus"_s);
    m_status->setWordWrap(true);
    m_save = new QPushButton(tr("Save as Markdown…"), this);
    m_save->setEnabled(false);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Rows:"), this));
    top->addWidget(m_range);
    top->addStretch(1);
    top->addWidget(m_save);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(1000, 700);

    m_worker = new AuditWorker(spec, prices);
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"assay-audit"_s);
    m_thread.start();
    connect(m_worker, &AuditWorker::finished, this, [this](const QString &markdown, qint64 rows, qint64 findings) {
        m_markdown = markdown;
        m_view->setMarkdown(markdown);
        m_status->setText(tr("%1 rows audited; %2 findings.").arg(QLocale().toString(rows)).arg(findings));
        m_status->setStyleSheet(QString());
        m_save->setEnabled(true);
        m_range->setEnabled(true);
        Q_EMIT audited();
    });
    connect(m_worker, &AuditWorker::failed, this, [this](const QString &message) {
        m_status->setText(tr("The audit failed: %1").arg(message));
        m_status->setStyleSheet(u"color: #b00020;"_s);
        m_range->setEnabled(true);
        Q_EMIT problem(message);
    });
    connect(m_range, &QComboBox::currentIndexChanged, this, &AuditDialog::start);
    connect(m_save, &QPushButton::clicked, this, &AuditDialog::save);
    start();
}

AuditDialog::~AuditDialog()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

QString AuditDialog::statusText() const
{
    return m_status->text();
}

void AuditDialog::start()
{
    const int days = m_range->currentData().toInt();
    std::optional<QDateTime> since;
    if (days > 0)
        since = QDateTime::currentDateTimeUtc().addDays(-days);
    m_range->setEnabled(false);
    m_save->setEnabled(false);
    m_status->setText(tr("Auditing… (one pass over the log per check; a large log without indexes takes a while)"));
    AuditWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, since] { worker->run(since); }, Qt::QueuedConnection);
}

void AuditDialog::save()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the audit"), QDir::home().filePath(u"assay-audit.md"_s),
                                                      tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_markdown.toUtf8()) < 0 || !file.commit()) {
        m_status->setText(tr("Could not write %1: %2").arg(path, file.errorString()));
        m_status->setStyleSheet(u"color: #b00020;"_s);
        return;
    }
    m_status->setText(tr("Saved to %1").arg(path));
}

} // namespace assay
