#pragma once

#include "labels/ReviewSampler.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace assay {

// "New review session…": the range (default: the last full ISO week), how many outputs, the
// seed that makes the draw reproducible, how features share the sample, oversampling of what
// end users marked negative or edited, and whether already-reviewed outputs may come back.
class NewSessionDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewSessionDialog(const QDateTime &now, QWidget *parent = nullptr);

    // Empty: the workspace picks the ISO-week name.
    QString sessionName() const;
    SampleSpec spec() const;

    void accept() override;

private:
    QLineEdit *m_name = nullptr;
    QDateTimeEdit *m_since = nullptr;
    QDateTimeEdit *m_until = nullptr;
    QSpinBox *m_size = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_strata = nullptr;
    QDoubleSpinBox *m_oversample = nullptr;
    QCheckBox *m_includeReviewed = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace assay
