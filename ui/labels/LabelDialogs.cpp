#include "labels/LabelDialogs.h"

#include "prompts/WordDiff.h"

#include <QCompleter>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStringListModel>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Past this many characters on either side the word diff waits for a pause in typing longer.
constexpr qsizetype kLargeText = 50'000;

// Completes the tag being typed after the last comma, keeping the ones before it.
class TagCompleter : public QCompleter {
public:
    using QCompleter::QCompleter;
    QStringList splitPath(const QString &path) const override { return {path.section(u',', -1).trimmed()}; }
    QString pathFromIndex(const QModelIndex &index) const override
    {
        const QString text = static_cast<QLineEdit *>(widget())->text();
        const qsizetype comma = text.lastIndexOf(u',');
        const QString before = comma < 0 ? QString() : text.left(comma + 1) + u' ';
        return before + QCompleter::pathFromIndex(index);
    }
};

QDialog *makeDialog(QWidget *parent, const QString &objectName, const QString &title)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(objectName);
    dialog->setWindowTitle(title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    return dialog;
}

QDialogButtonBox *addButtons(QDialog *dialog, QVBoxLayout *layout)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    return buttons;
}

} // namespace

QStringList splitTags(const QString &text)
{
    QStringList tags;
    for (const QString &part : text.split(u',')) {
        const QString tag = part.trimmed();
        if (!tag.isEmpty() && !tags.contains(tag))
            tags << tag;
    }
    return tags;
}

void askNote(QWidget *parent, const QString &title, const QString &current, std::function<void(const QString &)> done)
{
    QDialog *dialog = makeDialog(parent, u"noteDialog"_s, title);
    auto *editor = new QPlainTextEdit(current);
    editor->setObjectName(u"noteEdit"_s);
    editor->setTabChangesFocus(true);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(QObject::tr("Note (Ctrl+Enter saves):")));
    layout->addWidget(editor);
    QDialogButtonBox *buttons = addButtons(dialog, layout);
    if (auto *save = buttons->button(QDialogButtonBox::Save))
        save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QObject::connect(dialog, &QDialog::accepted, dialog,
                     [editor, done = std::move(done)] { done(editor->toPlainText().trimmed()); });
    dialog->resize(480, 220);
    dialog->open();
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
}

void askTags(QWidget *parent, const QStringList &current, const QStringList &known,
             std::function<void(const QStringList &)> done)
{
    QDialog *dialog = makeDialog(parent, u"tagDialog"_s, QObject::tr("Tags"));
    auto *edit = new QLineEdit(current.isEmpty() ? QString() : current.join(u", "_s) + u", "_s);
    edit->setObjectName(u"tagEdit"_s);
    edit->setPlaceholderText(QObject::tr("tone, hallucination, too long"));
    auto *completer = new TagCompleter(new QStringListModel(known, dialog), dialog);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchStartsWith);
    edit->setCompleter(completer);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(QObject::tr("Tags, separated by commas (known tags complete as you type):")));
    layout->addWidget(edit);
    addButtons(dialog, layout);
    QObject::connect(dialog, &QDialog::accepted, dialog, [edit, done = std::move(done)] { done(splitTags(edit->text())); });
    dialog->resize(480, 120);
    dialog->open();
    edit->setFocus();
}

CorrectedOutputDialog::CorrectedOutputDialog(const QString &original, const QString &current, QWidget *parent)
    : QDialog(parent), m_original(original)
{
    setObjectName(u"correctedOutputDialog"_s);
    setWindowTitle(tr("Corrected output"));
    m_editor = new QPlainTextEdit(current.isEmpty() ? original : current);
    m_editor->setObjectName(u"correctedEdit"_s);
    m_diff = new QTextBrowser;
    m_diff->setObjectName(u"correctedDiff"_s);
    m_diff->setOpenLinks(false);
    m_diffDelay = new QTimer(this);
    m_diffDelay->setSingleShot(true);
    connect(m_diffDelay, &QTimer::timeout, this, &CorrectedOutputDialog::updateDiff);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        const bool large = m_original.size() > kLargeText || m_editor->document()->characterCount() > kLargeText;
        m_diffDelay->start(large ? 600 : 150);
    });

    auto *split = new QSplitter(Qt::Vertical);
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(new QLabel(tr("What the output should have been:")));
    topLayout->addWidget(m_editor);
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("Changes against the logged output:")));
    bottomLayout->addWidget(m_diff);
    split->addWidget(top);
    split->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    addButtons(this, layout);
    resize(760, 600);
    updateDiff();
}

QString CorrectedOutputDialog::correctedText() const
{
    return m_editor->toPlainText();
}

void CorrectedOutputDialog::updateDiff()
{
    const WordDiff diff = diffWords(m_original, m_editor->toPlainText());
    QString html = u"<div style=\"white-space: pre-wrap\">"_s;
    bool changed = false;
    for (const WordSegment &s : diff.segments) {
        const QString text = s.text.toHtmlEscaped();
        switch (s.change) {
        case WordChange::Equal:
            html += text;
            break;
        case WordChange::Removed:
            changed = true;
            html += u"<span style=\"background:#ffd7d5; color:#82071e; text-decoration: line-through\">%1</span>"_s.arg(text);
            break;
        case WordChange::Added:
            changed = true;
            html += u"<span style=\"background:#ccffd8; color:#055d20\">%1</span>"_s.arg(text);
            break;
        }
    }
    html += u"</div>"_s;
    m_diff->setHtml(changed ? html : tr("<i>No changes yet: edit the text above.</i>"));
}

void askCorrectedOutput(QWidget *parent, const QString &original, const QString &current,
                        std::function<void(const QString &)> done)
{
    auto *dialog = new CorrectedOutputDialog(original, current, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    QObject::connect(dialog, &QDialog::accepted, dialog, [dialog, done = std::move(done)] { done(dialog->correctedText()); });
    dialog->open();
}

} // namespace assay
