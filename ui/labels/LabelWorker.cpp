#include "labels/LabelWorker.h"

#include "labels/CurrentAgreement.h"

#include "labels/OutputLookup.h"
#include "util/CalendarWeek.h"

using namespace Qt::StringLiterals;

namespace assay {

namespace {
// Keys per IN (...) list: far under SQLite's bound-parameter limit, whatever it was built with.
constexpr qsizetype kKeysPerQuery = 500;
} // namespace

Result<QList<LabelEvent>> LabelWorker::currentLabels(const QString &reviewer, const QStringList &keys)
{
    QList<LabelEvent> all;
    for (qsizetype start = 0; start < keys.size(); start += kKeysPerQuery) {
        LabelQuery query;
        query.reviewer = reviewer;
        query.outputKeys = keys.mid(start, kKeysPerQuery);
        auto part = m_store->currentLabels(query);
        if (!part)
            return fail(part.error());
        all << *part;
    }
    return all;
}

LabelWorker::LabelWorker() : m_openError(tr("No source is open."))
{
}

LabelWorker::~LabelWorker()
{
    // The stores hold references into the session's workspace: they go first.
    m_undo.reset();
    m_store.reset();
    m_sessions.reset();
    m_session.reset();
}

void LabelWorker::open(const SessionSpec &spec, const QString &reviewer)
{
    m_undo.reset();
    m_store.reset();
    m_sessions.reset();
    m_session.reset();
    auto session = LogSession::open(spec);
    if (!session) {
        m_openError = session.error();
        Q_EMIT openFailed(m_openError);
        return;
    }
    m_session = std::move(*session);
    Workspace *ws = m_session->workspace();
    if (!ws) {
        m_openError = tr("Labels need the workspace, which did not open: %1").arg(m_session->workspaceError());
        Q_EMIT openFailed(m_openError);
        return;
    }
    m_store = std::make_unique<LabelStore>(*ws, reviewer);
    m_undo = std::make_unique<LabelUndoStack>(*m_store);
    m_sessions = std::make_unique<ReviewSessionStore>(*ws);
    Q_EMIT opened(m_store->reviewer(), ws->location(), ws->dialect() == SqlDialect::PostgreSQL);
}

bool LabelWorker::ready(quint64 request)
{
    if (m_store)
        return true;
    if (request != 0)
        Q_EMIT commitFailed(request, m_openError);
    else
        Q_EMIT problem(m_openError);
    return false;
}

Result<QList<LabelChange>> LabelWorker::changesFor(const QStringList &keys, const LabelEdit &edit)
{
    auto current = currentLabels(m_store->reviewer(), keys);
    if (!current)
        return fail(current.error());
    QHash<QString, LabelChange> now;
    for (const LabelEvent &e : std::as_const(*current))
        now.insert(e.outputKey, e.asChange());

    QList<LabelChange> changes;
    for (const QString &key : keys) {
        LabelChange change = now.value(key, LabelChange{key, std::nullopt, {}, {}, {}});
        switch (edit.kind) {
        case LabelEdit::Kind::SetLabel:
            change.label = edit.label;
            break;
        case LabelEdit::Kind::Clear:
            change = LabelChange{key, std::nullopt, {}, {}, {}};
            break;
        case LabelEdit::Kind::SetCorrected:
            change.label = LabelValue::Edited;
            change.correctedOutput = edit.text;
            break;
        case LabelEdit::Kind::SetNote:
        case LabelEdit::Kind::SetTags:
            // A note or tag belongs to a label; an event without one is a clear and would drop it.
            if (!change.label)
                return fail(tr("%1 has no label yet: label it first (1, 2 or 3), then add a note or tags.").arg(key));
            if (edit.kind == LabelEdit::Kind::SetNote)
                change.note = edit.text;
            else
                change.tags = edit.tags;
            break;
        }
        changes << change;
    }
    return changes;
}

void LabelWorker::edit(quint64 request, const QStringList &keys, const LabelEdit &edit)
{
    if (!ready(request))
        return;
    if (keys.isEmpty()) {
        Q_EMIT commitFailed(request, tr("Nothing selected to label."));
        return;
    }
    auto changes = changesFor(keys, edit);
    if (!changes) {
        Q_EMIT commitFailed(request, changes.error());
        return;
    }
    reportCommit(request, m_undo->apply(*changes));
}

// Every write ends the same way: the events it appended, or why nothing was written.
void LabelWorker::reportCommit(quint64 request, const Result<QList<LabelEvent>> &events)
{
    if (!events) {
        Q_EMIT commitFailed(request, events.error());
        return;
    }
    Q_EMIT committed(request, *events, m_undo->canUndo(), m_undo->canRedo());
}

void LabelWorker::undo(quint64 request)
{
    if (!ready(request))
        return;
    if (!m_undo->canUndo()) {
        Q_EMIT commitFailed(request, tr("Nothing to undo."));
        return;
    }
    reportCommit(request, m_undo->undo());
}

void LabelWorker::redo(quint64 request)
{
    if (!ready(request))
        return;
    if (!m_undo->canRedo()) {
        Q_EMIT commitFailed(request, tr("Nothing to redo."));
        return;
    }
    reportCommit(request, m_undo->redo());
}

void LabelWorker::loadLabels(const QStringList &keys)
{
    if (!ready() || keys.isEmpty())
        return;
    auto labels = currentLabels({}, keys);
    if (!labels) {
        Q_EMIT problem(tr("Reviewer labels could not be read: %1").arg(labels.error()));
        return;
    }
    Q_EMIT labelsReady(keys, *labels);
}

void LabelWorker::loadTags()
{
    if (!ready())
        return;
    auto tags = m_store->knownTags();
    if (!tags) {
        Q_EMIT problem(tags.error());
        return;
    }
    Q_EMIT tagsReady(*tags);
}

QVariant LabelWorker::rowKey(const QString &key) const
{
    // Review items keep ids as text; an integer id column is looked up by number.
    bool numeric = false;
    const qint64 n = key.toLongLong(&numeric);
    return m_session->schema().idIsInteger && numeric ? QVariant(n) : QVariant(key);
}

void LabelWorker::fetchRecord(const QString &key, qint64 maxOutputChars)
{
    if (!m_session) {
        Q_EMIT recordFailed(key, m_openError);
        return;
    }
    auto record = m_session->outputs().fetchRecord(rowKey(key), maxOutputChars);
    if (!record) {
        Q_EMIT recordFailed(key, record.error());
        return;
    }
    Q_EMIT recordReady(key, *record);
}

void LabelWorker::listSessions()
{
    if (!ready())
        return;
    auto names = m_sessions->names();
    if (!names) {
        Q_EMIT problem(tr("Review sessions could not be read: %1").arg(names.error()));
        return;
    }
    QList<ReviewSessionInfo> list;
    for (const QString &name : std::as_const(*names)) {
        auto session = m_sessions->load(name);
        if (!session) {
            Q_EMIT problem(session.error());
            continue;
        }
        ReviewSessionInfo info{session->name, session->status, int(session->items.size()), 0, session->createdAt,
                               session->createdBy};
        QStringList keys;
        for (const ReviewItem &item : std::as_const(session->items))
            keys << item.outputKey;
        if (auto mine = currentLabels(m_store->reviewer(), keys))
            info.labelledByMe = int(mine->size());
        list << info;
    }
    Q_EMIT sessionsReady(list);
}

void LabelWorker::createSession(const QString &requestedName, const SampleSpec &spec)
{
    if (!ready())
        return;
    QString name = requestedName.trimmed();
    if (name.isEmpty()) {
        auto suggested = m_sessions->suggestName(spec.since, userTimeZone());
        if (!suggested) {
            Q_EMIT problem(suggested.error());
            return;
        }
        name = *suggested;
    } else if (auto names = m_sessions->names(); names && names->contains(name)) {
        Q_EMIT problem(tr("A review session \"%1\" exists already.").arg(name));
        return;
    }
    QSet<QString> reviewed;
    if (!spec.includeReviewed) {
        auto keys = m_store->labelledKeys();
        if (!keys) {
            Q_EMIT problem(keys.error());
            return;
        }
        reviewed = *keys;
    }
    auto sample = sampleOutputs(m_session->connection(), m_session->schema(), spec, reviewed);
    if (!sample) {
        Q_EMIT problem(tr("The sample could not be drawn: %1").arg(sample.error()));
        return;
    }
    if (sample->isEmpty()) {
        Q_EMIT problem(tr("No outputs to review between %1 and %2 (already reviewed ones are left out unless asked).")
                           .arg(spec.since.toString(Qt::ISODate), spec.until.toString(Qt::ISODate)));
        return;
    }
    if (auto created = m_sessions->create(name, spec, *sample, m_store->reviewer()); !created) {
        Q_EMIT problem(created.error());
        return;
    }
    Q_EMIT sessionCreated(name, int(sample->size()));
    loadSession(name);
}

void LabelWorker::loadSession(const QString &name)
{
    if (!ready())
        return;
    auto session = m_sessions->load(name);
    if (!session) {
        Q_EMIT problem(session.error());
        return;
    }
    Q_EMIT sessionReady(*session);
}

void LabelWorker::setItemNote(const QString &name, int position, const QString &note)
{
    if (!ready())
        return;
    if (auto saved = m_sessions->setItemNote(name, position, note); !saved) {
        Q_EMIT noteFailed(name, position, tr("The note was not saved: %1").arg(saved.error()));
        return;
    }
    Q_EMIT noteSaved(name, position);
}

void LabelWorker::addDecision(const QString &name, const QString &text)
{
    if (!ready())
        return;
    if (auto saved = m_sessions->addDecision(name, m_store->reviewer(), text); !saved) {
        Q_EMIT problem(tr("The decision was not saved: %1").arg(saved.error()));
        return;
    }
    loadSession(name);
}

void LabelWorker::setSessionStatus(const QString &name, const QString &status)
{
    if (!ready())
        return;
    if (auto saved = m_sessions->setStatus(name, status); !saved) {
        Q_EMIT problem(saved.error());
        return;
    }
    loadSession(name);
    listSessions();
}

void LabelWorker::summarize(const QString &name)
{
    if (!ready())
        return;
    auto session = m_sessions->load(name);
    if (!session) {
        Q_EMIT problem(session.error());
        return;
    }
    QStringList keys;
    for (const ReviewItem &item : std::as_const(session->items))
        keys << item.outputKey;
    auto labels = currentLabels({}, keys);
    if (!labels) {
        Q_EMIT problem(labels.error());
        return;
    }
    auto facts = lookupOutputs(m_session->connection(), m_session->schema(), keys);
    if (!facts) {
        Q_EMIT problem(facts.error());
        return;
    }
    Q_EMIT summaryReady(summarizeSession(*session, *labels, *facts));
}

void LabelWorker::loadReviewers()
{
    if (!ready())
        return;
    auto labels = m_store->currentLabels();
    if (!labels) {
        Q_EMIT problem(tr("Reviewers could not be read: %1").arg(labels.error()));
        return;
    }
    QStringList reviewers;
    for (const LabelEvent &e : std::as_const(*labels))
        reviewers << e.reviewer;
    reviewers.removeDuplicates();
    reviewers.sort(Qt::CaseInsensitive);
    Q_EMIT reviewersReady(reviewers);
}

void LabelWorker::loadHistory(const QString &key)
{
    if (!m_store) {
        Q_EMIT historyFailed(key, m_openError);
        return;
    }
    auto events = m_store->history(key);
    if (!events) {
        Q_EMIT historyFailed(key, events.error());
        return;
    }
    Q_EMIT historyReady(key, *events);
}

void LabelWorker::computeAgreement()
{
    if (!m_store) {
        Q_EMIT agreementFailed(m_openError);
        return;
    }
    auto agreement = currentAgreement(*m_store, m_session->connection(), m_session->schema());
    if (!agreement) {
        Q_EMIT agreementFailed(agreement.error());
        return;
    }
    Q_EMIT agreementReady(agreement->features, agreement->labels, agreement->missing);
}

} // namespace assay
