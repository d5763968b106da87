#pragma once

#include "compare/CompareTypes.h"
#include "judging/JudgingTypes.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace assay {

// Starts a blind judging session from a replay run: the run, sides A and B, how many pairs and
// the seed that draws them and their left/right sides. OK emits requested(); the dialog stays
// open until the page says the session was created (or shows why not).
class NewJudgingDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewJudgingDialog(QWidget *parent = nullptr);

    // `runId`, `sideA`, `sideB`: what to preselect (0 / empty: the newest run, baseline against target 1).
    void setRuns(const QList<CompareRunChoice> &runs, qint64 runId = 0, const QString &sideA = {}, const QString &sideB = {});
    JudgingRequest request() const;
    void showFailure(const QString &message);

    QComboBox *runBox() const { return m_run; }
    QComboBox *sideABox() const { return m_a; }
    QComboBox *sideBBox() const { return m_b; }
    QSpinBox *sizeBox() const { return m_size; }
    QSpinBox *seedBox() const { return m_seed; }
    QLineEdit *nameEdit() const { return m_name; }

Q_SIGNALS:
    void requested(const assay::JudgingRequest &request);

private:
    void fillSides();
    void validate();

    QList<CompareRunChoice> m_runs;
    QComboBox *m_run = nullptr;
    QComboBox *m_a = nullptr;
    QComboBox *m_b = nullptr;
    QSpinBox *m_size = nullptr;
    QSpinBox *m_seed = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace assay
