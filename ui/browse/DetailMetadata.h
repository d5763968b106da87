#pragma once

#include "browse/OutputRecord.h"

#include <QString>
#include <QWidget>

class QFormLayout;

namespace assay {

// Text helpers the detail pane shares with its tests.
namespace detail {
// "812 bytes", "256 KB", "2.1 MB": binary units, written the way people say them.
QString formatByteSize(qint64 bytes);
// Whether the call failed: a status such as "error"/"failed"/"timeout", or an error message.
bool recordFailed(const OutputRecord &record);
// NULL in the log (or a field the record lacks): SQL NULLs arrive as null QVariants.
bool isNullValue(const QVariant &value);
// The text of a logged value; lists and maps (JSON columns a driver decoded) become JSON.
QString valueText(const QVariant &value);
} // namespace detail

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
