#include "review/SummaryView.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

SummaryView::SummaryView(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"summaryView"_s);
    // The Markdown's own heading names the session; this line says what can be done with it.
    m_title = new QLabel;
    m_title->setObjectName(u"summaryTitle"_s);
    m_title->setWordWrap(true);
    m_view = new QTextBrowser;
    m_view->setObjectName(u"summaryText"_s);
    m_view->setOpenLinks(false);
    QFont reading = font();
    reading.setPointSizeF(qMax(reading.pointSizeF() * 1.25, 13.0));
    m_view->setFont(reading);
    m_status = new QLabel;
    m_status->setObjectName(u"summaryStatus"_s);
    m_status->setTextFormat(Qt::PlainText);

    auto *exportButton = new QPushButton(tr("Export Markdown…"));
    exportButton->setObjectName(u"exportMarkdownButton"_s);
    connect(exportButton, &QPushButton::clicked, this, &SummaryView::exportWithDialog);
    m_reopen = new QPushButton(tr("Reopen and resume"));
    m_reopen->setObjectName(u"reopenButton"_s);
    connect(m_reopen, &QPushButton::clicked, this, [this] {
        if (m_summary.status == u"closed"_s)
            Q_EMIT reopenRequested(m_summary.name);
        else
            Q_EMIT resumeRequested(m_summary.name);
    });
    auto *back = new QPushButton(tr("Sessions"));
    back->setObjectName(u"summaryBackButton"_s);
    connect(back, &QPushButton::clicked, this, &SummaryView::backRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(back);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_reopen);
    buttons->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
}

void SummaryView::setSummary(const SessionSummary &summary)
{
    m_summary = summary;
    m_markdown = summary.toMarkdown();
    m_title->setText(summary.status == u"closed"_s
                         ? tr("The session is closed. Reopen it to label more; export the summary for the team.")
                         : tr("The session is still open: Resume to go on labelling."));
    m_view->setMarkdown(m_markdown);
    m_reopen->setText(summary.status == u"closed"_s ? tr("Reopen and resume") : tr("Resume"));
    m_status->clear();
}

Result<void> SummaryView::exportMarkdown(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    file.write(m_markdown.toUtf8());
    if (!file.commit())
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

void SummaryView::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the summary"),
                                                      m_summary.name + u".md"_s, tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    const auto written = exportMarkdown(path);
    m_status->setText(written ? tr("Exported to %1").arg(path) : written.error());
    m_status->setStyleSheet(written ? QString() : u"color: #c62828;"_s);
}

} // namespace assay
