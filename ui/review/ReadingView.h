#pragma once

#include <QFont>
#include <QTextBrowser>

namespace assay {

// A read-only text in large type for a shared screen: Markdown rendered, JSON indented, anything
// else as it is. Model output is untrusted, so images and links in it never load anything, and
// the view never takes the keyboard focus (the presenter's keys stay live; the mouse still selects).
class ReadingView : public QTextBrowser {
    Q_OBJECT
public:
    ReadingView(const QFont &reading, const QFont &mono, QWidget *parent = nullptr);

    void showContent(const QString &text);
    void showMessage(const QString &text);
    // Takes effect with the next showContent() / showMessage() (a presenter's larger type).
    void setFonts(const QFont &reading, const QFont &mono);

    QVariant loadResource(int type, const QUrl &name) override;

private:
    void install(QTextDocument *document);

    QFont m_reading;
    QFont m_mono;
};

} // namespace assay
