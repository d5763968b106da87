#include "review/AgreementView.h"

#include "export/OutputExport.h" // csvField
#include "labels/LabelService.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum FeatureColumn { FeatureName, FeatureReviewers, FeatureCompared, FeatureAgreed, FeatureKappa, FeatureReading };

// Every reviewer named in these disagreements, sorted: the columns of the list and the export.
QStringList reviewersOf(const QList<FeatureAgreement> &features)
{
    QStringList names;
    for (const FeatureAgreement &f : features) {
        for (const Disagreement &d : f.disagreements)
            names << d.labels.keys();
    }
    names.removeDuplicates();
    names.sort(Qt::CaseInsensitive);
    return names;
}

QString labelOf(const Disagreement &d, const QString &reviewer)
{
    const auto it = d.labels.constFind(reviewer);
    return it == d.labels.cend() ? QString() : labelName(*it);
}

QString kappaText(const FeatureAgreement &f)
{
    if (!f.kappa)
        return f.itemsCompared == 0 ? QObject::tr("no overlap") : QObject::tr("undefined");
    return u"%1 (%2)"_s.arg(QLocale().toString(*f.kappa, 'f', 2), f.method == u"cohen"_s ? QObject::tr("Cohen")
                                                                                          : QObject::tr("Fleiss"));
}

} // namespace

