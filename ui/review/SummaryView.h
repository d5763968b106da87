#pragma once

#include "labels/ReviewSummary.h"
#include "util/Result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace assay {

// The end of a session: labels per feature, positive rate with its Wilson 95% interval,
// agreement with end users, the negatives with their notes and the decisions, rendered from the
// same Markdown that "Export Markdown…" writes.
class SummaryView : public QWidget {
    Q_OBJECT
public:
    explicit SummaryView(QWidget *parent = nullptr);

    void setSummary(const SessionSummary &summary);
    const SessionSummary &summary() const { return m_summary; }
    QString markdown() const { return m_markdown; }
    Result<void> exportMarkdown(const QString &path) const;

Q_SIGNALS:
    void reopenRequested(const QString &name);
    void resumeRequested(const QString &name);
    void backRequested();

private:
    void exportWithDialog();

    SessionSummary m_summary;
    QString m_markdown;
    QLabel *m_title = nullptr;
    QTextBrowser *m_view = nullptr;
    QPushButton *m_reopen = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace assay
