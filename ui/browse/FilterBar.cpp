#include "browse/FilterBar.h"

#include "labels/LabelStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>

#include <vector>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum TimeRange { AnyTime, Last24h, Last7d, Last30d, Custom };
// The review combo's entries (item data), in the order they are listed.
enum ReviewChoice { AnyReview, Reviewed, Unreviewed, LabelPositive, LabelNegative, LabelEdited, HasNote, Disagrees,
                    SavedConditions };

QComboBox *makeCombo(QWidget *parent, const QString &name, const QString &tip)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->setToolTip(tip);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    combo->setMinimumContentsLength(10);
    return combo;
}

} // namespace

FilterBar::FilterBar(QWidget *parent) : QWidget(parent)
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, [this] { Q_EMIT filterChanged(filter()); });

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search outputs and inputs  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_feature = makeCombo(this, u"featureCombo"_s, tr("Feature"));
    m_model = makeCombo(this, u"modelCombo"_s, tr("Model"));
    m_prompt = makeCombo(this, u"promptCombo"_s, tr("Prompt name or name@version"));
    fillCombo(m_feature, tr("All features"), {});
    fillCombo(m_model, tr("All models"), {});
    fillCombo(m_prompt, tr("All prompts"), {});

    m_time = makeCombo(this, u"timeCombo"_s, tr("Time range"));
    m_time->addItems({tr("Any time"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days"), tr("Custom…")});
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), this);
    m_to = new QDateTimeEdit(QDateTime::currentDateTime(), this);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
        edit->setVisible(false);
    }
    m_from->setObjectName(u"fromEdit"_s);
    m_to->setObjectName(u"toEdit"_s);

    m_feedback = makeCombo(this, u"feedbackCombo"_s, tr("End-user feedback"));
    m_feedback->addItem(tr("Any feedback"));
    for (FeedbackFilter f : {FeedbackFilter::Positive, FeedbackFilter::Negative, FeedbackFilter::Edited, FeedbackFilter::None})
        m_feedback->addItem(OutputFilter::feedbackName(f), static_cast<int>(f));

    m_review = makeCombo(this, u"reviewCombo"_s, tr("Reviewer labels (kept in Assay's workspace)"));
    fillReviewCombo();
    m_reviewer = makeCombo(this, u"reviewerCombo"_s, tr("Whose labels: with \"Not reviewed\", who has not reviewed"));
    m_tag = makeCombo(this, u"tagCombo"_s, tr("Reviewer tag"));
    fillCombo(m_reviewer, tr("Any reviewer"), {});
    fillCombo(m_tag, tr("Any tag"), {});
    m_check = makeCombo(this, u"checkCombo"_s,
                        tr("Only outputs failing this automatic check (its newest stored result; assay checks stores them)"));
    fillCombo(m_check, tr("Any check"), {});

    m_user = new QLineEdit(this);
    m_user->setObjectName(u"userEdit"_s);
    m_user->setPlaceholderText(tr("user id"));
    m_user->setClearButtonEnabled(true);
    m_session = new QLineEdit(this);
    m_session->setObjectName(u"sessionEdit"_s);
    m_session->setPlaceholderText(tr("session id"));
    m_session->setClearButtonEnabled(true);
    m_errors = new QCheckBox(tr("Errors only"), this);
    m_errors->setObjectName(u"errorsCheck"_s);

    m_viewsMenu = new QMenu(this);
    m_views = new QToolButton(this);
    m_views->setObjectName(u"viewsButton"_s);
    m_views->setText(tr("Views"));
    m_views->setPopupMode(QToolButton::InstantPopup);
    m_views->setMenu(m_viewsMenu);
    m_clear = new QToolButton(this);
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Clear every filter"));
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clearAll);
    rebuildViewsMenu();

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 6, 6, 2);
    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 3);
    top->addWidget(m_feature);
    top->addWidget(m_model);
    top->addWidget(m_time);
    top->addWidget(m_from);
    top->addWidget(m_to);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_feedback);
    bottom->addWidget(m_review);
    bottom->addWidget(m_reviewer);
    bottom->addWidget(m_tag);
    bottom->addWidget(m_check);
    bottom->addWidget(m_prompt);
    bottom->addWidget(m_user, 1);
    bottom->addWidget(m_session, 1);
    bottom->addWidget(m_errors);
    bottom->addStretch();
    bottom->addWidget(m_clear);
    bottom->addWidget(m_views);
    grid->addLayout(top, 0, 0);
    grid->addLayout(bottom, 1, 0);

    for (QLineEdit *edit : {m_search, m_user, m_session})
        connect(edit, &QLineEdit::textChanged, this, &FilterBar::scheduleEmit);
    for (QComboBox *combo : {m_feature, m_model, m_feedback, m_prompt, m_review, m_reviewer, m_tag, m_check})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::scheduleEmit);
    connect(m_time, &QComboBox::currentIndexChanged, this, &FilterBar::onTimeRangeChanged);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::scheduleEmit);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::scheduleEmit);
    connect(m_errors, &QCheckBox::toggled, this, &FilterBar::scheduleEmit);
}

