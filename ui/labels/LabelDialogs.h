#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>

class QLineEdit;
class QPlainTextEdit;
class QTextBrowser;
class QTimer;

namespace assay {

// The small editors behind N, T and E. They open window-modal without blocking (QDialog::open),
// so the page keeps painting saved states while one is up; `done` runs only on OK.

void askNote(QWidget *parent, const QString &title, const QString &current, std::function<void(const QString &)> done);
void askTags(QWidget *parent, const QStringList &current, const QStringList &known,
             std::function<void(const QStringList &)> done);

// The corrected output: an editor pre-filled with the output (or the earlier correction) and,
// under it, the word diff against the output as you type.
class CorrectedOutputDialog : public QDialog {
    Q_OBJECT
public:
    CorrectedOutputDialog(const QString &original, const QString &current, QWidget *parent = nullptr);
    QString correctedText() const;

private:
    void updateDiff();

    QString m_original;
    QPlainTextEdit *m_editor = nullptr;
    QTextBrowser *m_diff = nullptr;
    QTimer *m_diffDelay = nullptr;
};

void askCorrectedOutput(QWidget *parent, const QString &original, const QString &current,
                        std::function<void(const QString &)> done);

// "a, b, c" -> {"a", "b", "c"}: trimmed, empty ones and repeats dropped.
QStringList splitTags(const QString &text);

} // namespace assay
