#pragma once

#include "judging/JudgingTypes.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace assay {

// "Judge with a model…" for one judging session: the judge (provider, model, base URL), what it
// weighs (criteria) and how it is asked (the rubric, editable, or loaded from a file), its
// output limit and a budget. Nothing is stored or sent before the user has seen the estimate
// for exactly these settings: Start is enabled only by an estimate of the current ones, and any
// edit disables it again. Start emits startRequested(); the page runs the judge on the Replay tab.
class JudgeModelDialog : public QDialog {
    Q_OBJECT
public:
    explicit JudgeModelDialog(const QString &session, QWidget *parent = nullptr);

    JudgeModelRequest request() const;
    void showEstimate(const JudgeModelEstimate &estimate);
    void showFailure(const QString &message);

    QComboBox *providerBox() const { return m_provider; }
    QLineEdit *modelEdit() const { return m_model; }
    QLineEdit *baseUrlEdit() const { return m_baseUrl; }
    QLineEdit *criteriaEdit() const { return m_criteria; }
    QPlainTextEdit *rubricEdit() const { return m_rubric; }
    QSpinBox *maxTokensBox() const { return m_maxTokens; }
    QDoubleSpinBox *budgetBox() const { return m_budget; }
    QPushButton *estimateButton() const { return m_estimate; }
    QPushButton *startButton() const { return m_start; }
    QLabel *messageLabel() const { return m_message; }

Q_SIGNALS:
    void estimateRequested(const assay::JudgeModelRequest &request);
    void startRequested(const assay::JudgeModelRequest &request);

private:
    void settingsChanged();
    void loadRubric();

    QString m_session;
    QString m_rubricOrigin;
    std::optional<JudgeModelRequest> m_estimated; // the settings the shown estimate is for
    QComboBox *m_provider = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_criteria = nullptr;
    QPlainTextEdit *m_rubric = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_budget = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_estimate = nullptr;
    QPushButton *m_start = nullptr;
};

} // namespace assay
