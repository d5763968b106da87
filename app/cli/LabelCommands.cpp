// assay label / labels / review / agreement: reviewer labels and weekly review sessions.
#include "cli/Commands.h"

#include "labels/Agreement.h"
#include "labels/CurrentAgreement.h"
#include "labels/LabelStore.h"
#include "labels/OutputLookup.h"
#include "labels/ReviewSampler.h"
#include "labels/ReviewSessionStore.h"
#include "labels/ReviewSummary.h"
#include "schema/TimestampCodec.h"
#include "util/CalendarWeek.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <iostream>
#include <string>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString csvField(const QString &s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    return u'"' + QString(s).replace(u"\""_s, u"\"\""_s) + u'"';
}


std::optional<QDateTime> timeOption(const QCommandLineParser &parser, const QString &name, Io io, int &code)
{
    const auto when = timeFrom(parser, name);
    if (!when) {
        code = die(io, BadUsage, when.error());
        return std::nullopt;
    }
    return *when;
}

// `assay label SOURCE --stdin`: one "ID LABEL [note]" per line, "saved ID" printed (and
// flushed) only after that label's commit returned, so whatever a caller saw acknowledged
// survives the process being killed. A bad line is reported and skipped; the exit code says so.
int labelLines(LogSession &session, LabelStore &store, bool force, Io io)
{
    static const QRegularExpression shape(uR"(^(\S+)\s+(\S+)(?:\s+(.*))?$)"_s);
    return handleInputLines(io, [&](const QString &line) -> Result<QString> {
        const QRegularExpressionMatch m = shape.match(line);
        if (!m.hasMatch())
            return fail(u"expected \"ID positive|negative|edited|clear [note]\""_s);
        LabelChange change;
        change.outputKey = m.captured(1);
        change.note = m.captured(3).trimmed();
        if (m.captured(2) != "clear"_L1) {
            change.label = labelFromName(m.captured(2));
            if (!change.label)
                return fail(u"\"%1\" is not positive, negative, edited or clear"_s.arg(m.captured(2)));
        }
        if (!force) {
            auto facts = lookupOutputs(session.connection(), session.schema(), {change.outputKey});
            if (!facts)
                return fail(facts.error());
            if (!facts->contains(change.outputKey))
                return fail(u"there is no output %1 in the log (--force labels it anyway)"_s.arg(change.outputKey));
        }
        if (auto saved = store.set(change); !saved)
            return fail(saved.error());
        return change.outputKey;
    });
}

