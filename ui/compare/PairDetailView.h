#pragma once

#include "compare/CompareTypes.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace assay {

class DiffView;

// One pair three ways: how the two sides' prompt versions differ, how their outputs differ, and
// every person's verdict on it with their note.
class PairDetailView : public QWidget {
    Q_OBJECT
public:
    explicit PairDetailView(QWidget *parent = nullptr);
    void showDetail(const PairDetail &detail);
    void showMessage(const QString &message);

    DiffView *promptDiff() const { return m_promptDiff; }
    DiffView *outputDiff() const { return m_outputDiff; }
    QTreeWidget *verdicts() const { return m_verdicts; }

private:
    QLabel *m_title = nullptr;
    QLabel *m_promptHeader = nullptr;
    QLabel *m_outputHeader = nullptr;
    DiffView *m_promptDiff = nullptr;
    DiffView *m_outputDiff = nullptr;
    QTreeWidget *m_verdicts = nullptr;
};

} // namespace assay
