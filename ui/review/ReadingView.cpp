#include "review/ReadingView.h"

#include "browse/DetailText.h"
#include "util/ContentFormat.h"

#include <QPointer>
#include <QScrollBar>
#include <QTextDocument>

namespace assay {

ReadingView::ReadingView(const QFont &reading, const QFont &mono, QWidget *parent)
    : QTextBrowser(parent), m_reading(reading), m_mono(mono)
{
    setOpenLinks(false);
    setFont(reading);
    setFocusPolicy(Qt::NoFocus);
}

QVariant ReadingView::loadResource(int, const QUrl &)
{
    return {};
}

void ReadingView::showContent(const QString &text)
{
    // Built off-view and then handed over: attached, every inserted block would relayout.
    auto *document = new QTextDocument(this);
    document->setDefaultFont(m_reading);
    switch (detectContentFormat(text)) {
    case ContentFormat::Markdown:
        if (detail::markdownRenderBlocker(text).isEmpty())
            document->setMarkdown(text, QTextDocument::MarkdownDialectGitHub);
        else
            document->setPlainText(text);
        break;
    case ContentFormat::Json:
        document->setDefaultFont(m_mono);
        document->setPlainText(checkJson(text).valid ? indentJson(text, 2) : text);
        break;
    case ContentFormat::Text:
        document->setPlainText(text);
        break;
    }
    install(document);
}

void ReadingView::showMessage(const QString &text)
{
    auto *document = new QTextDocument(this);
    document->setDefaultFont(m_reading);
    document->setPlainText(text);
    install(document);
}

void ReadingView::setFonts(const QFont &reading, const QFont &mono)
{
    m_reading = reading;
    m_mono = mono;
    setFont(reading);
}

void ReadingView::install(QTextDocument *document)
{
    // The browser frees only the document it made itself; the ones made here are freed here.
    const QPointer<QTextDocument> previous = this->document();
    setDocument(document);
    if (previous && previous->parent() == this)
        delete previous.data();
    verticalScrollBar()->setValue(0);
}

} // namespace assay
