#include "browse/DetailPane.h"

#include "browse/DetailMetadata.h"
#include "browse/DetailText.h"
#include "browse/JsonTreeWidget.h"

#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

constexpr int kLoadingDelayMs = 150;
// Display lines longer than this are cut (see detail::breakLongLines); 10,000 characters is
// a few screens of wrapped text and lays out in milliseconds.
constexpr qsizetype kMaxDisplayLine = 10000;

// Model output is untrusted: a Markdown image pointing at a local path or a URL must not make
// the viewer read files or go to the network, so every resource resolves to nothing.
class OfflineTextBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

QLabel *makeSectionTitle(const QString &text)
{
    auto *title = new QLabel(text);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    return title;
}

QToolButton *makeCopyButton(const QString &objectName, const QString &text, const QString &tip)
{
    auto *button = new QToolButton;
    button->setObjectName(objectName);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

QPlainTextEdit *makeReadOnlyText(const QString &objectName, const QFont &font)
{
    auto *edit = new QPlainTextEdit;
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    edit->setFont(font);
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    edit->setUndoRedoEnabled(false); // saves a copy of multi-megabyte texts
    return edit;
}

QString warningStyle(const QWidget *widget)
{
    const bool dark = widget->palette().color(QPalette::Window).lightness() < 128;
    return dark ? u"color: #ef6b6b;"_s : u"color: #c62828;"_s;
}

} // namespace

DetailPane::DetailPane(QWidget *parent) : QWidget(parent)
{
    // Outputs are read on shared screens: a step above the UI font, never below 12 pt.
    m_readableFont = font();
    m_readableFont.setPointSizeF(qMax(m_readableFont.pointSizeF() + 2.0, 12.0));
    m_monoFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_monoFont.setPointSizeF(m_readableFont.pointSizeF() - 1.0); // monospace looks larger

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(u"detailPages"_s);
    m_placeholder = makeMessageLabel(u"placeholderLabel"_s);
    m_placeholder->setText(tr("Select an output to see it here"));
    m_loading = makeMessageLabel(u"loadingLabel"_s);
    m_loading->setText(tr("Loading…"));
    m_error = makeMessageLabel(u"errorLabel"_s);
    m_error->setStyleSheet(warningStyle(this));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_recordPage = buildRecordPage();
    m_pages->addWidget(m_placeholder);
    m_pages->addWidget(m_loading);
    m_pages->addWidget(m_error);
    m_pages->addWidget(m_recordPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    m_loadingDelay = new QTimer(this);
    m_loadingDelay->setSingleShot(true);
    m_loadingDelay->setInterval(kLoadingDelayMs);
    connect(m_loadingDelay, &QTimer::timeout, this, [this] { m_pages->setCurrentWidget(m_loading); });

    clear();
}

QLabel *DetailPane::makeMessageLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setMargin(24);
    label->setFont(m_readableFont);
    return label;
}

