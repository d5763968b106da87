// The model side of the demo log: what each feature's prompt versions answer. Kept apart from the
// input builders in DemoContent.cpp; the quirks per version are what a reviewer should notice.
#include "demo/DemoContent.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay::demo {

namespace {

const QString &valueOf(const RowDraft &row, Var var)
{
    return row.values[static_cast<std::size_t>(var)];
}

QString twoDecimals(int hundredths)
{
    return u"%1.%2"_s.arg(hundredths / 100).arg(hundredths % 100, 2, 10, QLatin1Char('0'));
}

// JSON the way models write it: v1 prompts got single-line objects, later versions pretty-printed.
class JsonWriter {
public:
    JsonWriter(QString &out, bool pretty) : m_out(out), m_pretty(pretty) { m_out += u'{'; }

    void key(QLatin1StringView name)
    {
        m_out += m_first ? (m_pretty ? u"\n  "_s : QString()) : (m_pretty ? u",\n  "_s : u", "_s);
        m_first = false;
        m_out += u'"';
        m_out += name;
        m_out += u"\": "_s;
    }
    void raw(QLatin1StringView name, const QString &text) { key(name); m_out += text; }
    void string(QLatin1StringView name, const QString &text) { key(name); appendJsonString(m_out, text); }
    void strings(QLatin1StringView name, const QStringList &items)
    {
        key(name);
        m_out += u'[';
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                m_out += u", "_s;
            appendJsonString(m_out, items.at(i));
        }
        m_out += u']';
    }
    void close() { m_out += m_pretty ? u"\n}"_s : u"}"_s; }

private:
    QString &m_out;
    bool m_pretty;
    bool m_first = true;
};

// How JSON features fail in real logs: cut off mid-stream, fenced, prefixed with prose, or a
// trailing comma. Truncation never splits a surrogate pair, so the text stays valid UTF-16.
void breakJson(QString &json, DemoRandom &rng)
{
    const double kind = rng.uniform();
    if (kind < 0.55) {
        qsizetype cut = static_cast<qsizetype>(json.size() * rng.uniform(0.35, 0.9));
        if (cut > 0 && json.at(cut - 1).isHighSurrogate())
            --cut;
        json.truncate(cut);
    } else if (kind < 0.75) {
        json = u"```json\n"_s + json + u"\n```"_s;
    } else if (kind < 0.9) {
        json.prepend(u"Here is the churn assessment:\n\n"_s);
    } else {
        json.insert(json.size() - 1, u','); // {"risk": 0.4, ...,}
    }
}

} // namespace

void DemoContent::ticketOutput(int version, DemoRandom &rng, RowDraft &row) const
{
    const Ticket &ticket = m_tickets.at(row.item);
    QString &out = row.output;
    // v2 (Haiku) chats more and sometimes drops a bullet: the quality dip the team later reverted.
    if ((version == 2 && rng.chance(0.15)) || (version == 1 && rng.chance(0.04)))
        out += u"Here is a summary of the ticket:\n\n"_s;
    if (version >= 3 && valueOf(row, Var::CustomerTier) == u"enterprise"_s)
        out += u"- **Priority:** High (enterprise customer)\n"_s;
    out += u"- **Issue:** "_s + ticket.issue + u'\n';
    if (!(version == 2 && rng.chance(0.12)))
        out += u"- **Impact:** "_s + ticket.impact + u'\n';
    out += u"- **Tried:** "_s + ticket.tried + u'\n';
    out += u"- **Next step:** "_s + ticket.nextStep;
    if (version >= 2)
        out += u". Owner: "_s + ticket.owner;
    out += u'.';
}

void DemoContent::docOutput(int version, DemoRandom &rng, RowDraft &row) const
{
    const Doc &doc = m_docs.at(row.item);
    QString &out = row.output;
    // About one row in 60,000 overall: a runaway answer that quotes a whole log, megabytes of text.
    if (rng.chance(1.0 / 7000.0)) {
        out = u"## Sync log\n\nHere is the full sync log you asked about:\n\n```text\n"_s + m_hugeLog + u"```\n"_s;
        return;
    }
    if (rng.chance(0.05)) {
        out += u"I couldn't find this in the documentation excerpts I was given. The closest page is ["_s + doc.heading
            + u"]("_s + doc.link + u")."_s;
        return;
    }
    if (!(version == 1 && rng.chance(0.3)))
        out += u"## "_s + doc.heading + u"\n\n"_s;
    if (version >= 2 && doc.lang == texts::En)
        out += u"For Lumen "_s + valueOf(row, Var::ProductVersion) + u": "_s;
    out += doc.intro + u"\n\n"_s + doc.steps;
    if (!doc.code.isEmpty())
        out += u"\n\n"_s + doc.code;
    if (rng.chance(0.04)) { // the long answers: 2-3 KB of extra sections
        const int sections = rng.range(3, static_cast<int>(m_docExtras.size()));
        const int first = static_cast<int>(rng.below(static_cast<quint32>(m_docExtras.size())));
        for (int i = 0; i < sections; ++i)
            out += m_docExtras.at((first + i) % m_docExtras.size());
    }
    out += u"\n\nSee also: ["_s + doc.heading + u"]("_s + doc.link + u')';
}

