#pragma once

#include "browse/OutputRecord.h"

#include <QString>
#include <QWidget>

class QFormLayout;

namespace assay {

// The compact label / value form at the top of the detail pane. Only the fields the record
// has get a row, so a minimal log shows a short form rather than a column of dashes. Value
// labels are named "meta_<field>" ("meta_model", "meta_tokens") for tests and styling.
class DetailMetadata : public QWidget {
    Q_OBJECT
public:
    explicit DetailMetadata(QWidget *parent = nullptr);

    void setRecord(const OutputRecord &record);
    void clearRecord();

private:
    void addRow(const QString &label, const QString &name, QWidget *value);
    QWidget *addTextRow(const QString &label, const QString &name, const QString &text);
    QWidget *makeIdRow(const QString &id);
    QWidget *makeFeedbackChip(const QVariant &feedback);

    QFormLayout *m_form = nullptr;
};

} // namespace assay