QWidget *DetailPane::buildRecordPage()
{
    auto *page = new QWidget;
    page->setObjectName(u"recordPage"_s);

    m_metadata = new DetailMetadata;
    m_metadata->setObjectName(u"metadataForm"_s);
    auto *metaScroll = new QScrollArea;
    metaScroll->setObjectName(u"metadataScroll"_s);
    metaScroll->setWidget(m_metadata);
    metaScroll->setWidgetResizable(true);
    metaScroll->setFrameShape(QFrame::NoFrame);

    auto *splitter = new QSplitter(Qt::Vertical);
    m_splitter = splitter;
    splitter->setObjectName(u"detailSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(metaScroll);
    splitter->addWidget(buildInputSection());
    splitter->addWidget(buildOutputSection());
    // The output is what people came for; extra height goes mostly to it.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 3);
    splitter->setSizes({200, 180, 520});
    connect(splitter, &QSplitter::splitterMoved, this, [this](int, int handle) {
        if (handle == 1)
            m_userSizedMetadata = true; // from now on the user's choice wins over fitting
    });

    m_reviewerLabels = new QLabel;
    m_reviewerLabels->setObjectName(u"reviewerLabels"_s);
    m_reviewerLabels->setTextFormat(Qt::RichText);
    m_reviewerLabels->setWordWrap(true);
    m_reviewerLabels->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reviewerLabels->setAutoFillBackground(true);
    m_reviewerLabels->setBackgroundRole(QPalette::AlternateBase);
    m_reviewerLabels->setMargin(6);
    m_reviewerLabels->hide();

    m_checkResults = new QLabel;
    m_checkResults->setObjectName(u"checkResults"_s);
    m_checkResults->setTextFormat(Qt::RichText);
    m_checkResults->setWordWrap(true);
    m_checkResults->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkResults->setAutoFillBackground(true);
    m_checkResults->setBackgroundRole(QPalette::AlternateBase);
    m_checkResults->setMargin(6);
    m_checkResults->hide();

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_reviewerLabels);
    layout->addWidget(m_checkResults);
    layout->addWidget(splitter);
    return page;
}

QWidget *DetailPane::buildInputSection()
{
    auto *section = new QWidget;
    section->setObjectName(u"inputSection"_s);
    m_inputSection = section;

    m_copyInput = makeCopyButton(u"copyInputButton"_s, tr("Copy input"), tr("Copy the input JSON as logged"));
    connect(m_copyInput, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_input);
        flashCopied(m_copyInput, tr("Copy input"));
    });
    // "no input column" / "(NULL)" sit in the header line, so a log without inputs (the
    // minimal log) spends one line on them rather than a pane of empty space.
    m_inputMessage = new QLabel;
    m_inputMessage->setObjectName(u"inputMessage"_s);
    m_inputMessage->setTextFormat(Qt::PlainText);
    m_inputMessage->setForegroundRole(QPalette::PlaceholderText);
    auto *header = new QHBoxLayout;
    header->addWidget(makeSectionTitle(tr("Input")));
    header->addSpacing(12);
    header->addWidget(m_inputMessage);
    header->addStretch(1);
    header->addWidget(m_copyInput);

    m_inputWarning = new QLabel;
    m_inputWarning->setObjectName(u"inputWarning"_s);
    m_inputWarning->setWordWrap(true);
    m_inputWarning->setTextFormat(Qt::PlainText);
    m_inputWarning->setStyleSheet(warningStyle(this));

    m_inputTree = new JsonTreeWidget;
    m_inputTree->setObjectName(u"inputTree"_s);
    m_inputTree->setFont(m_readableFont);
    m_inputRaw = makeReadOnlyText(u"inputRaw"_s, m_monoFont);

    m_inputStack = new QStackedWidget;
    m_inputStack->setObjectName(u"inputView"_s);
    m_inputStack->addWidget(m_inputTree);
    m_inputStack->addWidget(m_inputRaw);

    auto *layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_inputWarning);
    layout->addWidget(m_inputStack, 1);
    return section;
}

