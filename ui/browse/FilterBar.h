#pragma once

#include "query/OutputFilter.h"
#include "schema/LogSchema.h"
#include "workspace/Workspace.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QMenu;
class QTimer;
class QToolButton;

namespace assay {

// The outputs browser's filters. Edits are debounced (250 ms) and combined into one
// OutputFilter; a filter whose column the log lacks is hidden rather than silently ignored.
class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    OutputFilter filter() const;
    // Shows a saved view's filter without emitting until the user edits it.
    void setFilter(const OutputFilter &filter);
    void adaptTo(const LogSchema &schema);
    void setFilterValues(const QStringList &features, const QStringList &models, const QStringList &prompts);
    void setSavedViews(const QList<SavedView> &views);
    // Reviewer names and tags for the review filters (read on the label worker, never here).
    void setReviewValues(const QStringList &reviewers, const QStringList &tags);
    // Reviewer-label filters need the workspace: off, with `reason` as the tooltip, without it.
    // Turning them off also drops any review condition in force, so the list never silently
    // shows a filter that cannot run.
    void setReviewFiltersAvailable(bool available, const QString &reason = {});
    bool reviewFiltersAvailable() const { return m_reviewAvailable; }
    // The automatic checks some logged output fails (stored by `assay checks`), for "Fails check".
    void setCheckNames(const QStringList &names);
    void focusSearch();
    void clearAll();

Q_SIGNALS:
    void filterChanged(const assay::OutputFilter &filter);
    void saveViewRequested(const QString &name, const assay::OutputFilter &filter);
    void deleteViewRequested(const QString &name);

private:
    void scheduleEmit();
    void onTimeRangeChanged();
    void rebuildViewsMenu();
    static void fillCombo(QComboBox *combo, const QString &allLabel, const QStringList &values);
    void fillReviewCombo();
    // Shows the review part of `f`; conditions the combo cannot say alone (several labels, or a
    // label with a note) are kept as one "saved conditions" entry, so a saved view round-trips.
    void showReview(const OutputFilter &f);
    void applyReview(OutputFilter &f) const;

    QLineEdit *m_search = nullptr;
    QComboBox *m_feature = nullptr;
    QComboBox *m_model = nullptr;
    QComboBox *m_time = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QComboBox *m_feedback = nullptr;
    QComboBox *m_prompt = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_session = nullptr;
    QCheckBox *m_errors = nullptr;
    QComboBox *m_review = nullptr;
    QComboBox *m_reviewer = nullptr;
    QComboBox *m_tag = nullptr;
    QComboBox *m_check = nullptr;
    bool m_reviewAvailable = true;
    std::optional<OutputFilter> m_savedReview; // the "saved conditions" entry's review part
    QToolButton *m_views = nullptr;
    QMenu *m_viewsMenu = nullptr;
    QToolButton *m_clear = nullptr;
    QTimer *m_debounce = nullptr;
    QList<SavedView> m_savedViews;
};

} // namespace assay
