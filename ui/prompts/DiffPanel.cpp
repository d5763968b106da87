#include "prompts/DiffPanel.h"

#include "prompts/DiffView.h"
#include "prompts/OffThread.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

DiffPanel::DiffPanel(QWidget *parent) : QWidget(parent)
{
    m_pool.setMaxThreadCount(1);
    m_left = new QComboBox(this);
    m_left->setObjectName(u"diffLeftCombo"_s);
    m_right = new QComboBox(this);
    m_right->setObjectName(u"diffRightCombo"_s);
    for (QComboBox *c : {m_left, m_right}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        c->setMinimumContentsLength(18);
    }
    m_ignoreWhitespace = new QCheckBox(tr("Ignore white space"), this);
    m_ignoreWhitespace->setObjectName(u"ignoreWhitespaceCheck"_s);
    m_unified = new QCheckBox(tr("Unified"), this);
    m_unified->setObjectName(u"unifiedCheck"_s);
    m_copy = new QPushButton(tr("Copy as unified diff"), this);
    m_copy->setObjectName(u"copyUnifiedButton"_s);
    m_header = new QLabel(this);
    m_header->setObjectName(u"diffHeader"_s);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_view = new DiffView(this);
    m_view->setObjectName(u"diffView"_s);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_left);
    bar->addWidget(new QLabel(u"→"_s, this));
    bar->addWidget(m_right);
    bar->addSpacing(12);
    bar->addWidget(m_ignoreWhitespace);
    bar->addWidget(m_unified);
    bar->addStretch(1);
    bar->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_header);
    layout->addWidget(m_view, 1);

    connect(m_left, &QComboBox::currentIndexChanged, this, [this] { if (!m_filling) recompute(); });
    connect(m_right, &QComboBox::currentIndexChanged, this, [this] { if (!m_filling) recompute(); });
    connect(m_ignoreWhitespace, &QCheckBox::toggled, this, &DiffPanel::recompute);
    connect(m_unified, &QCheckBox::toggled, m_view, &DiffView::setUnified);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_result.unified);
    });
}

DiffPanel::~DiffPanel()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void DiffPanel::fillCombo(QComboBox *combo, const QString &keep)
{
    combo->clear();
    for (int i = 0; i < m_versions.size(); ++i) {
        const PromptVersion &v = m_versions.at(i);
        QString text = v.ref();
        if (v.origin == PromptOrigin::Draft)
            text += tr(" (draft)");
        combo->addItem(text, v.ref());
    }
    const int at = combo->findData(keep);
    combo->setCurrentIndex(at >= 0 ? at : -1);
}

void DiffPanel::setVersions(const QList<PromptVersion> &versions)
{
    const QString left = m_left->currentData().toString();
    const QString right = m_right->currentData().toString();
    m_filling = true;
    m_versions = versions;
    fillCombo(m_left, left);
    fillCombo(m_right, right);
    m_filling = false;
    recompute();
}

void DiffPanel::compare(const QString &leftRef, const QString &rightRef)
{
    m_filling = true;
    m_left->setCurrentIndex(m_left->findData(leftRef));
    m_right->setCurrentIndex(m_right->findData(rightRef));
    m_filling = false;
    recompute();
}

const PromptVersion *DiffPanel::pick(QComboBox *combo) const
{
    const QString ref = combo->currentData().toString();
    for (const PromptVersion &v : m_versions) {
        if (v.ref() == ref)
            return &v;
    }
    return nullptr;
}

QString DiffPanel::headerText() const
{
    return m_header->text();
}

void DiffPanel::recompute()
{
    const PromptVersion *a = pick(m_left);
    const PromptVersion *b = pick(m_right);
    const quint64 generation = ++m_generation;
    if (!a || !b) {
        m_result = {};
        m_view->clear();
        m_header->setText(tr("Pick two versions to compare."));
        return;
    }
    m_header->setText(tr("Comparing…"));
    runOffThread(m_pool, this,
                 [before = *a, after = *b, ws = m_ignoreWhitespace->isChecked(), generation] {
                     return computeDiff(before, after, ws, generation);
                 },
                 [this](DiffResult r) {
                     if (r.generation != m_generation)
                         return; // a newer pick is on its way
                     m_result = std::move(r);
                     m_header->setText(diffHeaderText(m_result));
                     m_view->setDiff(m_result.diff.text, m_result.leftStyle, m_result.rightStyle);
                     Q_EMIT diffReady();
                 });
}

} // namespace assay
