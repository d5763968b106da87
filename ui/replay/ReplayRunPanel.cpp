#include "replay/ReplayRunPanel.h"

#include "util/Money.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr int newestKept = 50; // the stream is a glimpse; the results table holds everything

QString duration(double seconds)
{
    const qint64 s = qRound64(seconds);
    if (s < 60)
        return QObject::tr("%1 s").arg(s);
    if (s < 3600)
        return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

bool resumable(const ReplayRunRow &run)
{
    return run.tally.pending() > 0 && run.info.status != ReplayRunStatus::Done;
}

} // namespace

ReplayRunPanel::ReplayRunPanel(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setObjectName(u"replayRunTitle"_s);
    m_title->setWordWrap(true);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"replayProgress"_s);
    m_stats = new QLabel(this);
    m_stats->setObjectName(u"replayStats"_s);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(u"replayOutcome"_s);
    m_outcome->setWordWrap(true);
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setObjectName(u"replayPause"_s);
    m_resume = new QPushButton(tr("Resume"), this);
    m_resume->setObjectName(u"replayResume"_s);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(u"replayCancel"_s);
    m_cancel->setToolTip(tr("No new calls; calls in flight are dropped and stay pending, so the run can be resumed."));
    m_newest = new QListWidget(this);
    m_newest->setObjectName(u"replayNewest"_s);
    m_newest->setMaximumHeight(110);
    m_newest->setToolTip(tr("The newest results, as they are stored"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_bar, 1);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(buttons);
    layout->addWidget(m_stats);
    layout->addWidget(m_outcome);
    layout->addWidget(m_newest);

    connect(m_pause, &QPushButton::clicked, this, &ReplayRunPanel::pauseClicked);
    connect(m_resume, &QPushButton::clicked, this, &ReplayRunPanel::resumeClicked);
    connect(m_cancel, &QPushButton::clicked, this, &ReplayRunPanel::cancelClicked);
    clearRun();
}

void ReplayRunPanel::clearRun()
{
    m_title->setText(tr("<b>Replay</b> — choose a run, or start one with <i>New replay…</i>"));
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_stats->clear();
    setFinished({});
    m_newest->clear();
    m_runId = 0;
    m_pause->setEnabled(false);
    m_resume->setEnabled(false);
    m_cancel->setEnabled(false);
}

void ReplayRunPanel::showRun(const ReplayRunRow &run, bool live, bool paused)
{
    QStringList targets;
    for (const ReplayTarget &t : run.info.spec.targets)
        targets << t.label().toHtmlEscaped();
    const bool interrupted = !live && run.info.status == ReplayRunStatus::Running;
    const QString status = interrupted ? tr("interrupted") : (live && paused ? tr("paused") : replayRunStatusName(run.info.status));
    m_title->setText(tr("<b>Run %1</b> — %2 — %3").arg(run.info.id).arg(status, targets.join(u"; "_s)));
    const ReplayTally &t = run.tally;
    m_bar->setRange(0, static_cast<int>(std::max<qint64>(1, t.calls)));
    m_bar->setValue(static_cast<int>(t.recorded()));
    const QLocale locale;
    m_stats->setText(tr("%1 ok, %2 failed, %3 remaining — spent %4")
                         .arg(locale.toString(t.ok), locale.toString(t.failed + t.renderErrors),
                              locale.toString(t.pending()), formatUsd(t.spentUsd)));
    setFinished(interrupted ? tr("This run stopped without finishing (the app closed or crashed): Resume "
                                 "continues it without calling a completed case again.")
                            : QString());
    if (run.info.id != m_runId)
        m_newest->clear();
    m_runId = run.info.id;
    m_pause->setEnabled(live && !paused);
    m_resume->setEnabled(live ? paused : resumable(run));
    m_cancel->setEnabled(live);
}

void ReplayRunPanel::setProgress(const ReplayProgress &p)
{
    const QLocale locale;
    m_bar->setRange(0, static_cast<int>(std::max<qint64>(1, p.total)));
    m_bar->setValue(static_cast<int>(p.done + p.failed));
    QString text = tr("%1 done, %2 failed, %3 remaining (%4 in flight) — %5 calls/s")
                       .arg(locale.toString(p.done), locale.toString(p.failed), locale.toString(p.remaining),
                            locale.toString(p.inFlight), QString::number(p.callsPerSecond, 'f', 1));
    if (p.etaSeconds)
        text += tr(", about %1 left").arg(duration(*p.etaSeconds));
    text += tr(" — spent %1").arg(formatUsd(p.spentUsd));
    if (p.fromCache > 0)
        text += tr(" (%1 from the cache)").arg(locale.toString(p.fromCache));
    m_stats->setText(text);
}

void ReplayRunPanel::addResult(const ReplayResult &result, const QString &targetLabel)
{
    QString line = u"#%1 %2 · %3 · "_s.arg(result.caseNo + 1).arg(result.outputKey, targetLabel);
    if (result.status == ReplayResultStatus::Ok)
        line += result.output.simplified().left(200);
    else
        line += replayResultStatusName(result.status) + u": "_s + result.error.simplified().left(200);
    m_newest->insertItem(0, line);
    while (m_newest->count() > newestKept)
        delete m_newest->takeItem(m_newest->count() - 1);
}

void ReplayRunPanel::setFinished(const QString &text)
{
    m_outcome->setText(text);
    m_outcome->setVisible(!text.isEmpty());
}

} // namespace assay
