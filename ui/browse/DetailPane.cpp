#include "browse/DetailPane.h"

#include "browse/DetailMetadata.h"
#include "browse/JsonTreeWidget.h"

#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
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

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);
    return page;
}

QWidget *DetailPane::buildInputSection()
{
    auto *section = new QWidget;
    section->setObjectName(u"inputSection"_s);

    m_copyInput = makeCopyButton(u"copyInputButton"_s, tr("Copy input"), tr("Copy the input JSON as logged"));
    connect(m_copyInput, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_input);
        flashCopied(m_copyInput, tr("Copy input"));
    });
    auto *header = new QHBoxLayout;
    header->addWidget(makeSectionTitle(tr("Input")));
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
    m_inputMessage = makeMessageLabel(u"inputMessage"_s);
    m_inputMessage->setForegroundRole(QPalette::PlaceholderText);

    m_inputStack = new QStackedWidget;
    m_inputStack->setObjectName(u"inputView"_s);
    m_inputStack->addWidget(m_inputTree);
    m_inputStack->addWidget(m_inputRaw);
    m_inputStack->addWidget(m_inputMessage);

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
    m_formatSelector->addItem(tr("Auto"), QVariant::fromValue(int(FormatChoice::Auto)));
    m_formatSelector->addItem(tr("Text"), QVariant::fromValue(int(FormatChoice::Text)));
    m_formatSelector->addItem(tr("Markdown"), QVariant::fromValue(int(FormatChoice::Markdown)));
    m_formatSelector->addItem(tr("JSON"), QVariant::fromValue(int(FormatChoice::Json)));
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
    m_outputMarkdown->document()->setDefaultFont(m_readableFont);
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

void DetailPane::clear()
{
    m_loadingDelay->stop();
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
    m_failed = detail::recordFailed(record);
    m_metadata->setRecord(record);
    showInput(record);

    const QVariant output = record.value(LogField::Output);
    m_hasOutput = !detail::isNullValue(output);
    m_output = detail::valueText(output);
    m_outputTruncated = record.outputTruncated;
    m_outputJson.reset();
    m_indentedOutput.clear();
    m_detected = m_hasOutput ? detectContentFormat(m_output) : ContentFormat::Text;
    if (m_outputTruncated && m_detected == ContentFormat::Text) {
        // A cut-off JSON output never parses, but it is still JSON to the reader.
        const QStringView head = QStringView(m_output).trimmed();
        if (head.startsWith(u'{') || head.startsWith(u'['))
            m_detected = ContentFormat::Json;
    }
    m_formatSelector->setItemText(0, m_hasOutput ? tr("Auto (%1)").arg(contentFormatName(m_detected)) : tr("Auto"));
    m_copyOutput->setEnabled(m_hasOutput);
    updateTruncationBanner(record);
    renderOutput();

    m_recordPage->setEnabled(true);
    m_pages->setCurrentWidget(m_recordPage);
    setUpdatesEnabled(true);
}

void DetailPane::showInput(const OutputRecord &record)
{
    m_inputWarning->hide();
    m_inputTree->clearJson();
    m_inputRaw->clear();
    m_input.clear();

    const auto showMessage = [this](const QString &text) {
        m_inputMessage->setText(text);
        m_inputStack->setCurrentWidget(m_inputMessage);
        m_copyInput->setEnabled(false);
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
    const JsonCheck check = checkJson(m_input);
    if (check.valid) {
        m_inputTree->setJson(m_input);
        m_inputStack->setCurrentWidget(m_inputTree);
        return;
    }
    m_inputWarning->setText(tr("Input is not valid JSON: %1 at offset %2").arg(check.error).arg(check.offset));
    m_inputWarning->show();
    m_inputRaw->setPlainText(m_input);
    m_inputStack->setCurrentWidget(m_inputRaw);
}

DetailPane::FormatChoice DetailPane::formatChoice() const
{
    return static_cast<FormatChoice>(m_formatSelector->currentData().toInt());
}

void DetailPane::setFormatChoice(FormatChoice choice)
{
    m_formatSelector->setCurrentIndex(m_formatSelector->findData(QVariant::fromValue(int(choice))));
}

ContentFormat DetailPane::effectiveFormat() const
{
    return m_shownAs;
}

void DetailPane::renderOutput()
{
    setOutputNote({}, false);
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

    if (format == ContentFormat::Markdown && m_output.size() > kMarkdownRenderLimit) {
        setOutputNote(tr("Markdown is rendered for outputs up to %1; this one is shown as plain text.")
                          .arg(detail::formatByteSize(kMarkdownRenderLimit)),
                      false);
        format = ContentFormat::Text;
    }
    m_shownAs = format;

    switch (format) {
    case ContentFormat::Markdown:
        m_outputMarkdown->document()->setMarkdown(m_output, QTextDocument::MarkdownDialectGitHub);
        m_outputMarkdown->verticalScrollBar()->setValue(0);
        m_outputStack->setCurrentWidget(m_outputMarkdown);
        break;
    case ContentFormat::Json: {
        if (!m_outputJson)
            m_outputJson = checkJson(m_output);
        if (m_outputJson->valid || m_outputTruncated) {
            if (m_indentedOutput.isEmpty())
                m_indentedOutput = indentJson(m_output);
            if (!m_outputJson->valid)
                setOutputNote(tr("The output is cut off, so its JSON is incomplete; it is indented as far as it goes."),
                              false);
            showOutputText(m_indentedOutput, m_monoFont);
        } else {
            setOutputNote(tr("Output is not valid JSON: %1 at offset %2")
                              .arg(m_outputJson->error)
                              .arg(m_outputJson->offset),
                          true);
            showOutputText(m_output, m_monoFont);
        }
        break;
    }
    case ContentFormat::Text:
        showOutputText(m_output, m_readableFont);
        break;
    }
}

void DetailPane::showOutputText(const QString &text, const QFont &font)
{
    m_outputText->setFont(font);
    m_outputText->setPlainText(text);
    m_outputStack->setCurrentWidget(m_outputText);
}

void DetailPane::setOutputNote(const QString &text, bool warning)
{
    m_outputNote->setText(text);
    m_outputNote->setStyleSheet(warning ? warningStyle(this) : QString());
    m_outputNote->setForegroundRole(warning ? QPalette::WindowText : QPalette::PlaceholderText);
    m_outputNote->setVisible(!text.isEmpty());
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