QWidget *DetailPane::buildOutputSection()
{
    auto *section = new QWidget;
    section->setObjectName(u"outputSection"_s);

    m_formatSelector = new QComboBox;
    m_formatSelector->setObjectName(u"formatSelector"_s);
    m_formatSelector->setToolTip(tr("How to show the output; Auto guesses from its content"));
    m_formatSelector->addItem(tr("Auto"), static_cast<int>(FormatChoice::Auto));
    m_formatSelector->addItem(tr("Text"), static_cast<int>(FormatChoice::Text));
    m_formatSelector->addItem(tr("Markdown"), static_cast<int>(FormatChoice::Markdown));
    m_formatSelector->addItem(tr("JSON"), static_cast<int>(FormatChoice::Json));
    m_formatSelector->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_formatSelector, &QComboBox::currentIndexChanged, this, [this] { renderOutput(); });

    m_copyOutput = makeCopyButton(u"copyOutputButton"_s, tr("Copy output"), tr("Copy the output text as logged"));
    connect(m_copyOutput, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_output);
        flashCopied(m_copyOutput, tr("Copy output"));
    });

    auto *header = new QHBoxLayout;
    header->addWidget(makeSectionTitle(tr("Output")));
    header->addSpacing(12);
    header->addWidget(m_formatSelector);
    header->addStretch(1);
    auto *history = new QToolButton;
    history->setObjectName(u"labelHistoryButton"_s);
    history->setText(tr("Label history…"));
    history->setToolTip(tr("Every reviewer label this output has had: who, when, old and new"));
    history->setAutoRaise(true);
    connect(history, &QToolButton::clicked, this, [this] {
        if (m_key.isValid())
            Q_EMIT labelHistoryRequested(m_key);
    });
    header->addWidget(history);
    header->addWidget(m_copyOutput);

    m_banner = new QFrame;
    m_banner->setObjectName(u"truncationBanner"_s);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::AlternateBase);
    m_bannerText = new QLabel;
    m_bannerText->setObjectName(u"truncationLabel"_s);
    m_showAll = new QPushButton;
    m_showAll->setObjectName(u"showAllButton"_s);
    connect(m_showAll, &QPushButton::clicked, this, [this] {
        // One request per record: the host answers with showLoading()/showRecord().
        m_showAll->setEnabled(false);
        Q_EMIT showAllRequested(m_key);
    });
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_showAll);

    m_outputNote = new QLabel;
    m_outputNote->setObjectName(u"outputNote"_s);
    m_outputNote->setWordWrap(true);
    m_outputNote->setTextFormat(Qt::PlainText);

    m_outputText = makeReadOnlyText(u"outputText"_s, m_readableFont);
    auto *browser = new OfflineTextBrowser;
    m_outputMarkdown = browser;
    m_outputMarkdown->setObjectName(u"outputMarkdown"_s);
    m_outputMarkdown->setOpenLinks(false);
    connect(m_outputMarkdown, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        // Only real web links leave the app; anything else in model output is ignored.
        if (url.scheme() == u"https" || url.scheme() == u"http")
            QDesktopServices::openUrl(url);
    });
    m_outputMessage = makeMessageLabel(u"outputMessage"_s);
    m_outputMessage->setForegroundRole(QPalette::PlaceholderText);

    m_outputStack = new QStackedWidget;
    m_outputStack->setObjectName(u"outputView"_s);
    m_outputStack->addWidget(m_outputText);
    m_outputStack->addWidget(m_outputMarkdown);
    m_outputStack->addWidget(m_outputMessage);

    auto *layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_banner);
    layout->addWidget(m_outputNote);
    layout->addWidget(m_outputStack, 1);
    return section;
}

void DetailPane::setReviewerLabels(const QString &html)
{
    m_reviewerLabels->setText(html);
    m_reviewerLabels->setVisible(!html.isEmpty());
}

void DetailPane::setCheckResults(const QList<StoredCheckResult> &results)
{
    if (results.isEmpty()) {
        m_checkResults->clear();
        m_checkResults->hide();
        return;
    }
    QStringList failed;
    QStringList passed;
    QStringList notApplicable;
    for (const StoredCheckResult &r : results) {
        const QString name = r.checkName.toHtmlEscaped();
        if (!r.applicable)
            notApplicable << tr("%1 (%2)").arg(name, r.reason.toHtmlEscaped());
        else if (r.passed)
            passed << name;
        else
            failed << tr("<b>✗ %1</b>: %2").arg(name, r.reason.toHtmlEscaped());
    }
    QStringList lines;
    lines << (failed.isEmpty() ? tr("<b>Checks</b>: all %1 passed").arg(passed.size())
                               : tr("<b>Checks</b>: %1 of %2 failed").arg(failed.size()).arg(failed.size() + passed.size()));
    lines << failed;
    if (!failed.isEmpty() && !passed.isEmpty())
        lines << tr("passed: %1").arg(passed.join(u", "_s));
    if (!notApplicable.isEmpty())
        lines << tr("not applicable: %1").arg(notApplicable.join(u"; "_s));
    m_checkResults->setText(lines.join(u"<br>"_s));
    m_checkResults->setVisible(true);
}

