#pragma once

#include "browse/LogSession.h"
#include "export/OutputExport.h"
#include "query/OutputFilter.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace assay {

class ExportJob;

// "Export outputs": the rows of the current filter to a CSV or JSONL file. Shows what will be
// exported ("12,345 rows: feature = ticket_summary, last 7 days"), then runs an ExportJob on its
// own thread with a progress bar, throughput and Cancel. The file appears only when the export
// succeeds (the job writes to a temporary name), so Cancel leaves nothing behind. Remembers the
// last folder and format in QSettings (group "exportDialog").
//
// Closing the dialog while an export runs cancels it, and the dialog closes once the job stopped.
//
// Child object names: summaryLabel, csvRadio, jsonlRadio, pathEdit, browseButton, progressBar,
// progressLabel, resultLabel, exportButton, cancelButton, openFolderButton, closeButton.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum class State { Setup, Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    // `spec`, `filter` and `order` are what the browser shows; the job opens its own session from
    // `spec`. `filterSummary` describes the filter in words ("feature = ticket_summary, last 7
    // days"; empty: all outputs), `rowCount` is how many rows it matches (-1 when not known yet).
    ExportDialog(const SessionSpec &spec, const OutputFilter &filter, const SortOrder &order,
                 const QString &filterSummary, qint64 rowCount, QWidget *parent = nullptr);
    ~ExportDialog() override;

    ExportFormat format() const; // Csv or Jsonl
    void setFormat(ExportFormat format);
    QString path() const;
    void setPath(const QString &path);

    State state() const { return m_state; }
    qint64 exportedRows() const { return m_rows; } // after Succeeded
    QString errorText() const { return m_error; }  // after Failed or Cancelled

    // "assay-outputs-20261120.csv" (today, local time) with the format's suffix.
    static QString defaultFileName(ExportFormat format);

public Q_SLOTS:
    // Starts the export to path() without asking anything (the Export button asks before
    // overwriting a file). Does nothing while running.
    void startExport();
    // Asks the running job to stop; the state becomes Cancelled once it has.
    void cancelExport();
    void reject() override;

Q_SIGNALS:
    void stateChanged(assay::ExportDialog::State state);
    void exportSucceeded(qint64 rows, const QString &path);
    void exportFailed(const QString &message);

private:
    void onExportClicked();
    void onBrowseClicked();
    void onFormatToggled();
    void onProgress(qint64 written, qint64 total);
    void onFinished(qint64 rows, const QString &path);
    void onFailed(const QString &message);
    void setState(State state);
    void showResult(const QString &text, bool error);

    SessionSpec m_spec;
    OutputFilter m_filter;
    SortOrder m_order;
    qint64 m_rowCount = -1;

    ExportJob *m_job = nullptr;
    State m_state = State::Setup;
    qint64 m_rows = 0;
    QString m_error;
    QString m_exportPath;
    bool m_cancelRequested = false;
    bool m_closeWhenStopped = false;
    QElapsedTimer m_clock;

    QLabel *m_summary = nullptr;
    QRadioButton *m_csv = nullptr;
    QRadioButton *m_jsonl = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_openFolder = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace assay
