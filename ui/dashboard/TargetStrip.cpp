#include "dashboard/TargetStrip.h"

#include "common/ToneColors.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int kGaugesPerRow = 4;

QColor verdictColor(TargetVerdict verdict, const QPalette &palette)
{
    switch (verdict) {
    case TargetVerdict::Breached: return badColor(palette);
    case TargetVerdict::Met: return goodColor(palette);
    case TargetVerdict::AtRisk: return QColor(0xd9, 0x8c, 0x00);
    case TargetVerdict::NotEnoughData: return palette.color(QPalette::Disabled, QPalette::Text);
    }
    return palette.color(QPalette::Text);
}

// What the scale measures: the share the interval is judged on (p95: of calls slower than the
// limit, against 5%), or the cost per call.
double limitOnScale(const TargetStatus &s)
{
    return s.target.metric == TargetMetric::CostPerCall ? s.target.limit : s.threshold;
}

QString headline(const TargetStatus &s)
{
    return u"%1 ≤ %2: %3"_s.arg(s.target.subject(), s.target.describeLimit(), targetVerdictName(s.verdict));
}

} // namespace

TargetGauge::TargetGauge(const TargetStatus &status, QWidget *parent) : QWidget(parent), m_status(status)
{
    setObjectName(u"targetGauge"_s);
    QString tip = m_status.observedText();
    if (const QString decide = m_status.decisionText(); !decide.isEmpty())
        tip += u"\n"_s + decide;
    tip += u"\nWindow: %1 ending %2"_s.arg(windowName(m_status.target.windowSeconds),
                                          m_status.until.toLocalTime().toString(u"ddd d MMM HH:mm"_s));
    setToolTip(tip);
    setAccessibleName(headline(m_status));
    setAccessibleDescription(tip);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize TargetGauge::sizeHint() const
{
    return {280, fontMetrics().height() * 2 + 18};
}

QSize TargetGauge::minimumSizeHint() const
{
    return {160, sizeHint().height()};
}

void TargetGauge::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor tone = verdictColor(m_status.verdict, pal);
    const QFontMetrics fm = fontMetrics();
    const QRect textRect(0, 0, width(), fm.height());
    p.setPen(pal.color(QPalette::Text));
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(headline(m_status), Qt::ElideMiddle, width()));

    const double limit = limitOnScale(m_status);
    double top = std::max(limit * 2, 1e-9);
    if (m_status.interval)
        top = std::max(top, m_status.interval->high * 1.1);
    if (m_status.observed)
        top = std::max(top, *m_status.observed * 1.1);
    if (m_status.target.metric != TargetMetric::CostPerCall)
        top = std::min(top, 1.0);
    const int left = 2;
    const int span = std::max(1, width() - 4);
    const auto x = [&](double v) { return left + int(std::clamp(v / top, 0.0, 1.0) * span); };
    const int barY = fm.height() + 6;
    const int barH = 8;

    // The track, the interval, the measured value, the limit.
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Midlight));
    p.drawRoundedRect(QRect(left, barY, span, barH), 3, 3);
    if (m_status.interval) {
        QColor band = tone;
        band.setAlpha(150);
        p.setBrush(band);
        const int a = x(m_status.interval->low), b = x(m_status.interval->high);
        p.drawRoundedRect(QRect(a, barY, std::max(2, b - a), barH), 3, 3);
    }
    if (m_status.observed) {
        p.setBrush(tone.darker(130));
        p.drawEllipse(QPoint(x(*m_status.observed), barY + barH / 2), 5, 5);
    }
    p.setPen(QPen(pal.color(QPalette::Text), 2));
    p.drawLine(x(limit), barY - 4, x(limit), barY + barH + 4);

    p.setPen(pal.color(QPalette::PlaceholderText));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    const QString figure = m_status.observed ? m_status.observedText().section(u" of "_s, 0, 0)
                                             : m_status.observedText();
    p.drawText(QRect(0, barY + barH + 2, width(), height() - barY - barH - 2), Qt::AlignLeft | Qt::AlignTop,
               QFontMetrics(small).elidedText(figure, Qt::ElideRight, width()));
}

TargetStrip::TargetStrip(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"targetStrip"_s);
    setFrameShape(QFrame::StyledPanel);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 6, 8, 6);
    auto *title = new QLabel(tr("<b>Quality targets</b> — the bar is the 95% interval, the dot the measured "
                                "value, the line the limit"));
    title->setTextFormat(Qt::RichText);
    outer->addWidget(title);
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(16);
    outer->addLayout(m_grid);
    m_problem = new QLabel;
    m_problem->setObjectName(u"targetProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();
    outer->addWidget(m_problem);
    hide();
}

void TargetStrip::setStatuses(const QList<TargetStatus> &statuses)
{
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_lines.clear();
    m_problem->hide();
    for (qsizetype i = 0; i < statuses.size(); ++i) {
        const TargetStatus &s = statuses.at(i);
        m_grid->addWidget(new TargetGauge(s), int(i / kGaugesPerRow), int(i % kGaugesPerRow));
        QString line = headline(s) + u"; "_s + s.observedText();
        if (const QString decide = s.decisionText(); !decide.isEmpty())
            line += u"; "_s + decide;
        m_lines << line;
    }
    setVisible(!statuses.isEmpty());
}

void TargetStrip::setProblem(const QString &message)
{
    setStatuses({});
    m_problem->setText(tr("Quality targets could not be checked: %1").arg(message));
    m_problem->show();
    m_lines << m_problem->text();
    show();
}

} // namespace assay