void FilterBar::fillCombo(QComboBox *combo, const QString &allLabel, const QStringList &values)
{
    const QString current = combo->currentIndex() > 0 ? combo->currentText() : QString();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(allLabel);
    combo->addItems(values);
    const int index = current.isEmpty() ? 0 : combo->findText(current);
    if (index < 0 && !current.isEmpty()) {
        combo->addItem(current); // a saved view's value this log no longer has
        combo->setCurrentIndex(combo->count() - 1);
    } else {
        combo->setCurrentIndex(std::max(0, index));
    }
}

void FilterBar::scheduleEmit()
{
    m_debounce->start();
}

void FilterBar::onTimeRangeChanged()
{
    const bool custom = m_time->currentIndex() == Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    scheduleEmit();
}

OutputFilter FilterBar::filter() const
{
    OutputFilter f;
    if (m_feature->currentIndex() > 0)
        f.features << m_feature->currentText();
    if (m_model->currentIndex() > 0)
        f.models << m_model->currentText();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (m_time->currentIndex()) {
    case Last24h:
        f.since = now.addDays(-1);
        break;
    case Last7d:
        f.since = now.addDays(-7);
        break;
    case Last30d:
        f.since = now.addDays(-30);
        break;
    case Custom:
        f.since = m_from->dateTime().toUTC();
        f.until = m_to->dateTime().toUTC();
        break;
    default:
        break;
    }
    f.userId = m_user->text().trimmed();
    f.sessionId = m_session->text().trimmed();
    if (m_feedback->currentIndex() > 0)
        f.feedback << static_cast<FeedbackFilter>(m_feedback->currentData().toInt());
    if (m_prompt->currentIndex() > 0) {
        const QString prompt = m_prompt->currentText();
        f.promptName = prompt.section(u'@', 0, 0);
        f.promptVersion = prompt.contains(u'@') ? prompt.section(u'@', 1) : QString();
    }
    f.errorsOnly = m_errors->isChecked();
    f.search = m_search->text().trimmed();
    applyReview(f);
    if (m_reviewAvailable && m_check->currentIndex() > 0)
        f.failsCheck = m_check->currentText();
    return f;
}

void FilterBar::fillReviewCombo()
{
    const QSignalBlocker block(m_review);
    m_review->clear();
    m_review->addItem(tr("Any review"), AnyReview);
    m_review->addItem(tr("Reviewed"), Reviewed);
    m_review->addItem(tr("Not reviewed"), Unreviewed);
    m_review->addItem(tr("Labelled positive"), LabelPositive);
    m_review->addItem(tr("Labelled negative"), LabelNegative);
    m_review->addItem(tr("Labelled edited"), LabelEdited);
    m_review->addItem(tr("Label has a note"), HasNote);
    m_review->addItem(tr("Disagrees with end user"), Disagrees);
}

