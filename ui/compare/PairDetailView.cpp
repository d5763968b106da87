#include "compare/PairDetailView.h"

#include "prompts/DiffView.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString winnerWords(PairWinner winner)
{
    switch (winner) {
    case PairWinner::A:
        return QObject::tr("A better");
    case PairWinner::B:
        return QObject::tr("B better");
    case PairWinner::Tie:
        break;
    }
    return QObject::tr("tie");
}

QWidget *section(QLabel *header, QWidget *body, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    header->setTextFormat(Qt::PlainText);
    header->setWordWrap(true);
    layout->addWidget(header);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

PairDetailView::PairDetailView(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setObjectName(u"pairTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_promptHeader = new QLabel(this);
    m_promptHeader->setObjectName(u"pairPromptHeader"_s);
    m_outputHeader = new QLabel(this);
    m_outputHeader->setObjectName(u"pairOutputHeader"_s);
    m_promptDiff = new DiffView(this);
    m_promptDiff->setObjectName(u"pairPromptDiff"_s);
    m_outputDiff = new DiffView(this);
    m_outputDiff->setObjectName(u"pairOutputDiff"_s);
    m_verdicts = new QTreeWidget(this);
    m_verdicts->setObjectName(u"pairVerdicts"_s);
    m_verdicts->setRootIsDecorated(false);
    m_verdicts->setHeaderLabels({tr("Judge"), tr("Verdict"), tr("Note"), tr("Session"), tr("When")});
    m_verdicts->header()->setStretchLastSection(false);
    m_verdicts->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(section(m_promptHeader, m_promptDiff, this));
    split->addWidget(section(m_outputHeader, m_outputDiff, this));
    split->addWidget(section(new QLabel(tr("Verdicts"), this), m_verdicts, this));
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(split, 1);
    showMessage(tr("Pick a pair to see its prompt diff, output diff and verdicts."));
}

void PairDetailView::showMessage(const QString &message)
{
    m_title->setText(message);
    m_promptHeader->setText(tr("Prompt"));
    m_outputHeader->setText(tr("Output"));
    m_promptDiff->clear();
    m_outputDiff->clear();
    m_verdicts->clear();
}

void PairDetailView::showDetail(const PairDetail &d)
{
    if (!d.error.isEmpty() && d.sideA.isEmpty()) {
        showMessage(d.error);
        return;
    }
    m_title->setText(d.error.isEmpty() ? tr("Case %1").arg(d.caseNo + 1) : tr("Case %1 — %2").arg(d.caseNo + 1).arg(d.error));
    if (d.hasPromptDiff) {
        m_promptHeader->setText(tr("Prompt: %1 → %2 · %3").arg(d.promptRefA, d.promptRefB, diffHeaderText(d.promptDiff)));
        m_promptDiff->setDiff(d.promptDiff.diff.text, d.promptDiff.leftStyle, d.promptDiff.rightStyle);
    } else {
        const QString refs = d.promptRefA.isEmpty() && d.promptRefB.isEmpty()
                                 ? QString()
                                 : tr("%1 → %2: ").arg(d.promptRefA.isEmpty() ? tr("?") : d.promptRefA,
                                                      d.promptRefB.isEmpty() ? tr("?") : d.promptRefB);
        m_promptHeader->setText(tr("Prompt: %1no diff (%2)").arg(refs, d.promptNote));
        m_promptDiff->clear();
    }
    const TextDiff &o = d.outputDiff;
    m_outputHeader->setText(o.identical() ? tr("Output: A (%1) and B (%2) are identical").arg(d.sideA, d.sideB)
                                          : tr("Output: A (%1) ← → B (%2) · %3 lines only in A, %4 only in B")
                                                .arg(d.sideA, d.sideB)
                                                .arg(o.removedLines)
                                                .arg(o.addedLines));
    m_outputDiff->setDiff(o, TemplateStyle::DoubleBrace, TemplateStyle::DoubleBrace);
    m_verdicts->clear();
    for (const PairVerdictLine &v : d.verdicts) {
        auto *item = new QTreeWidgetItem(m_verdicts);
        item->setText(0, v.judge);
        item->setText(1, v.counted ? winnerWords(v.winner) : tr("no vote"));
        item->setText(2, v.note);
        item->setToolTip(2, v.note);
        item->setText(3, v.session);
        item->setText(4, QLocale().toString(v.createdAt.toLocalTime(), QLocale::ShortFormat));
    }
    if (d.verdicts.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_verdicts);
        item->setText(0, tr("No one (and no judge model) has judged this pair yet."));
        item->setFirstColumnSpanned(true);
    }
}

} // namespace assay
