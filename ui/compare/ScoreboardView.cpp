#include "compare/ScoreboardView.h"

#include "compare/CompareText.h"
#include "compare/WinRatePainter.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace assay {

void WinRateBar::setTally(const WinTally &tally)
{
    m_tally = tally;
    update();
}

QSize WinRateBar::sizeHint() const
{
    return {360, 28};
}

void WinRateBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect area = rect().adjusted(0, 0, 0, -fontMetrics().height());
    paintWinRate(p, area, palette(), m_tally.winRate, m_tally.ci.low, m_tally.ci.high, m_tally.decisive() > 0);
    // The axis' ends and middle, so the bar reads as a percentage.
    p.setPen(palette().color(QPalette::WindowText));
    const int y = rect().bottom() - fontMetrics().descent();
    p.drawText(QPoint(area.left() + 2, y), u"0%"_s);
    const QString half = u"50%"_s;
    p.drawText(QPoint(area.center().x() - fontMetrics().horizontalAdvance(half) / 2, y), half);
    const QString full = u"100%"_s;
    p.drawText(QPoint(area.right() - fontMetrics().horizontalAdvance(full) - 2, y), full);
}

ScoreboardView::ScoreboardView(QWidget *parent) : QWidget(parent)
{
    const auto label = [this](const QString &name) {
        auto *l = new QLabel(this);
        l->setObjectName(name);
        l->setTextFormat(Qt::PlainText);
        return l;
    };
    m_sides = label(u"scoreSides"_s);
    m_sides->setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_verdict = label(u"scoreVerdict"_s);
    m_wins = label(u"scoreWins"_s);
    m_losses = label(u"scoreLosses"_s);
    m_ties = label(u"scoreTies"_s);
    m_rate = label(u"scoreRate"_s);
    m_reason = label(u"scoreReason"_s);
    m_reason->setWordWrap(true);
    m_details = label(u"scoreDetails"_s);
    m_details->setWordWrap(true);
    m_bar = new WinRateBar(this);
    m_bar->setObjectName(u"scoreBar"_s);
    m_bar->setMinimumHeight(44);

    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setBold(true);
    m_verdict->setFont(big);
    QFont figure = font();
    figure.setPointSizeF(figure.pointSizeF() * 1.5);
    figure.setBold(true);
    for (QLabel *l : {m_wins, m_losses, m_ties})
        l->setFont(figure);

    const auto caption = [this](const QString &text) { return new QLabel(text, this); };
    auto *grid = new QGridLayout(this);
    grid->addWidget(m_sides, 0, 0, 1, 4);
    grid->addWidget(m_verdict, 1, 0, 1, 4);
    grid->addWidget(m_wins, 2, 0);
    grid->addWidget(m_losses, 2, 1);
    grid->addWidget(m_ties, 2, 2);
    grid->addWidget(m_bar, 2, 3, 2, 1);
    grid->addWidget(caption(tr("B wins")), 3, 0);
    grid->addWidget(caption(tr("B loses")), 3, 1);
    grid->addWidget(caption(tr("ties")), 3, 2);
    grid->addWidget(m_rate, 4, 3);
    grid->addWidget(m_reason, 5, 0, 1, 4);
    grid->addWidget(m_details, 6, 0, 1, 4);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(7, 1);
    grid->setHorizontalSpacing(18);
    clear(tr("Pick a replay run and two sides."));
}

void ScoreboardView::clear(const QString &message)
{
    m_sides->setText(message);
    for (QLabel *l : {m_verdict, m_wins, m_losses, m_ties, m_rate, m_reason, m_details})
        l->clear();
    m_bar->setTally({});
}

void ScoreboardView::setSummary(const ComparisonSummary &s)
{
    m_sides->setText(tr("B: %1\nA: %2\nRun %3 · judges: %4").arg(s.sideB, s.sideA).arg(s.runId).arg(s.judges));
    m_verdict->setText(comparisonVerdictText(s.verdict));
    QPalette verdictPalette = palette();
    if (s.verdict == ComparisonVerdict::Better)
        verdictPalette.setColor(QPalette::WindowText, goodColor(palette()));
    else if (s.verdict == ComparisonVerdict::Worse)
        verdictPalette.setColor(QPalette::WindowText, badColor(palette()));
    m_verdict->setPalette(verdictPalette);
    const WinTally &t = s.overall;
    m_wins->setText(QString::number(t.wins));
    m_losses->setText(QString::number(t.losses));
    m_ties->setText(QString::number(t.ties));
    m_bar->setTally(t);
    m_rate->setText(t.decisive() == 0 ? tr("No decisive verdicts yet.")
                                      : tr("B won %1 of %2 decisive pairs (95% CI %3–%4)%5")
                                            .arg(percentText(t.winRate))
                                            .arg(t.decisive())
                                            .arg(percentText(t.ci.low), percentText(t.ci.high))
                                            .arg(s.family > 1 ? tr(" · Holm-adjusted %1").arg(pStatement(t.adjustedP)) : QString()));
    m_reason->setText(s.reason);
    QStringList details;
    details << tr("%1 pairs of %2 cases; %3 judged").arg(s.pairs).arg(s.cases).arg(s.judged);
    if (s.excluded.total() > 0)
        details << tr("excluded: %1 failed, %2 render errors, %3 pending, %4 baseline unreadable")
                       .arg(s.excluded.failed)
                       .arg(s.excluded.renderErrors)
                       .arg(s.excluded.pending)
                       .arg(s.excluded.missingBaseline);
    if (s.decisiveHumanVerdicts > 0)
        details << tr("position bias: the left side won %1 of %2 decisive verdicts (%3)")
                       .arg(s.leftChosen)
                       .arg(s.decisiveHumanVerdicts)
                       .arg(percentText(double(s.leftChosen) / double(s.decisiveHumanVerdicts)));
    if (s.peopleKappa)
        details << tr("agreement between %1 people on %2 pairs: %3 kappa %4")
                       .arg(s.people.size())
                       .arg(s.pairsJudgedByTwo)
                       .arg(s.peopleKappaMethod == "fleiss"_L1 ? tr("Fleiss'") : tr("Cohen's"))
                       .arg(QLocale().toString(*s.peopleKappa, 'f', 2));
    if (t.morePairs && *t.morePairs > 0)
        details << tr("about %1 more decisive pairs at this rate would decide it").arg(*t.morePairs);
    m_details->setText(details.join(u"\n"_s));
}

} // namespace assay
