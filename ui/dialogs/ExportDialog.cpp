#include "dialogs/ExportDialog.h"

#include "export/ExportJob.h"

#include <QButtonGroup>
#include <QDate>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const auto kSettingsGroup = "exportDialog"_L1;
constexpr int kProgressSteps = 1000; // QProgressBar counts in int; rows may not fit

QString suffixOf(ExportFormat format)
{
    return format == ExportFormat::Jsonl ? u"jsonl"_s : u"csv"_s;
}

QString defaultFolder()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QDir::homePath();
    return dir;
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return ExportDialog::tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return ExportDialog::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return ExportDialog::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

ExportDialog::ExportDialog(const SessionSpec &spec, const OutputFilter &filter, const SortOrder &order,
                           const QString &filterSummary, qint64 rowCount, QWidget *parent)
    : QDialog(parent), m_spec(spec), m_filter(filter), m_order(order), m_rowCount(rowCount)
{
    setWindowTitle(tr("Export outputs"));
    const QLocale locale;

    const QString what = filterSummary.isEmpty() ? tr("all outputs") : filterSummary;
    QString summary;
    if (rowCount < 0)
        summary = tr("Every row matching: %1").arg(what);
    else if (rowCount == 1)
        summary = tr("1 row: %1").arg(what);
    else
        summary = tr("%1 rows: %2").arg(locale.toString(rowCount), what);
    m_summary = new QLabel(summary, this);
    m_summary->setObjectName(u"summaryLabel"_s);
    m_summary->setWordWrap(true);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);

    m_csv = new QRadioButton(tr("&CSV (spreadsheets)"), this);
    m_csv->setObjectName(u"csvRadio"_s);
    m_jsonl = new QRadioButton(tr("&JSON Lines (one object per line)"), this);
    m_jsonl->setObjectName(u"jsonlRadio"_s);
    auto *formats = new QButtonGroup(this);
    formats->addButton(m_csv);
    formats->addButton(m_jsonl);
    auto *formatRow = new QHBoxLayout;
    formatRow->addWidget(m_csv);
    formatRow->addWidget(m_jsonl);
    formatRow->addStretch(1);

    m_path = new QLineEdit(this);
    m_path->setObjectName(u"pathEdit"_s);
    m_path->setMinimumWidth(360);
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(u"browseButton"_s);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    auto *pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path); // a row holding a layout gets no buddy of its own
    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), formatRow);
    form->addRow(pathLabel, pathRow);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"progressBar"_s);
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_progressText = new QLabel(this);
    m_progressText->setObjectName(u"progressLabel"_s);
    m_progressText->setVisible(false);

    m_result = new QLabel(this);
    m_result->setObjectName(u"resultLabel"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setVisible(false);

    m_openFolder = new QPushButton(tr("Open &folder"), this);
    m_openFolder->setObjectName(u"openFolderButton"_s);
    m_openFolder->setVisible(false);
    m_export = new QPushButton(tr("&Export"), this);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_close = new QPushButton(tr("Close"), this);
    m_close->setObjectName(u"closeButton"_s);
    m_close->setVisible(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openFolder);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    const ExportFormat format =
        settings.value(u"format"_s).toString() == "jsonl"_L1 ? ExportFormat::Jsonl : ExportFormat::Csv;
    QString folder = settings.value(u"lastDir"_s).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = defaultFolder();
    (format == ExportFormat::Jsonl ? m_jsonl : m_csv)->setChecked(true);
    m_path->setText(QDir::toNativeSeparators(QDir(folder).filePath(defaultFileName(format))));

    connect(m_csv, &QRadioButton::toggled, this, &ExportDialog::onFormatToggled);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::onBrowseClicked);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::onExportClicked);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_state == State::Running)
            cancelExport();
        else
            reject();
    });
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::accept);
    connect(m_openFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_exportPath).absolutePath())); });
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        if (m_state != State::Running)
            m_export->setEnabled(!m_path->text().trimmed().isEmpty());
    });
}

