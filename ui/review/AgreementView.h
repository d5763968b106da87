#pragma once

#include "labels/Agreement.h"
#include "util/Result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace assay {

class LabelService;

// How far reviewers agree, per feature: who labelled, how many outputs two or more of them
// rated, Cohen's kappa (two reviewers) or Fleiss' (more) with its reading, and the outputs they
// disagree on with each reviewer's label, ready to discuss. Computed on the page's label
// worker; double-clicking an output asks to open it in the browser.
class AgreementView : public QWidget {
    Q_OBJECT
public:
    explicit AgreementView(LabelService *service, QWidget *parent = nullptr);

    // Computes again on the worker (labels change while the page is open).
    void refresh();
    const QList<FeatureAgreement> &features() const { return m_features; }
    QTreeWidget *featureList() const { return m_featureList; }
    QTreeWidget *disagreementList() const { return m_disagreements; }

    // The disagreements of every feature; the format follows the suffix (".csv", else Markdown).
    Result<void> exportDisagreements(const QString &path) const;

    // Landis and Koch's reading of a kappa ("moderate", "substantial"...).
    static QString interpretKappa(double kappa);
    static QString disagreementsMarkdown(const QList<FeatureAgreement> &features);
    static QString disagreementsCsv(const QList<FeatureAgreement> &features);

Q_SIGNALS:
    void openOutputRequested(const QString &outputKey);
    void backRequested();
    // A computation arrived (or failed) and is on screen.
    void agreementShown();

private:
    void showAgreement(const QList<FeatureAgreement> &features, int labels, int missing);
    void showDisagreements();
    void exportWithDialog();
    void setStatus(const QString &text, bool error = false);

    LabelService *m_service = nullptr;
    QList<FeatureAgreement> m_features;
    QLabel *m_status = nullptr;
    QTreeWidget *m_featureList = nullptr;
    QTreeWidget *m_disagreements = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace assay