void DetailPane::focusOutput()
{
    if (m_pages->currentWidget() != m_recordPage)
        return;
    if (QWidget *view = m_outputStack->currentWidget())
        view->setFocus(Qt::OtherFocusReason);
}

void DetailPane::clear()
{
    m_loadingDelay->stop();
    m_reviewerLabels->clear();
    m_reviewerLabels->hide();
    m_checkResults->clear();
    m_checkResults->hide();
    m_recordPage->setEnabled(true);
    m_metadata->clearRecord();
    m_inputTree->clearJson();
    m_inputRaw->clear();
    m_outputText->clear();
    m_outputMarkdown->clear();
    m_key = {};
    m_input.clear();
    m_output.clear();
    m_indentedOutput.clear();
    m_outputJson.reset();
    m_hasOutput = false;
    m_shownAs = ContentFormat::Text;
    m_pages->setCurrentWidget(m_placeholder);
}

void DetailPane::showLoading()
{
    if (m_pages->currentWidget() == m_recordPage && !m_loadingDelay->isActive()) {
        m_recordPage->setEnabled(false); // dimmed: what is on screen is about to change
        m_loadingDelay->start();
    } else if (m_pages->currentWidget() != m_recordPage) {
        m_pages->setCurrentWidget(m_loading);
    }
}

void DetailPane::showError(const QString &message)
{
    m_loadingDelay->stop();
    m_recordPage->setEnabled(true);
    m_error->setText(message);
    m_pages->setCurrentWidget(m_error);
}

void DetailPane::showRecord(const OutputRecord &record)
{
    m_loadingDelay->stop();
    setUpdatesEnabled(false);

    m_key = record.key;
    m_failed = record.isError();
    m_metadata->setRecord(record);
    fitMetadataHeight();
    showInput(record);

    const QVariant output = record.value(LogField::Output);
    m_hasOutput = !detail::isNullValue(output);
    m_output = detail::valueText(output);
    m_outputTruncated = record.outputTruncated;
    m_outputJson.reset();
    m_indentedOutput.clear();
    m_detected = m_hasOutput ? detectContentFormat(m_output) : ContentFormat::Text;
    if (m_detected == ContentFormat::Json)
        m_outputJson = JsonCheck{true, {}, -1}; // detection parsed it already; 2 MB parses are not free
    if (m_outputTruncated && m_detected == ContentFormat::Text) {
        // A cut-off JSON output never parses, but it is still JSON to the reader.
        const QStringView head = QStringView(m_output).trimmed();
        if (head.startsWith(u'{') || head.startsWith(u'['))
            m_detected = ContentFormat::Json;
    }
    m_formatSelector->setItemText(0, m_hasOutput ? tr("Auto (%1)").arg(contentFormatName(m_detected)) : tr("Auto"));
    m_copyOutput->setEnabled(m_hasOutput);
    m_formatSelector->setEnabled(m_hasOutput);
    updateTruncationBanner(record);
    renderOutput();

    m_recordPage->setEnabled(true);
    m_pages->setCurrentWidget(m_recordPage);
    setUpdatesEnabled(true);
}

void DetailPane::fitMetadataHeight()
{
    // Records differ in how many fields they have: size the form to its rows so none hides
    // behind a scroll bar, but never let it take more than ~40% of the pane.
    if (m_userSizedMetadata)
        return;
    QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1) + sizes.value(2);
    if (total <= 0)
        return;
    // Wrapped labels (a long error message) make the form's height depend on its width.
    const int width = m_splitter->width();
    const int natural = m_metadata->hasHeightForWidth() && width > 0 ? m_metadata->heightForWidth(width)
                                                                      : m_metadata->sizeHint().height();
    const int wanted = qMin(natural + 4, total * 2 / 5);
    const int input = qMin(sizes.value(1), (total - wanted) / 3);
    m_splitter->setSizes({wanted, input, total - wanted - input});
}