ExportDialog::~ExportDialog()
{
    // Stop and join the export thread before the dialog's members go away; its late signals
    // must not reach a half-destroyed dialog.
    if (m_job) {
        disconnect(m_job, nullptr, this, nullptr);
        m_job->cancel();
        delete m_job;
    }
}

ExportFormat ExportDialog::format() const
{
    return m_jsonl->isChecked() ? ExportFormat::Jsonl : ExportFormat::Csv;
}

void ExportDialog::setFormat(ExportFormat format)
{
    (format == ExportFormat::Jsonl ? m_jsonl : m_csv)->setChecked(true);
}

QString ExportDialog::path() const
{
    const QString text = m_path->text().trimmed();
    return text.isEmpty() ? QString() : QDir::fromNativeSeparators(QDir::cleanPath(text));
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(QDir::toNativeSeparators(path));
}

QString ExportDialog::defaultFileName(ExportFormat format)
{
    return u"assay-outputs-%1.%2"_s.arg(QDate::currentDate().toString(u"yyyyMMdd"_s), suffixOf(format));
}

void ExportDialog::startExport()
{
    if (m_state == State::Running)
        return;
    const QString target = path();
    if (target.isEmpty()) {
        showResult(tr("Choose a file to export to."), true);
        return;
    }
    const QFileInfo info(target);
    if (!info.absoluteDir().exists()) {
        showResult(tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath())), true);
        return;
    }
    if (info.isDir()) {
        showResult(tr("%1 is a folder; choose a file name.").arg(QDir::toNativeSeparators(target)), true);
        return;
    }

    {
        // Scoped: QSettings writes the file when it goes away, which is not instant.
        QSettings settings;
        settings.beginGroup(kSettingsGroup);
        settings.setValue(u"lastDir"_s, info.absolutePath());
        settings.setValue(u"format"_s, suffixOf(format()));
    }

    // A fresh job per run: nothing from an earlier run can arrive late.
    delete m_job;
    m_job = new ExportJob(this);
    connect(m_job, &ExportJob::progress, this, &ExportDialog::onProgress);
    connect(m_job, &ExportJob::finished, this, &ExportDialog::onFinished);
    connect(m_job, &ExportJob::failed, this, &ExportDialog::onFailed);

    m_exportPath = info.absoluteFilePath();
    m_rows = 0;
    m_error.clear();
    m_cancelRequested = false;
    m_progress->setValue(0);
    if (m_rowCount == 0)
        m_progress->setRange(0, kProgressSteps);
    else if (m_rowCount < 0)
        m_progress->setRange(0, 0); // busy until the job knows the total
    m_progressText->setText(tr("Starting…"));
    m_result->setVisible(false);
    m_clock.start();
    setState(State::Running);
    m_job->start(m_spec, m_filter, m_order, format(), m_exportPath);
}

void ExportDialog::cancelExport()
{
    if (m_state != State::Running || !m_job)
        return;
    m_cancelRequested = true;
    m_job->cancel();
    m_cancel->setEnabled(false);
    m_progressText->setText(tr("Cancelling…"));
}

