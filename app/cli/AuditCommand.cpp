#include "cli/Commands.h"

#include "audit/LogAudit.h"
#include "util/NumberText.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {


void printAuditTable(QTextStream &out, const LogAudit &audit)
{
    out << audit.source << ": " << audit.rows << " rows audited\n\n";
    QList<QStringList> features{{u"FEATURE"_s, u"VERDICT"_s, u"OUTPUTS"_s, u"FEEDBACK"_s, u"EDITED"_s}};
    for (const FeatureAudit &f : audit.features)
        features << QStringList{f.feature.isEmpty() ? u"(none)"_s : f.feature, f.verdict, QString::number(f.outputs),
                                formatSmallShare(f.feedbackRate()), QString::number(f.edited)};
    printTable(out, features, 2);
    out << "\nFINDINGS\n";
    bool any = false;
    const auto line = [&](const QString &scope, const AuditFinding &f) {
        any = true;
        out << "  " << scope << ": " << f.count << " of " << f.of << " (" << formatSmallShare(f.share()) << ") " << f.what;
        if (!f.sampleIds.isEmpty())
            out << "; e.g. ids " << f.sampleIds.join(u", "_s);
        out << "\n";
    };
    for (const FeatureAudit &f : audit.features) {
        for (const AuditFinding &finding : f.findings)
            line(f.feature.isEmpty() ? u"(none)"_s : f.feature, finding);
    }
    for (const AuditFinding &finding : audit.logFindings)
        line(u"whole log"_s, finding);
    if (!any)
        out << "  nothing found\n";
    out << "\n";
    QList<QStringList> fields{{u"FIELD"_s, u"COLUMN"_s, u"MISSING OR EMPTY"_s}};
    for (const FieldAudit &f : audit.fields)
        fields << QStringList{f.field, f.column.isEmpty() ? u"(none)"_s : f.column,
                              f.column.isEmpty() ? u"absent"_s
                                                 : formatSmallShare(audit.rows ? double(f.missing) / double(audit.rows) : 0)};
    printTable(out, fields, 2);
    for (const QString &note : audit.notes)
        out << "note: " << note << "\n";
}

} // namespace

int runAudit(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Does the log support judging AI quality? Per field the share missing or empty; per feature the feedback "
        "capture rate (and how much of it is \"edited\"), empty outputs, JSON that does not parse, timestamps in the "
        "future or unreadable, token counts missing or zero, models without a price; across the log timestamps out "
        "of order against the key, one input_hash with different inputs, duplicate rows. Each finding with its "
        "count and sample ids (open them with assay outputs or the browser)."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file or a postgresql:// URL."_s);
    addSourceOptions(parser);
    parser.addOption({u"since"_s, u"Only rows created at or after this time: 7d, 2026-11-01, an ISO time."_s, u"when"_s});
    addTimeZoneOption(parser);
    parser.addOption({u"prices"_s, u"A price file layered over the built-in list prices (models without a price)."_s,
                      u"file"_s});
    parser.addOption({u"format"_s, u"table, json or md (default table)."_s, u"format"_s, u"table"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return die(io, BadUsage, u"audit takes one SOURCE (see assay audit --help)"_s);
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "json"_L1 && format != "md"_L1)
        return die(io, BadUsage, u"--format must be table, json or md"_s);
    std::optional<QDateTime> since;
    if (parser.isSet(u"since"_s)) {
        auto when = timeFrom(parser, u"since"_s);
        if (!when)
            return die(io, BadUsage, when.error());
        since = *when;
    }
    auto prices = pricesFrom(parser);
    if (!prices)
        return die(io, BadUsage, prices.error());
    auto spec = sessionSpecFrom(parser, parser.positionalArguments().first());
    if (!spec)
        return die(io, BadUsage, spec.error());
    spec->useWorkspace = false; // the audit reads the log alone
    auto session = LogSession::open(*spec);
    if (!session)
        return die(io, BadUsage, session.error());
    auto audit = auditLog(**session, *prices, since, QDateTime::currentDateTimeUtc());
    if (!audit)
        return die(io, Failed, audit.error());
    if (format == "json"_L1)
        io.out << QJsonDocument(audit->toJson()).toJson(QJsonDocument::Indented);
    else if (format == "md"_L1)
        io.out << audit->toMarkdown();
    else
        printAuditTable(io.out, *audit);
    io.out.flush();
    return Ok;
}

} // namespace assay::cli