AgreementView::AgreementView(LabelService *service, QWidget *parent) : QWidget(parent), m_service(service)
{
    setObjectName(u"agreementView"_s);
    auto *title = new QLabel(tr("Reviewer agreement"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);
    auto *intro = new QLabel(tr("Per feature, over the outputs two or more reviewers labelled: Cohen's kappa for "
                                "two reviewers, Fleiss' kappa for more (1 is full agreement, 0 what chance "
                                "gives). Below, the outputs they disagree on; double-click one to open it in the "
                                "browser."));
    intro->setWordWrap(true);

    m_featureList = new QTreeWidget;
    m_featureList->setObjectName(u"agreementFeatures"_s);
    m_featureList->setRootIsDecorated(false);
    m_featureList->setHeaderLabels({tr("Feature"), tr("Reviewers"), tr("Rated by 2+"), tr("Agreed"), tr("Kappa"),
                                    tr("Reading")});
    m_featureList->header()->setSectionResizeMode(FeatureReviewers, QHeaderView::Stretch);
    m_featureList->header()->setStretchLastSection(false);
    connect(m_featureList, &QTreeWidget::itemSelectionChanged, this, &AgreementView::showDisagreements);

    m_disagreements = new QTreeWidget;
    m_disagreements->setObjectName(u"agreementDisagreements"_s);
    m_disagreements->setRootIsDecorated(false);
    m_disagreements->setSortingEnabled(true);
    connect(m_disagreements, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT openOutputRequested(item->data(0, Qt::UserRole).toString());
    });

    auto *back = new QPushButton(tr("Sessions"));
    back->setObjectName(u"agreementBackButton"_s);
    connect(back, &QPushButton::clicked, this, &AgreementView::backRequested);
    auto *refreshButton = new QPushButton(tr("Refresh"));
    refreshButton->setObjectName(u"agreementRefreshButton"_s);
    connect(refreshButton, &QPushButton::clicked, this, &AgreementView::refresh);
    m_export = new QPushButton(tr("Export disagreements…"));
    m_export->setObjectName(u"agreementExportButton"_s);
    m_export->setToolTip(tr("Markdown or CSV, for the review meeting"));
    m_export->setEnabled(false);
    connect(m_export, &QPushButton::clicked, this, &AgreementView::exportWithDialog);
    m_status = new QLabel;
    m_status->setObjectName(u"agreementStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_featureList);
    splitter->addWidget(m_disagreements);
    splitter->setStretchFactor(1, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(back);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(refreshButton);
    buttons->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    LabelWorker *worker = m_service->worker();
    connect(worker, &LabelWorker::agreementReady, this, &AgreementView::showAgreement);
    connect(worker, &LabelWorker::agreementFailed, this, [this](const QString &message) {
        setStatus(tr("Agreement could not be computed: %1").arg(message), true);
        Q_EMIT agreementShown();
    });
}

void AgreementView::refresh()
{
    setStatus(tr("Computing agreement…"));
    m_service->post([](LabelWorker &w) { w.computeAgreement(); });
}

void AgreementView::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #c62828;"_s : QString());
    m_status->setProperty("error", error);
}

QString AgreementView::interpretKappa(double kappa)
{
    // Landis & Koch (1977), the reading most teams quote.
    if (kappa < 0)
        return tr("poor (below chance)");
    if (kappa <= 0.20)
        return tr("slight");
    if (kappa <= 0.40)
        return tr("fair");
    if (kappa <= 0.60)
        return tr("moderate");
    if (kappa <= 0.80)
        return tr("substantial");
    return tr("almost perfect");
}

void AgreementView::showAgreement(const QList<FeatureAgreement> &features, int labels, int missing)
{
    const QString selected = m_featureList->currentItem() ? m_featureList->currentItem()->text(FeatureName) : QString();
    m_features = features;
    m_featureList->clear();
    qint64 disagreements = 0;
    for (const FeatureAgreement &f : features) {
        auto *item = new QTreeWidgetItem(m_featureList);
        item->setText(FeatureName, f.feature);
        item->setText(FeatureReviewers, f.reviewers.join(u", "_s));
        item->setText(FeatureCompared, QLocale().toString(f.itemsCompared));
        item->setText(FeatureAgreed, QLocale().toString(f.itemsAgreed));
        item->setText(FeatureKappa, kappaText(f));
        item->setData(FeatureKappa, Qt::UserRole, f.kappa ? QVariant(*f.kappa) : QVariant());
        item->setText(FeatureReading, f.kappa ? interpretKappa(*f.kappa)
                                              : f.reviewers.size() < 2 ? tr("one reviewer") : tr("not enough overlap"));
        for (int c : {FeatureCompared, FeatureAgreed, FeatureKappa})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (f.feature == selected)
            m_featureList->setCurrentItem(item);
        disagreements += f.disagreements.size();
    }
    for (int c = 0; c < m_featureList->columnCount(); ++c) {
        if (c != FeatureReviewers)
            m_featureList->resizeColumnToContents(c);
    }
    showDisagreements();
    m_export->setEnabled(disagreements > 0);
    QString status = features.isEmpty() ? tr("No reviewer labels yet.")
                                        : tr("%n label(s), %1 feature(s), %2 disagreement(s).", nullptr, labels)
                                              .arg(features.size())
                                              .arg(disagreements);
    if (missing > 0)
        status += u' ' + tr("%n labelled output(s) are no longer in the log (counted under \"(unknown)\").", nullptr, missing);
    setStatus(status);
    Q_EMIT agreementShown();
}

void AgreementView::showDisagreements()
{
    // The selected feature's, or every feature's when none is selected.
    const QList<QTreeWidgetItem *> chosen = m_featureList->selectedItems();
    const QString only = chosen.isEmpty() ? QString() : chosen.first()->text(FeatureName);
    QList<FeatureAgreement> shown;
    for (const FeatureAgreement &f : std::as_const(m_features)) {
        if (only.isEmpty() || f.feature == only)
            shown << f;
    }
    const QStringList reviewers = reviewersOf(shown);
    m_disagreements->setSortingEnabled(false);
    m_disagreements->clear();
    m_disagreements->setColumnCount(int(2 + reviewers.size()));
    m_disagreements->setHeaderLabels(QStringList{tr("Output"), tr("Feature")} + reviewers);
    for (const FeatureAgreement &f : std::as_const(shown)) {
        for (const Disagreement &d : f.disagreements) {
            auto *item = new QTreeWidgetItem(m_disagreements);
            item->setText(0, d.outputKey);
            item->setData(0, Qt::UserRole, d.outputKey);
            item->setToolTip(0, tr("Double-click to open it in the browser"));
            item->setText(1, d.feature);
            for (int r = 0; r < reviewers.size(); ++r)
                item->setText(2 + r, labelOf(d, reviewers.at(r)));
        }
    }
    m_disagreements->setSortingEnabled(true);
    m_disagreements->sortByColumn(1, Qt::AscendingOrder);
    for (int c = 0; c < m_disagreements->columnCount(); ++c)
        m_disagreements->resizeColumnToContents(c);
}

QString AgreementView::disagreementsMarkdown(const QList<FeatureAgreement> &features)
{
    const auto cell = [](QString text) { return text.replace(u'|', u"\\|"_s).replace(u'\n', u' '); };
    QString md = u"# Reviewer disagreements\n"_s;
    for (const FeatureAgreement &f : features) {
        md += u"\n## %1\n\n"_s.arg(cell(f.feature));
        md += tr("Reviewers: %1. Rated by two or more: %2, agreed: %3. Kappa: %4.")
                  .arg(f.reviewers.join(u", "_s))
                  .arg(f.itemsCompared)
                  .arg(f.itemsAgreed)
                  .arg(f.kappa ? u"%1 (%2, %3)"_s.arg(QString::number(*f.kappa, 'f', 3), f.method, interpretKappa(*f.kappa))
                               : tr("not defined"));
        md += u'\n';
        if (f.disagreements.isEmpty()) {
            md += u'\n' + tr("No disagreements.") + u'\n';
            continue;
        }
        const QStringList reviewers = reviewersOf({f});
        md += u"\n| "_s + tr("Output");
        for (const QString &r : reviewers)
            md += u" | "_s + cell(r);
        md += u" |\n|---"_s + u"|---"_s.repeated(reviewers.size()) + u"|\n"_s;
        for (const Disagreement &d : f.disagreements) {
            md += u"| "_s + cell(d.outputKey);
            for (const QString &r : reviewers)
                md += u" | "_s + labelOf(d, r);
            md += u" |\n"_s;
        }
    }
    return md;
}

QString AgreementView::disagreementsCsv(const QList<FeatureAgreement> &features)
{
    // One row per (output, reviewer): the same columns whoever labelled, easy to pivot.
    QString csv = u"feature,output_id,reviewer,label\n"_s;
    for (const FeatureAgreement &f : features) {
        for (const Disagreement &d : f.disagreements) {
            QStringList reviewers = d.labels.keys();
            reviewers.sort(Qt::CaseInsensitive);
            for (const QString &r : std::as_const(reviewers))
                csv += QStringList{csvField(f.feature), csvField(d.outputKey), csvField(r), labelName(d.labels.value(r))}
                           .join(u',')
                    + u'\n';
        }
    }
    return csv;
}

Result<void> AgreementView::exportDisagreements(const QString &path) const
{
    const bool csv = path.endsWith(u".csv"_s, Qt::CaseInsensitive);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    file.write((csv ? disagreementsCsv(m_features) : disagreementsMarkdown(m_features)).toUtf8());
    if (!file.commit())
        return fail(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

void AgreementView::exportWithDialog()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the disagreements"), u"disagreements.md"_s,
                                                      tr("Markdown (*.md);;CSV (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    QString target = path;
    if (filter.contains(u"*.csv"_s) && !target.endsWith(u".csv"_s, Qt::CaseInsensitive))
        target += u".csv"_s;
    const auto written = exportDisagreements(target);
    setStatus(written ? tr("Exported to %1").arg(target) : written.error(), !written);
}

} // namespace assay
