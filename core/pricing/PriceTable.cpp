#include "pricing/PriceTable.h"

#include "pricing/PriceFile.h"

#include <QFile>
#include <QSaveFile>
#include <QtDebug>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

constexpr auto defaultsResource = ":/assay/pricing/default-prices.json"_L1;

// Globs are written by hand in the overrides file; '*' must cross '/' so that "openrouter/*" works,
// which the path-style wildcard conversion of Qt 6.4 does not allow.
QRegularExpression compileGlob(const QString &glob)
{
    QString re = u"^"_s;
    for (const QChar c : glob) {
        if (c == u'*')
            re += ".*"_L1;
        else if (c == u'?')
            re += u'.';
        else
            re += QRegularExpression::escape(QString(c));
    }
    re += u'$';
    return QRegularExpression(re, QRegularExpression::CaseInsensitiveOption);
}

QRegularExpression compilePattern(const ModelPrice &row)
{
    if (row.match == PriceMatch::Glob)
        return compileGlob(row.pattern);
    return QRegularExpression(row.pattern, QRegularExpression::CaseInsensitiveOption);
}

// How much of a name a pattern pins down: its literal characters. "gpt-4o-mini*" beats "gpt-*".
qsizetype specificity(const ModelPrice &row)
{
    qsizetype n = 0;
    for (const QChar c : row.pattern) {
        if (row.match == PriceMatch::Glob ? (c != u'*' && c != u'?')
                                          : (c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u':'))
            ++n;
    }
    return n;
}

// The provider prefix goes: "anthropic/claude-x", "openrouter/openai/gpt-4o", "models/gemini-2.5-pro".
QString withoutProviderPrefix(const QString &name)
{
    const qsizetype slash = name.lastIndexOf(u'/');
    return slash >= 0 ? name.mid(slash + 1) : name;
}

// The families a snapshot name belongs to, nearest first: "claude-sonnet-4-5-20250929" ->
// "claude-sonnet-4-5"; Bedrock's "us.anthropic.claude-haiku-4-5-20251001-v1:0" -> "claude-haiku-4-5".
QStringList familiesOf(const QString &name)
{
    static const QList<QRegularExpression> suffixes{
        QRegularExpression(u"-v\\d+(:\\d+)?$"_s),        // Bedrock model version
        QRegularExpression(u"-\\d{4}-\\d{2}-\\d{2}$"_s), // OpenAI snapshot date
        QRegularExpression(u"[-@]\\d{8}$"_s),            // Anthropic snapshot date, Vertex "@date"
        QRegularExpression(u"-\\d{4}$"_s),               // older OpenAI MMDD snapshots ("gpt-4-0613")
        QRegularExpression(u"-latest$"_s),
    };
    static const QRegularExpression vendor(u"^([a-z]{2}\\.)?(anthropic|openai|google|meta|mistral|cohere)\\."_s);

    QStringList families;
    QString current = name;
    current.remove(vendor);
    if (current != name)
        families.append(current);
    bool stripped = true;
    while (stripped) {
        stripped = false;
        for (const QRegularExpression &re : suffixes) {
            const QRegularExpressionMatch m = re.match(current);
            if (m.hasMatch() && m.capturedStart() > 0) {
                current.truncate(m.capturedStart());
                families.append(current);
                stripped = true;
                break;
            }
        }
    }
    return families;
}

bool laterDate(const QDate &a, const QDate &b)
{
    // A null effectiveFrom has always been in force, so any dated row is newer.
    if (a.isNull())
        return false;
    return b.isNull() || a > b;
}

} // namespace

PriceTable PriceTable::withDefaults()
{
    PriceTable table;
    auto rows = builtInRows();
    if (!rows) {
        // The resource is compiled in and covered by tst_pricing; reaching this is a build error.
        qCritical().noquote() << "Built-in prices failed to load:" << rows.error();
        return table;
    }
    table.m_rows = *rows;
    table.reindex();
    return table;
}

Result<QList<ModelPrice>> PriceTable::builtInRows()
{
    QFile file(defaultsResource);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"The built-in price table %1 is missing from this build."_s.arg(defaultsResource));
    auto rows = parsePriceFile(file.readAll(), PriceSource::BuiltIn);
    if (!rows)
        return fail(rows.error());
    for (ModelPrice &row : *rows) {
        row.source = PriceSource::BuiltIn; // the defaults cannot claim to be the user's
        if (row.note.isEmpty())
            row.note = u"list price"_s;
    }
    return rows;
}

QList<ModelPrice> PriceTable::rows(PriceSource source) const
{
    QList<ModelPrice> out;
    for (const ModelPrice &row : m_rows) {
        if (row.source == source)
            out.append(row);
    }
    return out;
}

Result<void> PriceTable::add(const ModelPrice &row)
{
    if (row.pattern.trimmed().isEmpty())
        return fail(u"A price needs a model name or pattern."_s);
    if (row.match != PriceMatch::Exact) {
        const QRegularExpression re = compilePattern(row);
        if (!re.isValid())
            return fail(u"The pattern \"%1\" is invalid: %2"_s.arg(row.pattern, re.errorString()));
    }
    const auto same = [&row](const ModelPrice &r) {
        return r.source == row.source && r.match == row.match && r.effectiveFrom == row.effectiveFrom
            && r.pattern.compare(row.pattern, Qt::CaseInsensitive) == 0;
    };
    m_rows.removeIf(same);
    m_rows.append(row);
    reindex();
    return {};
}

