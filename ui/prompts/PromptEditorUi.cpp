// The editor's widgets and layout, apart from its behaviour (PromptEditor.cpp).
#include "prompts/PromptEditor.h"

#include "prompts/DiffView.h"
#include "prompts/PromptHighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QLineEdit *field(QWidget *parent, const QString &name, const QString &placeholder, int width)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setPlaceholderText(placeholder);
    if (width > 0)
        e->setMaximumWidth(width);
    return e;
}

} // namespace

void PromptEditor::buildUi()
{
    m_baseLabel = new QLabel(tr("Select a version and choose “New version from this…”."), this);
    m_baseLabel->setObjectName(u"editorBaseLabel"_s);
    m_version = field(this, u"newVersionEdit"_s, tr("version"), 90);
    m_model = field(this, u"modelEdit"_s, tr("model"), 200);
    m_temperature = field(this, u"temperatureEdit"_s, tr("temperature"), 80);
    m_maxTokens = field(this, u"maxTokensEdit"_s, tr("max_tokens"), 80);
    m_labels = field(this, u"labelsEdit"_s, tr("labels (a, b)"), 140);
    m_note = field(this, u"noteEdit"_s, tr("note: what changed and why"), 0);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"editorText"_s);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_highlighter = new PromptHighlighter(m_text->document());

    m_diffHeader = new QLabel(this);
    m_diffHeader->setObjectName(u"editorDiffHeader"_s);
    m_diffHeader->setWordWrap(true);
    m_diffView = new DiffView(this);
    m_diffView->setObjectName(u"editorDiffView"_s);
    m_diffView->setUnified(true); // half a page wide: one column reads better than two
    auto *diffBox = new QGroupBox(tr("Changes from the base"), this);
    auto *diffLayout = new QVBoxLayout(diffBox);
    diffLayout->addWidget(m_diffHeader);
    diffLayout->addWidget(m_diffView, 1);

    m_inputCombo = new QComboBox(this);
    m_inputCombo->setObjectName(u"previewOutputCombo"_s);
    m_inputCombo->setToolTip(tr("A recent output of this prompt whose logged input fills the variables"));
    m_previewError = new QLabel(this);
    m_previewError->setObjectName(u"previewError"_s);
    m_previewError->setWordWrap(true);
    m_previewError->setStyleSheet(u"color: #b00020; font-weight: 600;"_s);
    m_previewError->hide();
    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(u"previewText"_s);
    m_preview->setReadOnly(true);
    auto *previewBox = new QGroupBox(tr("Preview with a logged input"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    auto *pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Output:"), previewBox));
    pick->addWidget(m_inputCombo, 1);
    previewLayout->addLayout(pick);
    previewLayout->addWidget(m_previewError);
    previewLayout->addWidget(m_preview, 1);

    m_coverage = new QLabel(this);
    m_coverage->setObjectName(u"coverageLabel"_s);
    m_coverage->setWordWrap(true);
    m_coverage->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *side = new QSplitter(Qt::Vertical, this);
    side->addWidget(diffBox);
    side->addWidget(previewBox);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_text);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    m_saveDraft = new QPushButton(tr("Save draft"), this);
    m_saveDraft->setObjectName(u"saveDraftButton"_s);
    m_saveDraft->setToolTip(tr("Keep it in Assay's workspace; nothing is written to the registry"));
    m_saveVersion = new QPushButton(tr("Save as new version"), this);
    m_saveVersion->setObjectName(u"saveVersionButton"_s);
    m_saveVersion->setToolTip(tr("Add it to the registry as a new version; existing versions are never changed"));
    m_saveDraft->setEnabled(false);
    m_saveVersion->setEnabled(false);

    auto *meta = new QHBoxLayout;
    meta->addWidget(new QLabel(tr("Version"), this));
    meta->addWidget(m_version);
    meta->addWidget(m_model);
    meta->addWidget(m_temperature);
    meta->addWidget(m_maxTokens);
    meta->addWidget(m_labels);
    meta->addWidget(m_note, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_coverage, 1);
    buttons->addWidget(m_saveDraft, 0, Qt::AlignBottom);
    buttons->addWidget(m_saveVersion, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_baseLabel);
    layout->addLayout(meta);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
}

QString PromptEditor::previewText() const
{
    return m_preview->toPlainText();
}

QString PromptEditor::previewError() const
{
    return m_previewError->isVisible() || !m_previewError->text().isEmpty() ? m_previewError->text() : QString();
}

QString PromptEditor::coverageText() const
{
    return m_coverage->text();
}

} // namespace assay