// review show / close / reopen / decide / note: one existing session, by name.
int reviewSessionAction(const QCommandLineParser &parser, const QStringList &pos, Io io)
{
    const QString action = pos.at(1);
    const QString name = pos.at(2);
    const QString format = parser.value(u"format"_s);
    if (action == "show"_L1 && !format.isEmpty() && format != "jsonl"_L1 && format != "table"_L1)
        return die(io, BadUsage, u"--format for show must be jsonl or table"_s);
    int position = 0;
    if (action == "note"_L1) {
        bool ok = false;
        position = pos.at(3).toInt(&ok);
        if (!ok || position < 1)
            return die(io, BadUsage, u"note takes NAME POSITION TEXT, POSITION being the item's number (1, 2, ...)"_s);
    }
    int code = Ok;
    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    Workspace &ws = *session->workspace();
    ReviewSessionStore sessions(ws);
    auto review = sessions.load(name);
    if (!review)
        return die(io, BadUsage, review.error());

    if (action == "close"_L1 || action == "reopen"_L1) {
        const QString status = action == "close"_L1 ? u"closed"_s : u"open"_s;
        if (auto done = sessions.setStatus(name, status); !done)
            return die(io, Failed, done.error());
        io.out << "session " << name << " " << status << Qt::endl;
        return Ok;
    }
    if ((action == "decide"_L1 || action == "note"_L1) && review->status == "closed"_L1)
        return die(io, BadUsage, u"session \"%1\" is closed (assay review SOURCE reopen %1 to resume it)"_s.arg(name));
    if (action == "note"_L1) {
        if (position > review->items.size())
            return die(io, BadUsage, u"session \"%1\" has %2 items; there is no item %3"_s.arg(name).arg(
                                         review->items.size()).arg(position));
        if (auto done = sessions.setItemNote(name, position, pos.at(4)); !done)
            return die(io, Failed, done.error());
        io.out << "noted item " << position << " of " << name << Qt::endl;
        return Ok;
    }
    if (action == "decide"_L1) {
        if (pos.at(3).trimmed().isEmpty())
            return die(io, BadUsage, u"a decision needs some text"_s);
        if (parser.isSet(u"reviewer"_s) && ws.dialect() == SqlDialect::PostgreSQL
            && parser.value(u"reviewer"_s) != LabelStore::defaultReviewer(ws))
            return die(io, BadUsage, u"in a PostgreSQL workspace the reviewer is the database role (%1)"_s.arg(
                                         LabelStore::defaultReviewer(ws)));
        const QString author = LabelStore(ws, parser.value(u"reviewer"_s)).reviewer();
        if (auto done = sessions.addDecision(name, author, pos.at(3)); !done)
            return die(io, Failed, done.error());
        io.out << "decision recorded in " << name << Qt::endl;
        return Ok;
    }

    // show: every item with its note, every reviewer's current label, and whether it is still in the log.
    QStringList keys;
    for (const ReviewItem &item : review->items)
        keys << item.outputKey;
    LabelQuery query;
    query.outputKeys = keys;
    auto labels = LabelStore(ws).currentLabels(query);
    if (!labels)
        return die(io, Failed, labels.error());
    auto facts = lookupOutputs(session->connection(), session->schema(), keys);
    if (!facts)
        return die(io, Failed, facts.error());
    QHash<QString, QMap<QString, QString>> labelsOf; // output -> reviewer -> label
    for (const LabelEvent &l : *labels)
        labelsOf[l.outputKey].insert(l.reviewer, labelName(*l.label));
    int labelled = 0;
    for (const ReviewItem &item : review->items)
        labelled += labelsOf.contains(item.outputKey) ? 1 : 0;
    if (format == "table"_L1) {
        io.out << "session " << name << " (" << review->status << "): " << labelled << " / " << review->items.size()
               << " labelled\n";
    }
    for (const ReviewItem &item : review->items) {
        const QMap<QString, QString> byReviewer = labelsOf.value(item.outputKey);
        const bool inLog = facts->contains(item.outputKey);
        if (format == "table"_L1) {
            QStringList verdicts;
            for (auto it = byReviewer.cbegin(); it != byReviewer.cend(); ++it)
                verdicts << it.key() + u'=' + it.value();
            io.out << QString::number(item.position).rightJustified(4) << "  " << item.outputKey.leftJustified(12) << " "
                   << item.feature.leftJustified(18) << " " << (verdicts.isEmpty() ? u"-"_s : verdicts.join(u' '))
                   << (inLog ? QString() : u"  [no longer in the log]"_s)
                   << (item.note.isEmpty() ? QString() : u"  note: "_s + QString(item.note).replace(u'\n', u' ')) << "\n";
            continue;
        }
        QJsonObject verdicts;
        for (auto it = byReviewer.cbegin(); it != byReviewer.cend(); ++it)
            verdicts.insert(it.key(), it.value());
        io.out << compact(QJsonObject{{u"session"_s, name}, {u"position"_s, item.position}, {u"id"_s, item.outputKey},
                                      {u"feature"_s, item.feature},
                                      {u"note"_s, item.note.isEmpty() ? QJsonValue() : QJsonValue(item.note)},
                                      {u"labels"_s, verdicts}, {u"in_log"_s, inLog}})
               << "\n";
    }
    if (format == "table"_L1) {
        for (const ReviewDecision &d : review->decisions)
            io.out << "decision (" << d.author << ", " << toIsoUtc(d.at) << "): " << d.text << "\n";
    }
    io.out.flush();
    return Ok;
}

} // namespace