Result<void> PriceTable::setRows(PriceSource source, const QList<ModelPrice> &rows)
{
    PriceTable next = *this;
    next.m_rows.removeIf([source](const ModelPrice &r) { return r.source == source; });
    // The look-up index holds row positions: rebuild it now, since an empty `rows` adds nothing
    // that would do it, and add() below relies on it being current.
    next.reindex();
    for (ModelPrice row : rows) {
        row.source = source;
        if (auto added = next.add(row); !added)
            return added;
    }
    *this = std::move(next);
    return {};
}

Result<void> PriceTable::loadOverrides(const QByteArray &json)
{
    auto rows = parsePriceFile(json, PriceSource::User);
    if (!rows)
        return fail(rows.error());
    QList<ModelPrice> imported;
    QList<ModelPrice> user;
    for (const ModelPrice &row : *rows)
        (row.source == PriceSource::Imported ? imported : user).append(row);
    // A row marked "builtin" in an overrides file is still the user's statement.
    PriceTable next = *this;
    if (auto r = next.setRows(PriceSource::Imported, imported); !r)
        return r;
    if (auto r = next.setRows(PriceSource::User, user); !r)
        return r;
    *this = std::move(next);
    return {};
}

Result<void> PriceTable::loadOverridesFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"Cannot read the price file %1: %2"_s.arg(path, file.errorString()));
    auto loaded = loadOverrides(file.readAll());
    if (!loaded)
        return fail(u"%1: %2"_s.arg(path, loaded.error()));
    return {};
}

QByteArray PriceTable::overridesJson() const
{
    QList<ModelPrice> rows = this->rows(PriceSource::Imported);
    rows.append(this->rows(PriceSource::User));
    return writePriceFile(rows);
}

Result<void> PriceTable::saveOverridesFile(const QString &path) const
{
    // QSaveFile: a crash mid-write leaves the previous overrides, not half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(overridesJson()) < 0 || !file.commit())
        return fail(u"Cannot write the price file %1: %2"_s.arg(path, file.errorString()));
    return {};
}

Result<LiteLlmImport> PriceTable::importLiteLlm(const QByteArray &json)
{
    auto report = assay::importLiteLlm(json);
    if (!report)
        return report;
    if (auto set = setRows(PriceSource::Imported, report->rows); !set)
        return fail(set.error());
    return report;
}

void PriceTable::reindex()
{
    m_exact.clear();
    m_patterns.clear();
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const ModelPrice &row = m_rows.at(i);
        if (row.match == PriceMatch::Exact)
            m_exact[row.pattern.trimmed().toLower()].append(i);
        else
            m_patterns.append({i, compilePattern(row)});
    }
}

std::optional<qsizetype> PriceTable::bestExact(PriceSource layer, const QString &name, const QDate &day) const
{
    std::optional<qsizetype> best;
    const auto it = m_exact.constFind(name);
    if (it == m_exact.cend())
        return best;
    for (qsizetype i : *it) {
        const ModelPrice &row = m_rows.at(i);
        if (row.source != layer || !row.inForceOn(day))
            continue;
        if (!best || !laterDate(m_rows.at(*best).effectiveFrom, row.effectiveFrom))
            best = i; // later rows win ties: the one added last is the one meant
    }
    return best;
}

bool PriceTable::better(const Candidate &a, const Candidate &b) const
{
    if (b.row < 0)
        return true;
    if (a.specificity != b.specificity)
        return a.specificity > b.specificity;
    if (a.exact != b.exact)
        return a.exact;
    const QDate &da = m_rows.at(a.row).effectiveFrom;
    const QDate &db = m_rows.at(b.row).effectiveFrom;
    if (da != db)
        return laterDate(da, db);
    return a.row > b.row;
}

std::optional<ModelPrice> PriceTable::find(const QString &model, const QDate &when) const
{
    const QDate day = when.isValid() ? when : QDate::currentDate();
    const QString full = model.trimmed().toLower();
    if (full.isEmpty())
        return std::nullopt;
    const QString bare = withoutProviderPrefix(full);
    const QStringList families = familiesOf(bare);

    for (PriceSource layer : {PriceSource::User, PriceSource::Imported, PriceSource::BuiltIn}) {
        if (const auto row = bestExact(layer, full, day))
            return m_rows.at(*row);
        if (const auto row = bestExact(layer, bare, day))
            return m_rows.at(*row);

        Candidate best;
        for (const auto &[row, re] : m_patterns) {
            const ModelPrice &price = m_rows.at(row);
            if (price.source != layer || !price.inForceOn(day))
                continue;
            if (re.match(full).hasMatch() || (bare != full && re.match(bare).hasMatch())) {
                const Candidate c{row, specificity(price), false};
                if (better(c, best))
                    best = c;
            }
        }
        for (const QString &family : families) {
            if (const auto row = bestExact(layer, family, day)) {
                const Candidate c{*row, family.size(), true};
                if (better(c, best))
                    best = c;
            }
        }
        if (best.row >= 0)
            return m_rows.at(best.row);
    }
    return std::nullopt;
}

} // namespace assay
