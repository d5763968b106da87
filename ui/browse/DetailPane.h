#pragma once

#include "browse/OutputRecord.h"
#include "eval/CheckResultStore.h"
#include "util/ContentFormat.h"

#include <QFont>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace assay {

class DetailMetadata;
class JsonTreeWidget;

// Everything about one logged call: metadata, the input variables as a tree and the output
// as text, rendered Markdown or indented JSON. Child widgets carry object names (see the
// constructor) so tests and style sheets can find them.
class DetailPane : public QWidget {
    Q_OBJECT
public:
    // Past this, Markdown layout takes long enough to stall the UI thread; such outputs are
    // shown as plain text with a note (so are long lists and tables, see DetailText.h).
    static constexpr qsizetype kMarkdownRenderLimit = 200 * 1024;

    explicit DetailPane(QWidget *parent = nullptr);

    // record.values holds every field the log has; the output may be cut short
    // (record.outputTruncated, full size record.outputBytes).
    void showRecord(const OutputRecord &record);
    // "Select an output to see it here".
    void clear();
    // While the full record is fetched. A record already on screen stays (dimmed) for a
    // moment, so stepping through rows with the keyboard does not flash "Loading…".
    void showLoading();
    void showError(const QString &message);

    // The output format the user picked; Auto follows detectContentFormat().
    enum class FormatChoice { Auto, Text, Markdown, Json };
    FormatChoice formatChoice() const;
    void setFormatChoice(FormatChoice choice);
    // What the output is being shown as right now (Auto resolved).
    ContentFormat effectiveFormat() const;

    // Reviewer labels of the record on screen, as rich text (see reviewerLabelsHtml); empty hides them.
    void setReviewerLabels(const QString &html);
    // The output's newest stored automatic-check results: failures with their reasons first.
    void setCheckResults(const QList<StoredCheckResult> &results);
    // Moves the keyboard focus to the output (Enter on the table).
    void focusOutput();
    QVariant recordKey() const { return m_key; }
    // The output of the record on screen as logged (possibly cut short, see isOutputTruncated).
    QString outputText() const { return m_output; }
    bool isOutputTruncated() const { return m_outputTruncated; }

Q_SIGNALS:
    void showAllRequested(const QVariant &key);
    // "Label history…": the host reads the record's label history (off the UI thread) and shows it.
    void labelHistoryRequested(const QVariant &key);

private:
    QWidget *buildRecordPage();
    QWidget *buildInputSection();
    QWidget *buildOutputSection();
    QLabel *makeMessageLabel(const QString &objectName);
    void fitMetadataHeight();
    void showInput(const OutputRecord &record);
    void setInputCollapsed(bool collapsed);
    void renderOutput();
    void renderOutputView();
    void showMarkdown(const QString &markdown);
    void showOutputText(const QString &text, const QFont &font);
    void updateTruncationBanner(const OutputRecord &record);
    void flashCopied(QToolButton *button, const QString &label);

    QStackedWidget *m_pages = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_loading = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_recordPage = nullptr;
    QLabel *m_reviewerLabels = nullptr;
    QLabel *m_checkResults = nullptr;
    QTimer *m_loadingDelay = nullptr;

    QSplitter *m_splitter = nullptr;
    DetailMetadata *m_metadata = nullptr;
    bool m_userSizedMetadata = false;
    bool m_inputCollapsed = false;
    int m_inputExpandedHeight = 0;

    QWidget *m_inputSection = nullptr;
    QToolButton *m_copyInput = nullptr;
    QLabel *m_inputWarning = nullptr;
    QStackedWidget *m_inputStack = nullptr;
    JsonTreeWidget *m_inputTree = nullptr;
    QPlainTextEdit *m_inputRaw = nullptr;
    QLabel *m_inputMessage = nullptr;

    QComboBox *m_formatSelector = nullptr;
    QToolButton *m_copyOutput = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_showAll = nullptr;
    QLabel *m_outputNote = nullptr;
    QStackedWidget *m_outputStack = nullptr;
    QPlainTextEdit *m_outputText = nullptr;
    QTextBrowser *m_outputMarkdown = nullptr;
    QLabel *m_outputMessage = nullptr;

    QFont m_readableFont;
    QFont m_monoFont;

    // The record on screen, with what is derived from its output computed once.
    QVariant m_key;
    QString m_input;
    QString m_output;
    bool m_hasOutput = false;
    bool m_outputTruncated = false;
    bool m_failed = false;
    ContentFormat m_detected = ContentFormat::Text;
    ContentFormat m_shownAs = ContentFormat::Text;
    std::optional<JsonCheck> m_outputJson;
    QString m_indentedOutput;
    // Notes shown above the output for the current rendering (fallbacks, invalid JSON).
    QStringList m_notes;
    bool m_noteIsWarning = false;
};

} // namespace assay
