#include "prompts/PromptsPage.h"

#include "common/WorkerThread.h"

#include "prompts/DiffPanel.h"
#include "prompts/PromptEditor.h"
#include "prompts/PromptHighlighter.h"
#include "prompts/PromptsWorker.h"
#include "prompts/VersionMeta.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum Column { ColVersion, ColCreated, ColAuthor, ColModel, ColLabels, ColOutputs, ColFirst, ColLast, ColFeedback, ColNote, ColCount };
constexpr int RefRole = Qt::UserRole + 1;

QString day(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"yyyy-MM-dd"_s) : QString();
}

QString percent(double share)
{
    return QString::number(qRound(share * 100.0)) + u'%';
}

} // namespace

PromptsPage::PromptsPage(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<PromptVersion>();
    qRegisterMetaType<PromptDraft>();
    qRegisterMetaType<QList<PromptVersion>>();
    qRegisterMetaType<QList<PromptUsage>>();
    qRegisterMetaType<QList<PromptDraft>>();

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"promptTree"_s);
    m_tree->setColumnCount(ColCount);
    m_tree->setHeaderLabels({tr("Prompt / version"), tr("Created"), tr("Author"), tr("Model"), tr("Labels"),
                             tr("Outputs"), tr("First seen"), tr("Last seen"), tr("Feedback + / − / edited"), tr("Note")});
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setToolTip(tr("Select one version to read it, two to compare them."));
    m_registryLabel = new QLabel(this);
    m_registryLabel->setObjectName(u"registryLabel"_s);
    m_notes = new QLabel(this);
    m_notes->setObjectName(u"promptNotes"_s);
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet(u"color: #8a5a00;"_s);
    m_notes->hide();

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_registryLabel);
    leftLayout->addWidget(m_tree, 1);
    leftLayout->addWidget(m_notes);

    // The version tab: metadata, then the text.
    auto *versionTab = new QWidget(this);
    m_meta = new QLabel(versionTab);
    m_meta->setObjectName(u"versionMeta"_s);
    m_meta->setWordWrap(true);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text = new QPlainTextEdit(versionTab);
    m_text->setObjectName(u"versionText"_s);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_highlighter = new PromptHighlighter(m_text->document());
    m_newVersion = new QPushButton(tr("New version from this…"), versionTab);
    m_newVersion->setObjectName(u"newVersionButton"_s);
    m_newVersion->setEnabled(false);
    auto *vl = new QVBoxLayout(versionTab);
    auto *top = new QHBoxLayout;
    top->addWidget(m_meta, 1);
    top->addWidget(m_newVersion, 0, Qt::AlignTop);
    vl->addLayout(top);
    vl->addWidget(m_text, 1);

    m_diff = new DiffPanel(this);
    m_diff->setObjectName(u"diffPanel"_s);
    m_editor = new PromptEditor(this);
    m_editor->setObjectName(u"promptEditor"_s);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"promptTabs"_s);
    m_tabs->addTab(versionTab, tr("Version"));
    m_tabs->addTab(m_diff, tr("Diff"));
    m_tabs->addTab(m_editor, tr("New version"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({520, 900}); // the tree's usage columns need room
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    m_worker = new PromptsWorker;
    m_worker->moveToThread(&m_thread);
    m_interrupter = m_worker->interrupter();
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(u"assay-prompts"_s);
    m_thread.start();

    connect(m_worker, &PromptsWorker::loaded, this, &PromptsPage::onLoaded);
    connect(m_worker, &PromptsWorker::openFailed, this, [this](const QString &message) {
        m_registryLabel->setText(tr("Could not open the source: %1").arg(message));
        Q_EMIT problem(message);
    });
    connect(m_worker, &PromptsWorker::problem, this, &PromptsPage::problem);
    connect(m_worker, &PromptsWorker::recentOutputsReady, m_editor, &PromptEditor::setRecentOutputs);
    connect(m_worker, &PromptsWorker::inputReady, m_editor, &PromptEditor::setInput);
    connect(m_worker, &PromptsWorker::inputFailed, m_editor, &PromptEditor::setInputFailed);
    connect(m_worker, &PromptsWorker::inputsSampled, m_editor, &PromptEditor::setSampledInputs);
    connect(m_worker, &PromptsWorker::draftSaved, this, [this](const PromptDraft &draft) {
        m_editor->draftSaved(draft);
        bool replaced = false;
        for (PromptDraft &d : m_drafts) {
            if (d.id == draft.id) {
                d = draft;
                replaced = true;
            }
        }
        if (!replaced)
            m_drafts.prepend(draft);
        rebuildTree();
    });
    connect(m_worker, &PromptsWorker::versionSaved, m_editor, &PromptEditor::versionSaved);

    PromptsWorker *worker = m_worker;
    connect(m_editor, &PromptEditor::recentOutputsWanted, worker,
            [worker](const QString &name) { worker->loadRecentOutputs(name, 12); });
    connect(m_editor, &PromptEditor::inputWanted, worker, [worker](const QVariant &key) { worker->fetchInput(key); });
    connect(m_editor, &PromptEditor::sampleWanted, worker, [worker](const QString &name) { worker->sampleInputs(name, 200); });
    connect(m_editor, &PromptEditor::saveDraftRequested, worker, [worker](const PromptDraft &d) { worker->saveDraft(d); });
    connect(m_editor, &PromptEditor::saveVersionRequested, worker,
            [worker](const PromptVersion &v) { worker->saveVersion(v); });
    connect(m_editor, &PromptEditor::problem, this, &PromptsPage::problem);

    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &PromptsPage::onSelectionChanged);
    connect(m_newVersion, &QPushButton::clicked, this, [this] { startNewVersion(m_current); });
    // Double-clicking a draft goes back to writing it.
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const QString ref = item->data(0, RefRole).toString();
        for (const PromptDraft &d : std::as_const(m_drafts)) {
            if (d.toVersion().ref() == ref)
                continueDraft(d);
        }
    });
}