void ExportDialog::reject()
{
    if (m_state == State::Running) {
        // Close once the job has let go of the file.
        m_closeWhenStopped = true;
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ExportDialog::onExportClicked()
{
    const QString target = path();
    if (!target.isEmpty() && QFileInfo(target).isFile()) {
        const auto answer = QMessageBox::question(
            this, tr("Export outputs"), tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(target)),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return;
    }
    startExport();
}

void ExportDialog::onBrowseClicked()
{
    const QString suffix = suffixOf(format());
    const QString filter = format() == ExportFormat::Jsonl ? tr("JSON Lines (*.jsonl);;All files (*)")
                                                           : tr("CSV files (*.csv);;All files (*)");
    QString start = path();
    if (start.isEmpty())
        start = QDir(defaultFolder()).filePath(defaultFileName(format()));
    QFileDialog dialog(this, tr("Export outputs to"), start, filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    dialog.selectFile(QFileInfo(start).fileName());
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    setPath(dialog.selectedFiles().constFirst());
}

void ExportDialog::onFormatToggled()
{
    // Keep the suffix in step with the format, unless the user chose another one.
    const QString text = m_path->text();
    const QString from = format() == ExportFormat::Jsonl ? u".csv"_s : u".jsonl"_s;
    const QString to = u"."_s + suffixOf(format());
    if (text.endsWith(from, Qt::CaseInsensitive))
        m_path->setText(text.left(text.size() - from.size()) + to);
}

void ExportDialog::onProgress(qint64 written, qint64 total)
{
    if (m_state != State::Running)
        return;
    const QLocale locale;
    if (total > 0) {
        m_progress->setRange(0, kProgressSteps);
        m_progress->setValue(static_cast<int>(qMin<qint64>(kProgressSteps, written * kProgressSteps / total)));
    } else if (total == 0) {
        m_progress->setRange(0, kProgressSteps);
        m_progress->setValue(kProgressSteps);
    }
    if (m_cancelRequested)
        return;

    const qint64 ms = qMax<qint64>(1, m_clock.elapsed());
    const double rate = 1000.0 * static_cast<double>(written) / static_cast<double>(ms);
    QString text = total >= 0 ? tr("%1 of %2 rows").arg(locale.toString(written), locale.toString(total))
                              : tr("%1 rows").arg(locale.toString(written));
    if (written > 0 && ms >= 250) {
        text += tr(" · %1 rows/s").arg(locale.toString(qRound64(rate)));
        if (total > written && rate > 0)
            text +=
                tr(" · about %1 left").arg(formatDuration(qRound64(static_cast<double>(total - written) / rate) + 1));
    }
    m_progressText->setText(text);
}

void ExportDialog::onFinished(qint64 rows, const QString &path)
{
    m_rows = rows;
    m_exportPath = path;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(kProgressSteps);
    const QLocale locale;
    const qint64 ms = m_clock.elapsed();
    const QString took = ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(locale.toString(ms / 1000.0, 'f', 1));
    m_progressText->setText(tr("%1 rows in %2").arg(locale.toString(rows), took));
    const QString where = QDir::toNativeSeparators(path);
    showResult(rows == 1 ? tr("Exported 1 row to %1").arg(where)
                         : tr("Exported %1 rows to %2").arg(locale.toString(rows), where),
               false);
    setState(State::Succeeded);
    Q_EMIT exportSucceeded(rows, path);
    if (m_closeWhenStopped)
        accept();
}

void ExportDialog::onFailed(const QString &message)
{
    m_error = message;
    if (m_cancelRequested) {
        showResult(tr("Export cancelled; no file was written."), false);
        setState(State::Cancelled);
    } else {
        showResult(tr("Export failed: %1").arg(message), true);
        setState(State::Failed);
    }
    Q_EMIT exportFailed(message);
    if (m_closeWhenStopped)
        QDialog::reject();
}

void ExportDialog::setState(State state)
{
    m_state = state;
    const bool running = state == State::Running;
    const bool succeeded = state == State::Succeeded;
    m_csv->setEnabled(!running && !succeeded);
    m_jsonl->setEnabled(!running && !succeeded);
    m_path->setEnabled(!running && !succeeded);
    m_browse->setEnabled(!running && !succeeded);
    m_progress->setVisible(state != State::Setup);
    m_progressText->setVisible(state != State::Setup);
    m_export->setVisible(!succeeded);
    m_export->setEnabled(!running && !path().isEmpty());
    m_export->setText(state == State::Failed || state == State::Cancelled ? tr("&Try again") : tr("&Export"));
    m_cancel->setVisible(!succeeded);
    m_cancel->setEnabled(true);
    m_close->setVisible(succeeded);
    m_openFolder->setVisible(succeeded);
    if (succeeded)
        m_close->setDefault(true);
    Q_EMIT stateChanged(state);
}

void ExportDialog::showResult(const QString &text, bool error)
{
    m_result->setText(text);
    m_result->setStyleSheet(error ? u"color: #c62828;"_s : QString());
    m_result->setVisible(true);
}

} // namespace assay
