#include "prompts/PromptEditor.h"

#include "prompts/DiffView.h"
#include "prompts/OffThread.h"
#include "prompts/PromptHighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// "v3" -> "v4", "1.9" -> "1.10", else "<base>-2"; then the next free one.
QString suggestVersion(const QString &base, const QStringList &taken)
{
    static const QRegularExpression trailing(u"(\\d+)$"_s);
    auto bump = [](const QString &v) {
        const QRegularExpressionMatch m = trailing.match(v);
        if (!m.hasMatch())
            return v + u"-2"_s;
        return v.left(m.capturedStart(1)) + QString::number(m.captured(1).toLongLong() + 1);
    };
    QString next = base.isEmpty() ? u"v1"_s : bump(base);
    for (const QString &t : taken) {
        if (compareVersionsNaturally(t, next) >= 0 && trailing.match(t).hasMatch()
            && t.left(trailing.match(t).capturedStart(1)) == next.left(trailing.match(next).capturedStart(1)))
            next = bump(t);
    }
    while (taken.contains(next))
        next = bump(next);
    return next;
}

} // namespace

PromptEditor::PromptEditor(QWidget *parent) : QWidget(parent)
{
    m_pool.setMaxThreadCount(1);
    buildUi();
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150); // typing stays fluid; the diff follows once the hands pause
    connect(m_debounce, &QTimer::timeout, this, &PromptEditor::recompute);
    connect(m_text, &QPlainTextEdit::textChanged, this, &PromptEditor::schedule);
    for (QLineEdit *e : {m_model, m_temperature, m_maxTokens})
        connect(e, &QLineEdit::textChanged, this, &PromptEditor::schedule);
    connect(m_inputCombo, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant key = m_inputCombo->currentData();
        if (!key.isValid())
            return;
        m_inputKey = key;
        m_inputJson.clear();
        m_preview->setPlainText(tr("Fetching the input of output %1…").arg(key.toString()));
        Q_EMIT inputWanted(key);
    });
    connect(m_saveDraft, &QPushButton::clicked, this, [this] { Q_EMIT saveDraftRequested(currentDraft()); });
    connect(m_saveVersion, &QPushButton::clicked, this, &PromptEditor::saveVersion);
}

PromptEditor::~PromptEditor()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void PromptEditor::startFrom(const PromptVersion &base, const QStringList &taken, bool registryIsTable)
{
    m_base = base;
    m_taken = taken;
    m_registryIsTable = registryIsTable;
    m_draft = PromptDraft::from(base);
    m_inputs.clear();
    m_inputsNote.clear();
    m_inputKey = {};
    m_inputJson.clear();
    m_inputCombo->clear();
    m_baseLabel->setText(tr("New version of <b>%1</b> from %2").arg(base.name.toHtmlEscaped(), base.version.toHtmlEscaped()));
    m_version->setText(suggestVersion(base.version, taken));
    m_model->setText(base.model);
    m_temperature->setText(formatTemperature(base.temperature));
    m_maxTokens->setText(formatMaxTokens(base.maxTokens));
    m_labels->clear(); // labels such as production belong to the version that earned them
    m_note->clear();
    m_highlighter->setTemplateStyle(PromptTemplate::parse(base.template_).style());
    m_text->setPlainText(base.template_);
    m_preview->setPlainText(tr("Waiting for recent outputs of %1…").arg(base.name));
    m_coverage->setText(tr("Checking variables against logged inputs…"));
    m_saveDraft->setEnabled(true);
    m_saveVersion->setEnabled(true);
    Q_EMIT recentOutputsWanted(base.name);
    Q_EMIT sampleWanted(base.name);
    recompute();
}

void PromptEditor::openDraft(const PromptDraft &draft, const PromptVersion &base, const QStringList &taken,
                             bool registryIsTable)
{
    startFrom(base, taken, registryIsTable);
    m_draft = draft;
    m_model->setText(draft.model);
    m_temperature->setText(formatTemperature(draft.temperature));
    m_maxTokens->setText(formatMaxTokens(draft.maxTokens));
    m_labels->setText(draft.labels.join(u", "_s));
    m_note->setText(draft.note);
    m_text->setPlainText(draft.template_);
}

QString PromptEditor::text() const
{
    return m_text->toPlainText();
}

PromptDraft PromptEditor::currentDraft() const
{
    PromptDraft d = m_draft;
    d.name = m_base.name;
    d.baseVersion = m_base.version;
    d.template_ = m_text->toPlainText();
    d.model = m_model->text().trimmed();
    bool ok = false;
    const double t = m_temperature->text().toDouble(&ok);
    d.temperature = ok ? std::optional<double>(t) : std::nullopt;
    const int mt = m_maxTokens->text().toInt(&ok);
    d.maxTokens = ok ? std::optional<int>(mt) : std::nullopt;
    d.labels = parseLabels(m_labels->text());
    d.note = m_note->text();
    return d;
}

PromptVersion PromptEditor::currentVersion() const
{
    PromptVersion v = currentDraft().toVersion();
    v.version = m_version->text().trimmed();
    v.origin = m_registryIsTable ? PromptOrigin::Table : PromptOrigin::Folder;
    v.createdAt = QDateTime::currentDateTimeUtc();
    return v;
}