void FilterBar::applyReview(OutputFilter &f) const
{
    if (!m_reviewAvailable)
        return;
    switch (m_review->currentData().toInt()) {
    case Reviewed:
        f.reviewed = ReviewedFilter::Reviewed;
        break;
    case Unreviewed:
        f.reviewed = ReviewedFilter::Unreviewed;
        break;
    case LabelPositive:
        f.reviewLabels << labelName(LabelValue::Positive);
        break;
    case LabelNegative:
        f.reviewLabels << labelName(LabelValue::Negative);
        break;
    case LabelEdited:
        f.reviewLabels << labelName(LabelValue::Edited);
        break;
    case HasNote:
        f.hasNote = true;
        break;
    case Disagrees:
        f.disagreesWithUser = true;
        break;
    case SavedConditions:
        if (m_savedReview) {
            f.reviewLabels = m_savedReview->reviewLabels;
            f.reviewed = m_savedReview->reviewed;
            f.hasNote = m_savedReview->hasNote;
            f.disagreesWithUser = m_savedReview->disagreesWithUser;
        }
        break;
    default:
        break;
    }
    if (m_reviewer->currentIndex() > 0)
        f.reviewer = m_reviewer->currentText();
    if (m_tag->currentIndex() > 0)
        f.tag = m_tag->currentText();
}

void FilterBar::showReview(const OutputFilter &f)
{
    const int conditions = (f.reviewed != ReviewedFilter::Any) + !f.reviewLabels.isEmpty() + f.hasNote + f.disagreesWithUser;
    int choice = AnyReview;
    if (conditions == 1 && f.reviewLabels.size() <= 1) {
        if (f.reviewed == ReviewedFilter::Reviewed)
            choice = Reviewed;
        else if (f.reviewed == ReviewedFilter::Unreviewed)
            choice = Unreviewed;
        else if (f.hasNote)
            choice = HasNote;
        else if (f.disagreesWithUser)
            choice = Disagrees;
        else if (const auto label = labelFromName(f.reviewLabels.first()))
            choice = *label == LabelValue::Positive ? LabelPositive : *label == LabelValue::Negative ? LabelNegative : LabelEdited;
    } else if (conditions > 0) {
        choice = SavedConditions;
    }
    if (choice == SavedConditions) {
        QStringList said;
        if (f.reviewed == ReviewedFilter::Reviewed)
            said << tr("reviewed");
        if (f.reviewed == ReviewedFilter::Unreviewed)
            said << tr("not reviewed");
        if (!f.reviewLabels.isEmpty())
            said << f.reviewLabels.join(u" or "_s);
        if (f.hasNote)
            said << tr("has note");
        if (f.disagreesWithUser)
            said << tr("disagrees with end user");
        int index = m_review->findData(SavedConditions);
        if (index < 0) {
            m_review->addItem({}, SavedConditions);
            index = m_review->count() - 1;
        }
        m_review->setItemText(index, said.join(u" + "_s));
        m_savedReview = f;
    }
    m_review->setCurrentIndex(m_review->findData(choice));
    const auto select = [](QComboBox *combo, const QString &value) {
        int i = value.isEmpty() ? 0 : combo->findText(value);
        if (i < 0) {
            combo->addItem(value); // known only to the saved view (say, a reviewer of another team)
            i = combo->count() - 1;
        }
        combo->setCurrentIndex(i);
    };
    select(m_reviewer, f.reviewer);
    select(m_tag, f.tag);
}

void FilterBar::setReviewValues(const QStringList &reviewers, const QStringList &tags)
{
    fillCombo(m_reviewer, tr("Any reviewer"), reviewers);
    fillCombo(m_tag, tr("Any tag"), tags);
}

void FilterBar::setCheckNames(const QStringList &names)
{
    fillCombo(m_check, tr("Any check"), names); // keeps the check in force, even one nothing fails now
}

void FilterBar::setReviewFiltersAvailable(bool available, const QString &reason)
{
    const OutputFilter before = filter();
    m_reviewAvailable = available;
    // Check results live in the same workspace as the labels.
    for (QComboBox *combo : {m_review, m_reviewer, m_tag, m_check}) {
        combo->setEnabled(available);
        if (!available) {
            const QSignalBlocker block(combo);
            combo->setCurrentIndex(0);
        }
    }
    m_review->setToolTip(available ? tr("Reviewer labels (kept in Assay's workspace)")
                                   : tr("Reviewer-label filters are off: %1").arg(reason));
    m_reviewer->setToolTip(available ? tr("Whose labels: with \"Not reviewed\", who has not reviewed") : m_review->toolTip());
    m_tag->setToolTip(available ? tr("Reviewer tag") : m_review->toolTip());
    if (filter() != before)
        scheduleEmit();
}