PromptsPage::~PromptsPage()
{
    stopWorkerThread(m_thread, m_interrupter.get());
}

void PromptsPage::openSource(const SessionSpec &spec, const QString &registry)
{
    m_registryLabel->setText(tr("Loading prompts…"));
    PromptsWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, spec, registry] { worker->open(spec, registry); }, Qt::QueuedConnection);
}

void PromptsPage::reload()
{
    PromptsWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->reload(); }, Qt::QueuedConnection);
}

void PromptsPage::onLoaded(const QList<PromptVersion> &versions, const QList<PromptUsage> &usage,
                           const QList<PromptDraft> &drafts, const QString &registry, bool isTable,
                           const QStringList &notes)
{
    m_versions = versions;
    m_usage = usage;
    m_drafts = drafts;
    m_registry = registry;
    m_registryIsTable = isTable;
    m_registryLabel->setText(registry.isEmpty() ? tr("No prompt registry") : tr("Registry: %1").arg(registry));
    m_notes->setText(notes.join(u'\n'));
    m_notes->setVisible(!notes.isEmpty());
    rebuildTree();
    Q_EMIT loaded();
}

QList<PromptVersion> PromptsPage::allVersions() const
{
    QList<PromptVersion> all = m_versions;
    for (const PromptDraft &d : m_drafts)
        all << d.toVersion();
    return all;
}

const PromptVersion *PromptsPage::findRef(const QString &ref) const
{
    for (const PromptVersion &v : m_versions) {
        if (v.ref() == ref)
            return &v;
    }
    return nullptr;
}

void PromptsPage::rebuildTree()
{
    const QString keep = m_current;
    m_tree->clear();
    QMap<QString, QTreeWidgetItem *> roots;
    auto rootFor = [&](const QString &name) {
        if (QTreeWidgetItem *r = roots.value(name))
            return r;
        auto *r = new QTreeWidgetItem(m_tree, {name});
        QFont f = r->font(0);
        f.setBold(true);
        r->setFont(0, f);
        r->setFlags(Qt::ItemIsEnabled); // a name is not a version: selecting picks versions only
        roots.insert(name, r);
        return r;
    };
    auto fillUsage = [](QTreeWidgetItem *item, const PromptUsage *u) {
        if (!u)
            return;
        item->setText(ColOutputs, QLocale().toString(u->outputs));
        item->setText(ColFirst, day(u->firstSeen));
        item->setText(ColLast, day(u->lastSeen));
        if (u->hasFeedback)
            item->setText(ColFeedback, percent(u->positiveRate()) + u" / "_s + percent(u->negativeRate()) + u" / "_s
                                           + percent(u->editedRate()));
    };
    QHash<QString, qint64> outputsPerName;
    for (const PromptVersion &v : std::as_const(m_versions)) {
        auto *item = new QTreeWidgetItem(rootFor(v.name));
        item->setText(ColVersion, v.version);
        item->setText(ColCreated, day(v.createdAt));
        item->setText(ColAuthor, v.author);
        item->setText(ColModel, v.model);
        item->setText(ColLabels, v.labels.join(u", "_s));
        item->setText(ColNote, v.note);
        item->setToolTip(ColNote, v.note);
        item->setData(0, RefRole, v.ref());
        const PromptUsage *u = findUsage(m_usage, v.name, v.version);
        fillUsage(item, u);
        outputsPerName[v.name] += u ? u->outputs : 0;
    }
    // Versions the log used that the registry does not have: still worth seeing.
    for (const PromptUsage &u : std::as_const(m_usage)) {
        if (findRef(u.name + u'@' + u.version) || (u.version.isEmpty() && roots.contains(u.name)))
            continue;
        auto *item = new QTreeWidgetItem(rootFor(u.name));
        item->setText(ColVersion, u.version.isEmpty() ? tr("(no version)") : u.version);
        item->setText(ColNote, tr("in the log, not in the registry"));
        item->setFlags(Qt::ItemIsEnabled);
        fillUsage(item, &u);
        outputsPerName[u.name] += u.outputs;
    }
    for (const PromptDraft &d : std::as_const(m_drafts)) {
        const PromptVersion v = d.toVersion();
        auto *item = new QTreeWidgetItem(rootFor(d.name));
        item->setText(ColVersion, tr("%1 (draft of %2)").arg(v.version, d.baseVersion));
        item->setText(ColCreated, day(d.updatedAt));
        item->setText(ColAuthor, d.author);
        item->setText(ColModel, d.model);
        item->setText(ColNote, d.note);
        item->setData(0, RefRole, v.ref());
        item->setForeground(ColVersion, QColor(0x1f, 0x6f, 0xb2));
    }
    for (auto it = roots.cbegin(); it != roots.cend(); ++it) {
        it.value()->setText(ColOutputs, QLocale().toString(outputsPerName.value(it.key())));
        it.value()->setExpanded(true);
    }
    m_diff->setVersions(allVersions());
    if (!keep.isEmpty())
        selectVersion(keep);
}