void PromptEditor::schedule()
{
    if (isActive())
        m_debounce->start();
}

void PromptEditor::recompute()
{
    if (!isActive())
        return;
    PromptVersion after = currentDraft().toVersion();
    after.version = m_version->text().trimmed().isEmpty() ? u"draft"_s : m_version->text().trimmed();
    const quint64 generation = ++m_generation;
    runOffThread(m_pool, this,
                 [before = m_base, after = std::move(after), inputs = m_inputs, input = m_inputJson, generation] {
                     Live live;
                     live.diff = computeDiff(before, after, false, generation);
                     const PromptTemplate tpl = PromptTemplate::parse(after.template_);
                     if (!inputs.isEmpty()) {
                         live.coverage = templateCoverage(tpl, inputs);
                         live.haveCoverage = true;
                     }
                     if (!input.isEmpty()) {
                         QJsonParseError error;
                         const QJsonDocument doc = QJsonDocument::fromJson(input.toUtf8(), &error);
                         if (!doc.isObject()) {
                             live.previewError = QObject::tr("The logged input is not a JSON object.");
                         } else if (auto rendered = tpl.render(doc.object())) {
                             live.preview = *rendered;
                         } else {
                             live.previewError = rendered.error();
                         }
                     }
                     return live;
                 },
                 [this](Live live) {
                     if (live.diff.generation == m_generation)
                         showLive(std::move(live));
                 });
}

void PromptEditor::showLive(Live live)
{
    m_highlighter->setTemplateStyle(live.diff.rightStyle);
    m_diffHeader->setText(diffHeaderText(live.diff));
    m_diffView->setDiff(std::move(live.diff.diff.text), live.diff.leftStyle, live.diff.rightStyle);
    if (live.haveCoverage) {
        QStringList lines = live.coverage.summaryLines();
        const bool ok = live.coverage.complete();
        m_coverage->setStyleSheet(ok ? u"color: #1b5e20;"_s : u"color: #b00020;"_s);
        lines.prepend(tr("Coverage over %1 logged inputs:").arg(live.coverage.inputs + live.coverage.unreadable));
        m_coverage->setText(lines.join(u'\n'));
    } else if (!m_inputsNote.isEmpty()) {
        m_coverage->setText(tr("Coverage unavailable: %1").arg(m_inputsNote));
    }
    if (!m_inputJson.isEmpty()) {
        m_previewError->setText(live.previewError);
        m_previewError->setVisible(!live.previewError.isEmpty());
        if (live.previewError.isEmpty())
            m_preview->setPlainText(live.preview);
    }
    Q_EMIT updated();
}

void PromptEditor::setRecentOutputs(const QString &name, const QVariantList &keys, const QStringList &labels)
{
    if (name != m_base.name)
        return;
    m_inputCombo->clear();
    for (int i = 0; i < keys.size(); ++i)
        m_inputCombo->addItem(labels.value(i), keys.at(i)); // the first one triggers the fetch
    if (keys.isEmpty())
        m_preview->setPlainText(tr("The log has no outputs of %1 to preview with.").arg(name));
}

void PromptEditor::setInput(const QVariant &key, const QString &json)
{
    if (key != m_inputKey)
        return;
    m_inputJson = json;
    recompute();
}

void PromptEditor::setInputFailed(const QVariant &key, const QString &message)
{
    if (key != m_inputKey)
        return;
    m_preview->setPlainText(tr("No preview: %1").arg(message));
}

void PromptEditor::setSampledInputs(const QString &name, const QStringList &inputs, const QString &note)
{
    if (name != m_base.name)
        return;
    m_inputs = inputs;
    m_inputsNote = note;
    recompute();
}

void PromptEditor::draftSaved(const PromptDraft &draft)
{
    m_draft = draft; // later saves update this draft
    m_saveDraft->setText(tr("Save draft (draft-%1)").arg(draft.id));
}

void PromptEditor::versionSaved(const PromptVersion &version)
{
    m_taken << version.version;
    m_baseLabel->setText(tr("Saved <b>%1</b>.").arg(version.ref().toHtmlEscaped()));
}

void PromptEditor::saveVersion()
{
    const PromptVersion v = currentVersion();
    if (auto ok = checkNewVersion(v); !ok) {
        Q_EMIT problem(ok.error());
        return;
    }
    if (m_taken.contains(v.version)) {
        Q_EMIT problem(tr("%1 exists already; versions are never overwritten. Pick another version name.").arg(v.ref()));
        return;
    }
    if (m_registryIsTable) {
        // The table is the team's: writing to it is a deliberate act, never a side effect.
        const auto answer = QMessageBox::question(
            this, tr("Write to the team's prompt table?"),
            tr("Save %1 as a new row in the source database's prompt table? Assay otherwise only reads "
               "that database. Existing versions are not changed.").arg(v.ref()),
            QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Save)
            return;
    }
    Q_EMIT saveVersionRequested(v);
}

} // namespace assay