void DemoContent::churnOutput(int version, DemoRandom &rng, RowDraft &row) const
{
    const auto &[utilisation, loginDelta, daysSinceAdmin, open, p1, risk] = row.numbers;
    QStringList drivers;
    if (utilisation < 60)
        drivers.append(u"seat utilisation at %1%"_s.arg(utilisation));
    if (loginDelta < -15)
        drivers.append(u"logins down %1% vs previous period"_s.arg(-loginDelta));
    if (daysSinceAdmin > 14)
        drivers.append(u"no admin login for %1 days"_s.arg(daysSinceAdmin));
    if (p1)
        drivers.append(u"unresolved P1 ticket"_s);
    else if (open > 0)
        drivers.append(u"%1 open support ticket%2"_s.arg(open).arg(open > 1 ? u"s"_s : QString()));
    if (rng.chance(0.3))
        drivers.append(m_churnSoftDrivers.at(rng.below(static_cast<quint32>(m_churnSoftDrivers.size()))));
    if (drivers.isEmpty())
        drivers.append(u"healthy usage across teams"_s);

    const int action = risk >= 70 ? rng.range(0, 3) : risk >= 40 ? rng.pick({1, 4, 6}) : rng.range(5, 6);
    QString &out = row.output;
    JsonWriter json(out, version >= 2);
    json.raw("risk"_L1, twoDecimals(risk));
    if (version >= 2)
        json.raw("confidence"_L1, twoDecimals(rng.range(55, 90)));
    json.strings("drivers"_L1, drivers);
    json.string("recommended_action"_L1, m_churnActions.at(action));
    json.close();
    // v1 on gpt-4o-mini broke its JSON more often than v2 does: about 1.5% overall.
    if (rng.chance(version == 1 ? 0.02 : 0.013)) {
        breakJson(out, rng);
        row.malformedJson = true;
    }
}

void DemoContent::leadOutput(int version, DemoRandom &rng, RowDraft &row) const
{
    const auto &[score, seniority, employees, activityScore, source, title] = row.numbers;
    const int tierA = version >= 2 ? 80 : 75;
    const int tierB = version >= 2 ? 55 : 50;
    const QChar tier = score >= tierA ? u'A' : score >= tierB ? u'B' : u'C';
    QStringList reasons;
    if (seniority >= 2)
        reasons.append(u"senior buyer (%1)"_s.arg(m_titles.at(title)));
    else if (seniority == 0)
        reasons.append(u"contact is unlikely to be a buyer (%1)"_s.arg(m_titles.at(title)));
    reasons.append(u"company size: %1 employees"_s.arg(employees));
    if (activityScore >= 12)
        reasons.append(u"high-intent activity: %1"_s.arg(valueOf(row, Var::RecentActivity)));
    else if (activityScore < 0)
        reasons.append(u"low engagement since signup"_s);
    if (m_sourceWeights.at(source) >= 8)
        reasons.append(u"strong source: %1"_s.arg(m_sources.at(source)));

    QStringList actions;
    for (const QString &entry : m_leadActions) {
        if (entry.at(0) == tier)
            actions.append(entry.mid(2));
    }
    QString &out = row.output;
    JsonWriter json(out, version >= 2);
    json.raw("score"_L1, QString::number(score));
    json.string("tier"_L1, QString(tier));
    json.strings("reasons"_L1, reasons);
    json.string("next_best_action"_L1, actions.at(rng.below(static_cast<quint32>(actions.size()))));
    json.close();
}

void DemoContent::inlineOutput(int version, DemoRandom &rng, RowDraft &row) const
{
    const Inline &entry = m_inline.at(row.item);
    QString &out = row.output;
    // Gemini (v2) now and then returns nothing at all: an empty but successful output.
    if (version == 2 && rng.chance(0.005))
        return;
    out += entry.suggestions.at(rng.below(3));
    // v1 ran on: two suggestions glued together, the reason v3 exists.
    if (version == 1 && rng.chance(0.1))
        out += entry.suggestions.at(rng.below(3));
}

} // namespace assay::demo