bool PromptsPage::selectVersion(const QString &ref)
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->data(0, RefRole).toString() == ref) {
            m_tree->setCurrentItem(*it);
            return true;
        }
    }
    return false;
}

QString PromptsPage::previousRef(const PromptVersion &v) const
{
    QString previous;
    for (const PromptVersion &o : m_versions) {
        if (o.name != v.name)
            continue;
        if (o.version == v.version)
            return previous;
        previous = o.ref();
    }
    return previous;
}

void PromptsPage::onSelectionChanged()
{
    QStringList refs;
    for (QTreeWidgetItem *item : m_tree->selectedItems()) {
        if (const QString ref = item->data(0, RefRole).toString(); !ref.isEmpty())
            refs << ref;
    }
    const QList<PromptVersion> all = allVersions();
    auto byRef = [&](const QString &ref) -> const PromptVersion * {
        for (const PromptVersion &v : all) {
            if (v.ref() == ref)
                return &v;
        }
        return nullptr;
    };
    if (refs.size() == 1) {
        if (const PromptVersion *v = byRef(refs.first())) {
            showVersion(*v);
            // The diff tab follows: what this version changed from the one before it.
            const QString before = v->origin == PromptOrigin::Draft ? QString() : previousRef(*v);
            if (!before.isEmpty())
                m_diff->compare(before, v->ref());
        }
    } else if (refs.size() == 2) {
        // Older first: the tree lists versions oldest first, drafts last.
        m_diff->compare(refs.at(0), refs.at(1));
        m_tabs->setCurrentWidget(m_diff);
    }
}

void PromptsPage::showVersion(const PromptVersion &v)
{
    m_current = v.ref();
    const PromptTemplate tpl = PromptTemplate::parse(v.template_);
    m_meta->setText(versionMetaHtml(v, tpl));
    m_highlighter->setTemplateStyle(tpl.style());
    m_text->setPlainText(v.template_);
    m_newVersion->setEnabled(v.origin != PromptOrigin::Draft);
    m_tabs->setCurrentIndex(0);
}

void PromptsPage::continueDraft(const PromptDraft &draft)
{
    const PromptVersion *base = findRef(draft.name + u'@' + draft.baseVersion);
    PromptVersion empty;
    empty.name = draft.name;
    empty.version = draft.baseVersion;
    m_editor->openDraft(draft, base ? *base : empty, takenVersions(draft.name), m_registryIsTable);
    m_tabs->setCurrentWidget(m_editor);
}

QStringList PromptsPage::takenVersions(const QString &name) const
{
    QStringList taken;
    for (const PromptVersion &v : m_versions) {
        if (v.name == name)
            taken << v.version;
    }
    return taken;
}

void PromptsPage::startNewVersion(const QString &baseRef)
{
    const QList<PromptVersion> all = allVersions();
    const PromptVersion *base = nullptr;
    for (const PromptVersion &v : all) {
        if (v.ref() == baseRef)
            base = &v;
    }
    if (!base)
        return;
    m_editor->startFrom(*base, takenVersions(base->name), m_registryIsTable);
    m_tabs->setCurrentWidget(m_editor);
}

} // namespace assay
