// assay prompts SOURCE list|show|diff|render: the prompt registry from the command line.
// SOURCE is a log database (its prompt_versions-like table is the registry, and the log gives
// usage counts and inputs to render) or a folder of prompt files. Exit codes follow diff(1) for
// `diff` (0 equal, 1 different, 2 trouble) and the usual ones elsewhere (2: bad arguments, an
// unusable source, unknown prompts or versions, a template that cannot be rendered).

#include "cli/Commands.h"

#include "prompts/DraftStore.h"
#include "prompts/PromptDiff.h"
#include "prompts/PromptRegistry.h"
#include "prompts/PromptUsage.h"
#include "prompts/UnifiedDiff.h"
#include "schema/SchemaDetector.h"
#include "schema/TimestampCodec.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay::cli {

namespace {

// What one invocation opened: the registry, and the log when SOURCE is a database that has one.
struct PromptsContext {
    std::optional<SourceLocation> source;
    QString workspace;
    std::unique_ptr<SourceConnection> connection;
    std::optional<LogSchema> log; // absent: no log detected (usage and render unavailable)
    QString logError;
    std::unique_ptr<PromptRegistry> registry;
};

Result<PromptsContext> openContext(const QCommandLineParser &parser, const QString &sourceArg)
{
    PromptsContext ctx;
    QString choice = parser.value(u"registry"_s);
    if (QFileInfo(sourceArg).isDir()) {
        if (choice.isEmpty())
            choice = sourceArg;
        ctx.logError = u"%1 is a folder of prompts, not a log"_s.arg(sourceArg);
    } else {
        auto spec = sessionSpecFrom(parser, sourceArg);
        if (!spec)
            return fail(spec.error());
        auto conn = SourceConnection::open(spec->source);
        if (!conn)
            return fail(conn.error());
        ctx.source = spec->source;
        ctx.workspace = spec->workspace;
        ctx.connection = std::move(*conn);
        // The registry may live in a database without a log; only usage and render need one.
        if (auto schema = detectLogSchema(*ctx.connection, spec->mapping))
            ctx.log = *schema;
        else
            ctx.logError = schema.error();
    }
    auto registry = openPromptRegistry(ctx.connection.get(), choice, ctx.log ? ctx.log->table : QString());
    if (!registry)
        return fail(registry.error());
    ctx.registry = std::move(*registry);
    if (parser.value(u"order"_s) == "created_at"_L1)
        ctx.registry->setVersionOrder(VersionOrder::CreatedAt);
    return ctx;
}

// name@version from the registry or, for "draft-N", from the workspace's drafts.
Result<PromptVersion> resolve(PromptsContext &ctx, const QString &name, const QString &version)
{
    auto found = ctx.registry->find(name, version);
    static const QRegularExpression draftName(u"^draft-(\\d+)$"_s);
    const auto draft = draftName.match(version);
    if (found || !draft.hasMatch() || !ctx.source)
        return found;
    auto ws = Workspace::open(*ctx.source, ctx.workspace);
    if (!ws)
        return fail(ws.error());
    DraftStore drafts(**ws);
    auto d = drafts.get(draft.captured(1).toLongLong());
    if (!d || d->name != name)
        return found;
    return d->toVersion();
}

QString headerLabel(const PromptVersion &v)
{
    return v.createdAt.isValid() ? v.ref() + u'\t' + toIsoUtc(v.createdAt) : v.ref();
}

QJsonValue jsonText(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

int listVersions(PromptsContext &ctx, const QString &format, Io io)
{
    auto all = ctx.registry->loadAll();
    if (!all)
        return die(io, Failed, all.error());
    QList<PromptUsage> usage;
    bool usageKnown = false;
    if (ctx.log && ctx.connection && ctx.log->has(LogField::PromptName)) {
        auto counted = promptUsage(*ctx.connection, *ctx.log);
        if (!counted)
            return die(io, Failed, counted.error());
        usage = *counted;
        usageKnown = true;
    }
    if (format == "jsonl"_L1) {
        for (const PromptVersion &v : *all) {
            const PromptUsage *u = findUsage(usage, v.name, v.version);
            QJsonObject o{{u"name"_s, v.name}, {u"version"_s, v.version}, {u"created_at"_s, jsonText(toIsoUtc(v.createdAt))},
                          {u"model"_s, jsonText(v.model)}, {u"labels"_s, QJsonArray::fromStringList(v.labels)},
                          {u"temperature"_s, v.temperature ? QJsonValue(*v.temperature) : QJsonValue()},
                          {u"max_tokens"_s, v.maxTokens ? QJsonValue(*v.maxTokens) : QJsonValue()},
                          {u"author"_s, jsonText(v.author)}, {u"note"_s, jsonText(v.note)},
                          {u"origin"_s, promptOriginName(v.origin)},
                          {u"outputs"_s, usageKnown ? QJsonValue(u ? u->outputs : 0) : QJsonValue()}};
            if (u) {
                o.insert(u"first_seen"_s, toIsoUtc(u->firstSeen));
                o.insert(u"last_seen"_s, toIsoUtc(u->lastSeen));
                if (u->hasFeedback)
                    o.insert(u"feedback"_s, QJsonObject{{u"positive"_s, u->positive}, {u"negative"_s, u->negative},
                                                        {u"edited"_s, u->edited}});
            }
            io.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
        }
        io.out.flush();
        return Ok;
    }
    QList<QStringList> rows{{u"name"_s, u"version"_s, u"created_at"_s, u"model"_s, u"labels"_s, u"outputs"_s}};
    for (const PromptVersion &v : *all) {
        const PromptUsage *u = findUsage(usage, v.name, v.version);
        rows << QStringList{v.name, v.version, toIsoUtc(v.createdAt), v.model, v.labels.join(u','),
                            usageKnown ? QString::number(u ? u->outputs : 0) : u"-"_s};
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::min<qsizetype>(40, std::max(widths[c], row[c].size()));
    }
    for (const QStringList &row : rows) {
        QStringList cells;
        for (qsizetype c = 0; c < row.size(); ++c)
            cells << (row[c].size() > widths[c] ? row[c].left(widths[c] - 1) + u'…' : row[c].leftJustified(widths[c]));
        io.out << cells.join(u"  "_s).trimmed() << '\n';
    }
    io.out.flush();
    return Ok;
}

int showVersion(PromptsContext &ctx, const PromptVersion &v, bool templateOnly, Io io)
{
    if (templateOnly) {
        io.out << v.template_;
        io.out.flush();
        return Ok;
    }
    const PromptTemplate tpl = PromptTemplate::parse(v.template_);
    QStringList vars;
    for (const QString &path : tpl.variables())
        vars << tpl.spell(path);
    io.out << v.ref() << '\n';
    const auto field = [&io](const char *key, const QString &value) {
        if (!value.isEmpty())
            io.out << key << ": " << QString(value).replace(u'\n', u"\n  "_s) << '\n';
    };
    field("model", v.model);
    field("temperature", formatTemperature(v.temperature));
    field("max_tokens", formatMaxTokens(v.maxTokens));
    field("labels", v.labels.join(u", "_s));
    field("author", v.author);
    field("created_at", toIsoUtc(v.createdAt));
    field("note", v.note);
    field("variables", vars.isEmpty() ? u"(none)"_s : vars.join(u", "_s));
    if (!tpl.isValid())
        field("template error", tpl.error()->message);
    if (ctx.log && ctx.connection && ctx.log->has(LogField::PromptName)) {
        OutputFilter filter;
        filter.promptName = v.name;
        filter.promptVersion = v.version;
        if (auto usage = promptUsage(*ctx.connection, *ctx.log, filter); usage && !usage->isEmpty()) {
            const PromptUsage &u = usage->first();
            QString text = u"%1 (first %2, last %3)"_s.arg(u.outputs).arg(toIsoUtc(u.firstSeen), toIsoUtc(u.lastSeen));
            if (u.hasFeedback)
                text += u"; feedback %1% positive, %2% negative, %3% edited"_s.arg(u.positiveRate() * 100, 0, 'f', 1)
                            .arg(u.negativeRate() * 100, 0, 'f', 1)
                            .arg(u.editedRate() * 100, 0, 'f', 1);
            field("outputs", text);
        } else if (usage) {
            field("outputs", u"0"_s);
        }
    }
    field("source", v.origin == PromptOrigin::Folder ? v.location : ctx.registry->describe());
    io.out << '\n' << v.template_;
    if (!v.template_.endsWith(u'\n'))
        io.out << '\n';
    io.out.flush();
    return Ok;
}

int diffVersions(PromptsContext &ctx, const QStringList &pos, const QCommandLineParser &parser, Io io)
{
    auto before = resolve(ctx, pos[2], pos[3]);
    if (!before)
        return die(io, BadUsage, before.error());
    auto after = resolve(ctx, pos[2], pos[4]);
    if (!after)
        return die(io, BadUsage, after.error());
    // Alignment only: --word pairs edited lines with their new form, and recomputes the words.
    const bool word = parser.isSet(u"word"_s);
    DiffOptions options = unifiedDiffOptions(parser.isSet(u"ignore-whitespace"_s));
    options.pairSimilarLines = word;
    const PromptVersionDiff d = diffPromptVersions(*before, *after, options);
    // Parameters and variables first, as "# " lines: patch(1) and git apply skip text before "---".
    for (const QString &line : d.summaryLines())
        io.out << "# " << line << '\n';
    const QString labelA = headerLabel(*before);
    const QString labelB = headerLabel(*after);
    io.out << (word ? wordDiffText(d.text, labelA, labelB) : unifiedDiff(d.text, labelA, labelB));
    io.out.flush();
    return d.identical() ? Ok : Failed;
}

int renderVersion(PromptsContext &ctx, const PromptRef &ref, const QString &outputId, Io io)
{
    if (!ctx.log || !ctx.connection)
        return die(io, BadUsage, u"render needs a log to take the input from: "_s + ctx.logError);
    OutputsRepository outputs(*ctx.connection, *ctx.log);
    QVariant key = outputId;
    if (ctx.log->idIsRowid || ctx.log->idIsInteger) {
        bool ok = false;
        key = outputId.toLongLong(&ok);
        if (!ok)
            return die(io, BadUsage, u"--output-id: \"%1\" is not an id of this log (ids are whole numbers)"_s.arg(outputId));
    }
    auto record = outputs.fetchRecord(key, 0);
    if (!record)
        return die(io, BadUsage, record.error());
    if (!ctx.log->has(LogField::Input))
        return die(io, BadUsage, ctx.log->disabledCapabilities().first());
    QString version = ref.version;
    // Without a version: the one that produced this output, when it is of this prompt.
    if (version.isEmpty() && record->value(LogField::PromptName).toString() == ref.name)
        version = record->value(LogField::PromptVersion).toString();
    auto v = resolve(ctx, ref.name, version);
    if (!v)
        return die(io, BadUsage, v.error());
    QJsonParseError error;
    const QJsonDocument input = QJsonDocument::fromJson(record->value(LogField::Input).toString().toUtf8(), &error);
    if (!input.isObject())
        return die(io, BadUsage, u"the input logged for output %1 is not a JSON object%2"_s.arg(outputId,
            error.error == QJsonParseError::NoError ? QString() : u" (%1)"_s.arg(error.errorString())));
    auto rendered = PromptTemplate::parse(v->template_).render(input.object());
    if (!rendered)
        return die(io, BadUsage, u"cannot render %1 for output %2: %3"_s.arg(v->ref(), outputId, rendered.error()));
    io.out << *rendered;
    io.out.flush();
    return Ok;
}

} // namespace

int runPrompts(const QStringList &args, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The prompt registry: list versions, show one, diff two (exit 0 equal, 1 different, 2 trouble, as diff(1)),\n"
        "render one with the input of a logged output.\n\n"
        "  assay prompts SOURCE list [--format table|jsonl]\n"
        "  assay prompts SOURCE show NAME[@VERSION]          (the latest version when none is given)\n"
        "  assay prompts SOURCE diff NAME V1 V2 [--word] [--ignore-whitespace]\n"
        "  assay prompts SOURCE render NAME[@VERSION] --output-id ID\n\n"
        "SOURCE is a log (SQLite file or postgresql:// URL) or a folder of prompt files (NAME/VERSION.prompt)."_s);
    parser.addPositionalArgument(u"source"_s, u"A SQLite file, a postgresql:// URL or a folder of prompt files."_s);
    parser.addPositionalArgument(u"action"_s, u"list, show, diff or render, then its arguments."_s, u"ACTION [ARGS]"_s);
    addSourceOptions(parser);
    parser.addOption({u"registry"_s, u"The registry: a folder of prompt files or a table of the source."_s, u"path-or-table"_s});
    parser.addOption({u"format"_s, u"list: table or jsonl (default: table)."_s, u"format"_s, u"table"_s});
    parser.addOption({u"order"_s, u"Version order: natural (v2 < v10, the default) or created_at."_s, u"order"_s, u"natural"_s});
    parser.addOption({u"word"_s, u"diff: changes inline, [-removed-]{+added+}, instead of whole lines."_s});
    parser.addOption({{u"w"_s, u"ignore-whitespace"_s}, u"diff: ignore changes in white space (as diff -w)."_s});
    parser.addOption({u"template"_s, u"show: print the template only, exactly as stored."_s});
    parser.addOption({u"output-id"_s, u"render: the logged output whose input fills the variables."_s, u"id"_s});
    int code = Ok;
    if (!parseOrExplain(parser, args, io, code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2)
        return die(io, BadUsage, u"prompts needs a SOURCE and an action (see assay prompts --help)"_s);
    const QString action = pos[1];
    const qsizetype wanted = action == "list"_L1 ? 2 : action == "diff"_L1 ? 5 : 3;
    if (action != "list"_L1 && action != "show"_L1 && action != "diff"_L1 && action != "render"_L1)
        return die(io, BadUsage, u"unknown prompts action \"%1\" (list, show, diff or render)"_s.arg(action));
    if (pos.size() != wanted)
        return die(io, BadUsage, action == "diff"_L1 ? u"diff takes NAME V1 V2"_s
                                 : action == "list"_L1 ? u"list takes no arguments"_s
                                                       : u"%1 takes NAME[@VERSION]"_s.arg(action));
    const QString format = parser.value(u"format"_s);
    if (format != "table"_L1 && format != "jsonl"_L1)
        return die(io, BadUsage, u"--format must be table or jsonl"_s);
    const QString order = parser.value(u"order"_s);
    if (order != "natural"_L1 && order != "created_at"_L1)
        return die(io, BadUsage, u"--order must be natural or created_at"_s);
    std::optional<PromptRef> ref;
    if (action == "show"_L1 || action == "render"_L1) {
        ref = PromptRef::parse(pos[2]);
        if (!ref)
            return die(io, BadUsage, u"\"%1\" is not NAME or NAME@VERSION"_s.arg(pos[2]));
    }
    if (action == "render"_L1 && !parser.isSet(u"output-id"_s))
        return die(io, BadUsage, u"render needs --output-id ID: the logged output whose input fills the variables"_s);

    auto ctx = openContext(parser, pos[0]);
    if (!ctx)
        return die(io, BadUsage, ctx.error());
    const int result = [&] {
        if (action == "list"_L1)
            return listVersions(*ctx, format, io);
        if (action == "diff"_L1)
            return diffVersions(*ctx, pos, parser, io);
        if (action == "render"_L1)
            return renderVersion(*ctx, *ref, parser.value(u"output-id"_s), io);
        auto version = resolve(*ctx, ref->name, ref->version);
        if (!version)
            return die(io, BadUsage, version.error());
        return showVersion(*ctx, *version, parser.isSet(u"template"_s), io);
    }();
    // Files the registry skipped: after the work, since reading is what finds them.
    for (const QString &warning : ctx->registry->warnings())
        io.err << "assay: warning: " << warning << Qt::endl;
    return result;
}

} // namespace assay::cli
