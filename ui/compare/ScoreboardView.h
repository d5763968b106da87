#pragma once

#include "eval/ComparisonSummary.h"

#include <QWidget>

class QLabel;

namespace assay {

// The interval of the scoreboard, drawn large.
class WinRateBar : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    void setTally(const WinTally &tally);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    WinTally m_tally;
};

// The answer first: the verdict in words, wins / losses / ties of B, the win rate with its
// interval drawn against 50%, then what the verdict rests on (pairs, exclusions, judges,
// position bias, agreement, how many more pairs would decide).
class ScoreboardView : public QWidget {
    Q_OBJECT
public:
    explicit ScoreboardView(QWidget *parent = nullptr);
    void setSummary(const ComparisonSummary &summary);
    void clear(const QString &message);

private:
    QLabel *m_sides = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_wins = nullptr;
    QLabel *m_losses = nullptr;
    QLabel *m_ties = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_details = nullptr;
    WinRateBar *m_bar = nullptr;
};

} // namespace assay