void DetailPane::showInput(const OutputRecord &record)
{
    m_inputWarning->hide();
    m_inputTree->clearJson();
    m_inputRaw->clear();
    m_input.clear();

    m_inputMessage->hide();
    const auto showMessage = [this](const QString &text) {
        m_inputMessage->setText(text);
        m_inputMessage->show();
        m_copyInput->setEnabled(false);
        setInputCollapsed(true);
    };
    if (!record.has(LogField::Input)) {
        showMessage(record.has(LogField::InputHash)
                        ? tr("This log records only a hash of the input, not the input itself.")
                        : tr("This log has no input column."));
        return;
    }
    const QVariant input = record.value(LogField::Input);
    if (detail::isNullValue(input)) {
        showMessage(tr("(NULL)"));
        return;
    }
    m_input = detail::valueText(input);
    m_copyInput->setEnabled(true);
    if (m_input.trimmed().isEmpty()) {
        showMessage(tr("(empty)"));
        m_copyInput->setEnabled(!m_input.isEmpty());
        return;
    }
    setInputCollapsed(false);
    const JsonCheck check = checkJson(m_input);
    if (check.valid) {
        m_inputTree->setJson(m_input);
        m_inputStack->setCurrentWidget(m_inputTree);
        return;
    }
    m_inputWarning->setText(tr("Input is not valid JSON: %1 at offset %2").arg(check.error).arg(check.offset));
    m_inputWarning->show();
    m_inputRaw->setPlainText(detail::breakLongLines(m_input, kMaxDisplayLine).text);
    m_inputStack->setCurrentWidget(m_inputRaw);
}

void DetailPane::setInputCollapsed(bool collapsed)
{
    if (collapsed == m_inputCollapsed)
        return;
    m_inputCollapsed = collapsed;
    m_inputStack->setVisible(!collapsed);
    if (collapsed) {
        m_inputExpandedHeight = m_splitter->sizes().value(1);
        m_inputSection->setMaximumHeight(m_inputSection->minimumSizeHint().height());
        return;
    }
    // Give the input back the height it had, taken from the output.
    m_inputSection->setMaximumHeight(QWIDGETSIZE_MAX);
    QList<int> sizes = m_splitter->sizes();
    if (sizes.size() != 3)
        return;
    const int height = qMax(m_inputExpandedHeight, (sizes[1] + sizes[2]) / 4);
    sizes[2] = qMax(sizes[2] - (height - sizes[1]), 120);
    sizes[1] = height;
    m_splitter->setSizes(sizes);
}

DetailPane::FormatChoice DetailPane::formatChoice() const
{
    return static_cast<FormatChoice>(m_formatSelector->currentData().toInt());
}

void DetailPane::setFormatChoice(FormatChoice choice)
{
    m_formatSelector->setCurrentIndex(m_formatSelector->findData(static_cast<int>(choice)));
}

ContentFormat DetailPane::effectiveFormat() const
{
    return m_shownAs;
}

void DetailPane::renderOutput()
{
    m_notes.clear();
    m_noteIsWarning = false;
    renderOutputView();
    m_outputNote->setText(m_notes.join(u'\n'));
    m_outputNote->setStyleSheet(m_noteIsWarning ? warningStyle(this) : QString());
    m_outputNote->setForegroundRole(m_noteIsWarning ? QPalette::WindowText : QPalette::PlaceholderText);
    m_outputNote->setVisible(!m_notes.isEmpty());
}