void FilterBar::setFilter(const OutputFilter &f)
{
    // Set every widget quietly, then say the new filter once.
    const QList<QWidget *> all{m_search, m_feature, m_model, m_time, m_from, m_to, m_feedback, m_prompt, m_user, m_session, m_errors,
                               m_review, m_reviewer, m_tag, m_check};
    std::vector<QSignalBlocker> blockers;
    blockers.reserve(all.size());
    for (QWidget *w : all)
        blockers.emplace_back(w);
    const auto select = [](QComboBox *combo, const QString &value) {
        if (value.isEmpty()) {
            combo->setCurrentIndex(0);
            return;
        }
        int i = combo->findText(value);
        if (i < 0) {
            combo->addItem(value);
            i = combo->count() - 1;
        }
        combo->setCurrentIndex(i);
    };
    m_search->setText(f.search);
    select(m_feature, f.features.value(0));
    select(m_model, f.models.value(0));
    select(m_prompt, f.promptVersion.isEmpty() ? f.promptName : f.promptName + u'@' + f.promptVersion);
    // Saved views keep absolute times: shown as a custom range.
    m_time->setCurrentIndex(f.since || f.until ? Custom : AnyTime);
    if (f.since)
        m_from->setDateTime(f.since->toLocalTime());
    if (f.until)
        m_to->setDateTime(f.until->toLocalTime());
    m_from->setVisible(f.since || f.until);
    m_to->setVisible(f.since || f.until);
    m_feedback->setCurrentIndex(f.feedback.isEmpty() ? 0 : m_feedback->findData(static_cast<int>(f.feedback.first())));
    m_user->setText(f.userId);
    m_session->setText(f.sessionId);
    m_errors->setChecked(f.errorsOnly);
    showReview(f);
    select(m_check, f.failsCheck);
    blockers.clear();
    m_debounce->stop();
    Q_EMIT filterChanged(filter());
}

void FilterBar::clearAll()
{
    setFilter(OutputFilter{});
}

void FilterBar::adaptTo(const LogSchema &schema)
{
    m_model->setVisible(schema.has(LogField::Model));
    m_feedback->setVisible(schema.has(LogField::Feedback));
    m_prompt->setVisible(schema.has(LogField::PromptName));
    m_user->setVisible(schema.has(LogField::UserId));
    m_session->setVisible(schema.has(LogField::SessionId));
    m_errors->setVisible(schema.has(LogField::Status) || schema.has(LogField::Error));
    // "Disagrees with end user" compares with the feedback column: offered only when there is one.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_review->model())) {
        if (QStandardItem *disagrees = items->item(m_review->findData(Disagrees))) {
            disagrees->setEnabled(schema.has(LogField::Feedback));
            disagrees->setToolTip(schema.has(LogField::Feedback) ? QString() : tr("This log has no feedback column."));
        }
    }
}

void FilterBar::setFilterValues(const QStringList &features, const QStringList &models, const QStringList &prompts)
{
    fillCombo(m_feature, tr("All features"), features);
    fillCombo(m_model, tr("All models"), models);
    fillCombo(m_prompt, tr("All prompts"), prompts);
}

void FilterBar::setSavedViews(const QList<SavedView> &views)
{
    m_savedViews = views;
    rebuildViewsMenu();
}

void FilterBar::rebuildViewsMenu()
{
    m_viewsMenu->clear();
    QAction *save = m_viewsMenu->addAction(tr("Save current filters as view…"));
    connect(save, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save view"), tr("Name of the view:"), QLineEdit::Normal, {}, &ok);
        if (ok && !name.trimmed().isEmpty())
            Q_EMIT saveViewRequested(name.trimmed(), filter());
    });
    if (m_savedViews.isEmpty())
        return;
    m_viewsMenu->addSeparator();
    for (const SavedView &view : std::as_const(m_savedViews)) {
        QAction *apply = m_viewsMenu->addAction(view.name);
        connect(apply, &QAction::triggered, this, [this, f = view.filter] { setFilter(f); });
    }
    m_viewsMenu->addSeparator();
    QMenu *remove = m_viewsMenu->addMenu(tr("Delete view"));
    for (const SavedView &view : std::as_const(m_savedViews)) {
        QAction *del = remove->addAction(view.name);
        connect(del, &QAction::triggered, this, [this, name = view.name] { Q_EMIT deleteViewRequested(name); });
    }
}

void FilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace assay