int runLabel(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Set or clear your reviewer label on one output."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"id"_s, u"The output's id."_s);
    parser.addPositionalArgument(u"label"_s, u"positive, negative, edited or clear."_s);
    addSourceOptions(parser);
    parser.addOption({u"note"_s, u"A note on the label."_s, u"text"_s});
    parser.addOption({u"tag"_s, u"A tag (repeatable)."_s, u"T"_s});
    parser.addOption({u"corrected-file"_s, u"For edited: a file holding the corrected output."_s, u"file"_s});
    parser.addOption({u"reviewer"_s, u"Who labels (default: the OS user; a PostgreSQL workspace uses the database role)."_s, u"name"_s});
    parser.addOption({u"force"_s, u"Label an id that is not in the log."_s});
    parser.addOption({u"stdin"_s, u"Read \"ID LABEL [note]\" lines from standard input; print \"saved ID\" after each durable save."_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (parser.isSet(u"stdin"_s)) {
        if (pos.size() != 1)
            return die(io, BadUsage, u"label --stdin takes only SOURCE; the ids and labels come on standard input"_s);
        if (parser.isSet(u"note"_s) || parser.isSet(u"tag"_s) || parser.isSet(u"corrected-file"_s))
            return die(io, BadUsage, u"with --stdin the note comes on each line; --note, --tag and --corrected-file do not apply"_s);
        auto session = openWithWorkspace(parser, pos.first(), io, code);
        if (!session)
            return code;
        Workspace &ws = *session->workspace();
        if (parser.isSet(u"reviewer"_s) && ws.dialect() == SqlDialect::PostgreSQL
            && parser.value(u"reviewer"_s) != LabelStore::defaultReviewer(ws))
            return die(io, BadUsage, u"in a PostgreSQL workspace the reviewer is the database role (%1)"_s.arg(
                                         LabelStore::defaultReviewer(ws)));
        LabelStore store(ws, parser.value(u"reviewer"_s));
        return labelLines(*session, store, parser.isSet(u"force"_s), io);
    }
    if (pos.size() != 3)
        return die(io, BadUsage, u"label takes SOURCE ID positive|negative|edited|clear (or SOURCE --stdin)"_s);
    LabelChange change;
    change.outputKey = pos.at(1);
    if (pos.at(2) != "clear"_L1) {
        change.label = labelFromName(pos.at(2));
        if (!change.label)
            return die(io, BadUsage, u"\"%1\" is not positive, negative, edited or clear"_s.arg(pos.at(2)));
    }
    change.note = parser.value(u"note"_s);
    change.tags = parser.values(u"tag"_s);
    if (parser.isSet(u"corrected-file"_s)) {
        if (change.label != LabelValue::Edited)
            return die(io, BadUsage, u"--corrected-file goes with the label edited"_s);
        QFile f(parser.value(u"corrected-file"_s));
        if (!f.open(QIODevice::ReadOnly))
            return die(io, BadUsage, u"cannot read %1: %2"_s.arg(f.fileName(), f.errorString()));
        change.correctedOutput = QString::fromUtf8(f.readAll());
    }
    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    Workspace &ws = *session->workspace();
    if (parser.isSet(u"reviewer"_s) && ws.dialect() == SqlDialect::PostgreSQL
        && parser.value(u"reviewer"_s) != LabelStore::defaultReviewer(ws))
        return die(io, BadUsage, u"in a PostgreSQL workspace the reviewer is the database role (%1)"_s.arg(
                                     LabelStore::defaultReviewer(ws)));
    if (!parser.isSet(u"force"_s)) {
        auto facts = lookupOutputs(session->connection(), session->schema(), {change.outputKey});
        if (!facts)
            return die(io, Failed, facts.error());
        if (!facts->contains(change.outputKey))
            return die(io, BadUsage, u"there is no output %1 in %2 (--force labels it anyway)"_s.arg(
                                         change.outputKey, session->connection().location().displayName()));
    }
    LabelStore store(ws, parser.value(u"reviewer"_s));
    auto event = store.set(change);
    if (!event)
        return die(io, Failed, event.error());
    io.out << (change.label ? labelName(*change.label) : u"cleared"_s) << " " << change.outputKey << " ("
           << store.reviewer() << ")" << Qt::endl;
    return Ok;
}

int runLabels(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Export current reviewer labels, one record per (output, reviewer)."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"export"_s);
    addSourceOptions(parser);
    parser.addOption({u"format"_s, u"jsonl or csv (default: jsonl)."_s, u"format"_s, u"jsonl"_s});
    parser.addOption({u"reviewer"_s, u"Only this reviewer's labels."_s, u"name"_s});
    parser.addOption({u"since"_s, u"Only labels set at or after this time."_s, u"when"_s});
    addTimeZoneOption(parser);
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || pos.at(1) != "export"_L1)
        return die(io, BadUsage, u"labels takes SOURCE export"_s);
    const QString format = parser.value(u"format"_s);
    if (format != "jsonl"_L1 && format != "csv"_L1)
        return die(io, BadUsage, u"--format must be jsonl or csv"_s);
    LabelQuery query;
    query.reviewer = parser.value(u"reviewer"_s);
    if (parser.isSet(u"since"_s)) {
        query.since = timeOption(parser, u"since"_s, io, code);
        if (!query.since)
            return code;
    }
    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    LabelStore store(*session->workspace());
    auto labels = store.currentLabels(query);
    if (!labels)
        return die(io, Failed, labels.error());
    QStringList keys;
    for (const LabelEvent &l : *labels)
        keys << l.outputKey;
    auto facts = lookupOutputs(session->connection(), session->schema(), keys);
    if (!facts)
        return die(io, Failed, facts.error());
    if (format == "csv"_L1)
        io.out << "id,reviewer,label,note,tags,labelled_at,feature,in_log\r\n";
    for (const LabelEvent &l : *labels) {
        const bool inLog = facts->contains(l.outputKey);
        if (format == "csv"_L1) {
            io.out << QStringList{csvField(l.outputKey), csvField(l.reviewer), labelName(*l.label), csvField(l.note),
                                  csvField(l.tags.join(u';')), toIsoUtc(l.labelledAt),
                                  csvField(facts->value(l.outputKey).feature), inLog ? u"true"_s : u"false"_s}
                          .join(u',')
                   << "\r\n";
            continue;
        }
        QJsonObject o{{u"id"_s, l.outputKey}, {u"reviewer"_s, l.reviewer}, {u"label"_s, labelName(*l.label)},
                      {u"note"_s, l.note.isEmpty() ? QJsonValue() : QJsonValue(l.note)},
                      {u"tags"_s, QJsonArray::fromStringList(l.tags)}, {u"labelled_at"_s, toIsoUtc(l.labelledAt)},
                      {u"feature"_s, inLog ? QJsonValue(facts->value(l.outputKey).feature) : QJsonValue()},
                      {u"in_log"_s, inLog}};
        if (!l.correctedOutput.isEmpty())
            o.insert(u"corrected_output"_s, l.correctedOutput);
        io.out << compact(o) << "\n";
    }
    io.out.flush();
    return Ok;
}

int runAgreement(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Agreement between reviewers per feature (Cohen's kappa for two, Fleiss' for more)."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    parser.addOption({u"feature"_s, u"Only this feature."_s, u"F"_s});
    parser.addOption({u"format"_s, u"table or json (default: table)."_s, u"format"_s, u"table"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"agreement takes one SOURCE"_s);
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1)
        return die(io, BadUsage, u"--format must be table or json"_s);
    auto session = openWithWorkspace(parser, parser.positionalArguments().first(), io, code);
    if (!session)
        return code;
    LabelStore store(*session->workspace());
    auto agreement = currentAgreement(store, session->connection(), session->schema());
    if (!agreement)
        return die(io, Failed, agreement.error());
    QJsonArray out;
    for (const FeatureAgreement &a : agreement->features) {
        if (parser.isSet(u"feature"_s) && a.feature != parser.value(u"feature"_s))
            continue;
        if (format == "table"_L1) {
            io.out << a.feature << ": " << a.reviewers.size() << " reviewers, " << a.itemsCompared << " shared items, "
                   << a.itemsAgreed << " agreed, kappa "
                   << (a.kappa ? QString::number(*a.kappa, 'f', 3) + u" ("_s + a.method + u')' : u"n/a"_s) << "\n";
        }
        QJsonArray disagreements;
        for (const Disagreement &d : a.disagreements) {
            QJsonObject byReviewer;
            for (auto it = d.labels.cbegin(); it != d.labels.cend(); ++it)
                byReviewer.insert(it.key(), labelName(it.value()));
            disagreements.append(QJsonObject{{u"id"_s, d.outputKey}, {u"labels"_s, byReviewer}});
            if (format == "table"_L1)
                io.out << "  disagree " << d.outputKey << " " << compact(byReviewer) << "\n";
        }
        out.append(QJsonObject{{u"feature"_s, a.feature}, {u"reviewers"_s, QJsonArray::fromStringList(a.reviewers)},
                               {u"items_compared"_s, a.itemsCompared}, {u"items_agreed"_s, a.itemsAgreed},
                               {u"kappa"_s, a.kappa ? QJsonValue(*a.kappa) : QJsonValue()},
                               {u"method"_s, a.method}, {u"disagreements"_s, disagreements}});
    }
    if (format == "json"_L1)
        io.out << QString::fromUtf8(QJsonDocument(QJsonObject{{u"features"_s, out}}).toJson(QJsonDocument::Compact)) << "\n";
    io.out.flush();
    return Ok;
}

int runReview(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Weekly review sessions: new (draw a stratified sample), list, summary NAME, "
                                     "show NAME, close NAME, reopen NAME, decide NAME TEXT, note NAME POSITION TEXT."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    parser.addPositionalArgument(u"action"_s, u"new, list, summary, show, close, reopen, decide or note."_s,
                                 u"new|list|summary NAME|show NAME|close NAME|reopen NAME|decide NAME TEXT|note NAME POSITION TEXT"_s);
    addSourceOptions(parser);
    parser.addOption({u"since"_s, u"Range start (default: Monday 00:00 of the last full ISO week in --tz)."_s, u"when"_s});
    parser.addOption({u"until"_s, u"Range end, exclusive (default: the Monday after)."_s, u"when"_s});
    addTimeZoneOption(parser);
    parser.addOption({u"size"_s, u"How many outputs to draw."_s, u"N"_s});
    parser.addOption({u"seed"_s, u"Seed of the draw (default 1): same source, range, size and seed, same sample."_s, u"S"_s, u"1"_s});
    parser.addOption({u"per-feature"_s, u"proportional (default) or equal."_s, u"how"_s, u"proportional"_s});
    parser.addOption({u"oversample-feedback"_s, u"Weight of end-user negative/edited outputs (default 1)."_s, u"W"_s, u"1"_s});
    parser.addOption({u"include-reviewed"_s, u"Also draw outputs that already have a reviewer label."_s});
    parser.addOption({u"name"_s, u"Session name (default: the ISO week, e.g. 2026-W46)."_s, u"name"_s});
    parser.addOption({u"format"_s, u"new and show: jsonl or table; summary: md or json."_s, u"format"_s});
    parser.addOption({u"reviewer"_s, u"Who records a decision (default: the OS user; a PostgreSQL workspace uses the database role)."_s, u"name"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(1);
    // Each action and the number of positional arguments it takes (SOURCE and the action included).
    static const QHash<QString, int> arity{{u"new"_s, 2},   {u"list"_s, 2},   {u"summary"_s, 3}, {u"show"_s, 3},
                                           {u"close"_s, 3}, {u"reopen"_s, 3}, {u"decide"_s, 4},  {u"note"_s, 5}};
    if (pos.size() < 2 || arity.value(action, -1) != pos.size())
        return die(io, BadUsage, u"review takes SOURCE new | list | summary NAME | show NAME | close NAME | reopen NAME | "
                                 "decide NAME TEXT | note NAME POSITION TEXT"_s);
    const QString format = parser.value(u"format"_s);

    if (action == "show"_L1 || action == "close"_L1 || action == "reopen"_L1 || action == "decide"_L1
        || action == "note"_L1)
        return reviewSessionAction(parser, pos, io);

    if (action == "summary"_L1) {
        if (!format.isEmpty() && format != "md"_L1 && format != "json"_L1)
            return die(io, BadUsage, u"--format for summary must be md or json"_s);
        auto session = openWithWorkspace(parser, pos.first(), io, code);
        if (!session)
            return code;
        auto review = ReviewSessionStore(*session->workspace()).load(pos.at(2));
        if (!review)
            return die(io, BadUsage, review.error());
        QStringList keys;
        for (const ReviewItem &item : review->items)
            keys << item.outputKey;
        LabelQuery query;
        query.outputKeys = keys;
        auto labels = LabelStore(*session->workspace()).currentLabels(query);
        auto facts = lookupOutputs(session->connection(), session->schema(), keys);
        if (!labels || !facts)
            return die(io, Failed, labels ? facts.error() : labels.error());
        const SessionSummary summary = summarizeSession(*review, *labels, *facts);
        io.out << (format == "json"_L1 ? compact(summary.toJson()) + u'\n' : summary.toMarkdown());
        io.out.flush();
        return Ok;
    }
    if (action == "list"_L1) {
        auto session = openWithWorkspace(parser, pos.first(), io, code);
        if (!session)
            return code;
        auto names = ReviewSessionStore(*session->workspace()).names();
        if (!names)
            return die(io, Failed, names.error());
        for (const QString &n : *names)
            io.out << n << "\n";
        io.out.flush();
        return Ok;
    }

    if (!format.isEmpty() && format != "jsonl"_L1 && format != "table"_L1)
        return die(io, BadUsage, u"--format for new must be jsonl or table"_s);
    const auto zone = zoneFrom(parser);
    if (!zone)
        return die(io, BadUsage, zone.error());
    SampleSpec spec;
    const CalendarWeek lastWeek = lastFullWeek(QDateTime::currentDateTimeUtc(), *zone);
    spec.since = lastWeek.start().toUTC();
    spec.until = lastWeek.end().toUTC();
    for (const auto &[name, target] : {std::pair{u"since"_s, &spec.since}, std::pair{u"until"_s, &spec.until}}) {
        if (!parser.isSet(name))
            continue;
        const auto when = timeOption(parser, name, io, code);
        if (!when)
            return code;
        *target = *when;
    }
    bool ok = false;
    spec.size = parser.value(u"size"_s).toInt(&ok);
    if (!parser.isSet(u"size"_s) || !ok || spec.size <= 0)
        return die(io, BadUsage, u"review new needs --size N (a positive number)"_s);
    spec.seed = parser.value(u"seed"_s).toULongLong(&ok);
    if (!ok)
        return die(io, BadUsage, u"--seed must be a whole number"_s);
    const QString strata = parser.value(u"per-feature"_s);
    if (strata != "proportional"_L1 && strata != "equal"_L1)
        return die(io, BadUsage, u"--per-feature must be proportional or equal"_s);
    spec.strata = strata == "equal"_L1 ? Stratification::Equal : Stratification::Proportional;
    spec.oversampleFeedback = parser.value(u"oversample-feedback"_s).toDouble(&ok);
    if (!ok || spec.oversampleFeedback < 1.0)
        return die(io, BadUsage, u"--oversample-feedback must be a number of at least 1"_s);
    spec.includeReviewed = parser.isSet(u"include-reviewed"_s);
    if (spec.until <= spec.since)
        return die(io, BadUsage, u"--until must be after --since"_s);

    auto session = openWithWorkspace(parser, pos.first(), io, code);
    if (!session)
        return code;
    Workspace &ws = *session->workspace();
    ReviewSessionStore sessions(ws);
    QString name = parser.value(u"name"_s);
    if (name.isEmpty()) {
        auto suggested = sessions.suggestName(spec.since, *zone);
        if (!suggested)
            return die(io, Failed, suggested.error());
        name = *suggested;
    } else if (auto existing = sessions.names(); existing && existing->contains(name)) {
        return die(io, BadUsage, u"a review session \"%1\" exists already"_s.arg(name));
    }
    LabelStore labels(ws, parser.value(u"reviewer"_s));
    QSet<QString> reviewed;
    if (!spec.includeReviewed) {
        auto keys = labels.labelledKeys();
        if (!keys)
            return die(io, Failed, keys.error());
        reviewed = *keys;
    }
    auto sample = sampleOutputs(session->connection(), session->schema(), spec, reviewed);
    if (!sample)
        return die(io, Failed, sample.error());
    if (auto created = sessions.create(name, spec, *sample, labels.reviewer()); !created)
        return die(io, Failed, created.error());
    if (format == "table"_L1)
        io.out << "session " << name << ": " << sample->size() << " outputs from " << toIsoUtc(spec.since) << " to "
               << toIsoUtc(spec.until) << ", seed " << spec.seed << "\n";
    for (const SampledOutput &s : *sample) {
        if (format == "table"_L1)
            io.out << s.key.leftJustified(12) << " " << s.feature << "\n";
        else
            io.out << compact(QJsonObject{{u"id"_s, s.key}, {u"feature"_s, s.feature}, {u"session"_s, name}}) << "\n";
    }
    io.out.flush();
    return Ok;
}

} // namespace assay::cli