void DetailPane::renderOutputView()
{
    if (!m_hasOutput) {
        m_shownAs = ContentFormat::Text;
        m_outputMessage->setText(m_failed ? tr("(no output: the call failed)") : tr("(NULL)"));
        m_outputStack->setCurrentWidget(m_outputMessage);
        return;
    }

    ContentFormat format = m_detected;
    switch (formatChoice()) {
    case FormatChoice::Auto: break;
    case FormatChoice::Text: format = ContentFormat::Text; break;
    case FormatChoice::Markdown: format = ContentFormat::Markdown; break;
    case FormatChoice::Json: format = ContentFormat::Json; break;
    }

    if (format == ContentFormat::Markdown) {
        detail::MarkdownLimits limits;
        limits.maxChars = kMarkdownRenderLimit;
        if (const QString blocker = detail::markdownRenderBlocker(m_output, limits); !blocker.isEmpty()) {
            m_notes << blocker;
            format = ContentFormat::Text;
        }
    }
    m_shownAs = format;

    switch (format) {
    case ContentFormat::Markdown:
        showMarkdown(m_output);
        break;
    case ContentFormat::Json: {
        if (!m_outputJson)
            m_outputJson = checkJson(m_output);
        if (m_outputJson->valid || m_outputTruncated) {
            if (m_indentedOutput.isEmpty())
                m_indentedOutput = indentJson(m_output);
            if (!m_outputJson->valid)
                m_notes << tr("The output is cut off, so its JSON is incomplete; it is indented as far as it goes.");
            showOutputText(m_indentedOutput, m_monoFont);
        } else {
            m_notes << tr("Output is not valid JSON: %1 at offset %2").arg(m_outputJson->error).arg(m_outputJson->offset);
            m_noteIsWarning = true;
            showOutputText(m_output, m_monoFont);
        }
        break;
    }
    case ContentFormat::Text:
        showOutputText(m_output, m_readableFont);
        break;
    }
}

void DetailPane::showMarkdown(const QString &markdown)
{
    // Imported into a document no view is watching, then handed over: attached to the browser,
    // every inserted block triggers a relayout and a long list takes seconds instead of ms.
    auto *document = new QTextDocument(m_outputMarkdown);
    document->setDefaultFont(m_readableFont);
    document->setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    // The browser frees only the document it made itself (QPointer sees that); ours we free.
    const QPointer<QTextDocument> previous = m_outputMarkdown->document();
    m_outputMarkdown->setDocument(document);
    if (previous && previous->parent() == m_outputMarkdown)
        delete previous.data();
    m_outputMarkdown->verticalScrollBar()->setValue(0);
    m_outputStack->setCurrentWidget(m_outputMarkdown);
}

void DetailPane::showOutputText(const QString &text, const QFont &font)
{
    const detail::DisplayText display = detail::breakLongLines(text, kMaxDisplayLine);
    if (display.cutLines > 0) {
        m_notes << tr("Lines longer than %1 characters are cut for display; Copy output copies the original.")
                       .arg(QLocale().toString(kMaxDisplayLine));
    }
    m_outputText->setFont(font);
    m_outputText->setPlainText(display.text);
    m_outputStack->setCurrentWidget(m_outputText);
}

void DetailPane::updateTruncationBanner(const OutputRecord &record)
{
    m_banner->setVisible(record.outputTruncated);
    if (!record.outputTruncated)
        return;
    const QString shown = detail::formatByteSize(m_output.toUtf8().size());
    m_bannerText->setText(record.outputBytes > 0
                              ? tr("Showing the first %1 of %2").arg(shown, detail::formatByteSize(record.outputBytes))
                              : tr("Showing the first %1 of a longer output").arg(shown));
    m_showAll->setText(record.outputBytes > 0 ? tr("Show all (%1)").arg(detail::formatByteSize(record.outputBytes))
                                              : tr("Show all"));
    m_showAll->setEnabled(true);
}

void DetailPane::flashCopied(QToolButton *button, const QString &label)
{
    button->setText(tr("Copied"));
    QTimer::singleShot(1500, button, [button, label] { button->setText(label); });
}

} // namespace assay
