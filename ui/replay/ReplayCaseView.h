#pragma once

#include <QTextBrowser>

namespace assay {

struct ReplayComparison;
struct ReplayComparisonRow;

// QtCore-side helpers kept here for the tests: the inline word diff of the logged output
// against a new one, as HTML (removed words struck through on red, added words on green).
QString wordDiffHtml(const QString &baseline, const QString &output);

// One case in full: its logged input, the baseline, and per target the new output with the
// inline word diff against the baseline, status, error and the token / cost / latency deltas.
class ReplayCaseView : public QTextBrowser {
    Q_OBJECT
public:
    explicit ReplayCaseView(QWidget *parent = nullptr);
    void showCase(const ReplayComparison &comparison, const ReplayComparisonRow &row);
    void clearCase();
};

} // namespace assay
