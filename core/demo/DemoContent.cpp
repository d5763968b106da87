#include "demo/DemoContent.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay::demo {

namespace {

QString fromUtf8(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

QStringList toList(std::span<const char *const> items)
{
    QStringList list;
    list.reserve(static_cast<qsizetype>(items.size()));
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return list;
}

// "12|text" pools: splits the number off, keeps the text in place.
QList<int> splitWeights(QStringList &items)
{
    QList<int> weights;
    weights.reserve(items.size());
    for (QString &item : items) {
        const qsizetype bar = item.indexOf(u'|');
        weights.append(item.left(bar).toInt());
        item.remove(0, bar + 1);
    }
    return weights;
}

const QString &pickFrom(const QStringList &list, DemoRandom &rng)
{
    return list.at(rng.below(static_cast<quint32>(list.size())));
}

QString &value(RowDraft &row, Var var)
{
    return row.values[static_cast<std::size_t>(var)];
}

// A few thousand lines of a sync log: the one output per ~50,000 rows that is megabytes long, so the
// browser's big-output handling gets exercised. Built once; fixed content keeps the file reproducible.
QString makeHugeLog()
{
    DemoRandom rng(0x5EED'10C5ULL);
    QString log;
    log.reserve(2'100'000);
    int line = 0;
    while (log.size() < 2'000'000) {
        log += u"2026-03-02T10:%1:%2.%3Z INFO  sync.worker[%4] batch=%5 rows=500 upserted=%6 skipped=%7 status=ok\n"_s
                   .arg(line / 600 % 60, 2, 10, QLatin1Char('0'))
                   .arg(line / 10 % 60, 2, 10, QLatin1Char('0'))
                   .arg(rng.below(1000), 3, 10, QLatin1Char('0'))
                   .arg(rng.below(8))
                   .arg(line)
                   .arg(480 + rng.below(21))
                   .arg(rng.below(20));
        ++line;
    }
    return log;
}

} // namespace

DemoContent::DemoContent()
{
    for (const texts::TicketScenario &t : texts::ticketScenarios()) {
        Ticket ticket{t.lang, fromUtf8(t.area), fromUtf8(t.subject), fromUtf8(t.body), fromUtf8(t.issue),
                      fromUtf8(t.impact), fromUtf8(t.tried), fromUtf8(t.nextStep), {}};
        for (const char *pair : texts::areaOwners()) {
            const QString entry = QString::fromUtf8(pair);
            if (entry.section(u'|', 0, 0) == ticket.area)
                ticket.owner = entry.section(u'|', 1);
        }
        m_ticketsByLang[t.lang].append(static_cast<int>(m_tickets.size()));
        m_tickets.append(ticket);
    }
    for (const texts::DocTopic &d : texts::docTopics()) {
        m_docsByLang[d.lang].append(static_cast<int>(m_docs.size()));
        m_docs.append({d.lang, fromUtf8(d.question), fromUtf8(d.context), fromUtf8(d.heading), fromUtf8(d.intro),
                       fromUtf8(d.steps), fromUtf8(d.code), fromUtf8(d.link)});
    }
    for (const texts::InlineEntry &e : texts::inlineEntries()) {
        m_inlineByLang[e.lang].append(static_cast<int>(m_inline.size()));
        m_inline.append({e.lang, fromUtf8(e.field), fromUtf8(e.before), fromUtf8(e.after),
                         {fromUtf8(e.suggestions[0]), fromUtf8(e.suggestions[1]), fromUtf8(e.suggestions[2])}});
    }
    m_greetings = toList(texts::ticketGreetings());
    m_extras = toList(texts::ticketExtras());
    m_closings = toList(texts::ticketClosings());
    m_questionPrefixes = toList(texts::questionPrefixes());
    m_questionSuffixes = toList(texts::questionSuffixes());
    m_docExtras = toList(texts::docExtraSections());
    m_productVersions = toList(texts::productVersions());
    m_accounts = toList(texts::accountNames());
    m_plans = toList(texts::plans());
    m_churnActions = toList(texts::churnActions());
    m_churnSoftDrivers = toList(texts::churnSoftDrivers());
    m_companies = toList(texts::companies());
    m_titles = toList(texts::contactTitles());
    m_titleSeniority = splitWeights(m_titles);
    m_sources = toList(texts::signupSources());
    m_sourceWeights = splitWeights(m_sources);
    m_activities = toList(texts::leadActivities());
    m_activityWeights = splitWeights(m_activities);
    m_leadActions = toList(texts::leadActions());
    m_hugeLog = makeHugeLog();
}

// Users writing in another language do so most of the time, not always.
int DemoContent::pickByLang(const ByLang &byLang, texts::Lang lang, DemoRandom &rng) const
{
    const QList<int> &own = byLang[lang];
    const bool useOwn = lang != texts::En && !own.isEmpty() && rng.chance(0.7);
    const QList<int> &pool = useOwn ? own : byLang[texts::En];
    return pool.at(rng.below(static_cast<quint32>(pool.size())));
}

void DemoContent::makeInput(Feature feature, const DemoUser &user, double timeFraction, DemoRandom &rng,
                            RowDraft &row) const
{
    row.malformedJson = false;
    switch (feature) {
    case Feature::TicketSummary: ticketInput(user, rng, row); break;
    case Feature::DocAnswer: docInput(user, timeFraction, rng, row); break;
    case Feature::ChurnRisk: churnInput(rng, row); break;
    case Feature::LeadScore: leadInput(rng, row); break;
    case Feature::InlineSuggestion: inlineInput(user, rng, row); break;
    }
}

void DemoContent::makeOutput(const PromptVersion &version, DemoRandom &rng, RowDraft &row) const
{
    row.output.truncate(0); // keeps the capacity when the buffer is not shared
    row.malformedJson = false;
    const int number = version.spec->number;
    switch (version.spec->feature) {
    case Feature::TicketSummary: ticketOutput(number, rng, row); break;
    case Feature::DocAnswer: docOutput(number, rng, row); break;
    case Feature::ChurnRisk: churnOutput(number, rng, row); break;
    case Feature::LeadScore: leadOutput(number, rng, row); break;
    case Feature::InlineSuggestion: inlineOutput(number, rng, row); break;
    }
}

void DemoContent::ticketInput(const DemoUser &user, DemoRandom &rng, RowDraft &row) const
{
    row.item = pickByLang(m_ticketsByLang, user.lang, rng);
    const Ticket &ticket = m_tickets.at(row.item);
    QString body;
    body.reserve(ticket.body.size() + 96);
    if (ticket.lang == texts::En)
        body += pickFrom(m_greetings, rng);
    body += ticket.body;
    if (ticket.lang == texts::En) {
        body += pickFrom(m_extras, rng);
        if (rng.chance(0.3))
            body += u" Workspace id: ws_%1."_s.arg(rng.range(1000, 99999));
        body += pickFrom(m_closings, rng);
    }
    value(row, Var::TicketSubject) = ticket.subject;
    value(row, Var::TicketBody) = body;
    value(row, Var::ProductArea) = ticket.area;
    value(row, Var::CustomerTier) = user.tier;
}

void DemoContent::docInput(const DemoUser &user, double timeFraction, DemoRandom &rng, RowDraft &row) const
{
    row.item = pickByLang(m_docsByLang, user.lang, rng);
    const Doc &doc = m_docs.at(row.item);
    const bool english = doc.lang == texts::En;
    QString question = english ? pickFrom(m_questionPrefixes, rng) + doc.question + pickFrom(m_questionSuffixes, rng)
                               : doc.question;
    // Retrieval returns the right excerpt and, often, a less relevant neighbour.
    QString context = u"[1] "_s + doc.context;
    if (rng.chance(0.3)) {
        const Doc &other = m_docs.at(rng.below(static_cast<quint32>(m_docs.size())));
        context += u"\n\n[2] "_s + other.context;
    }
    // Releases ship through the span; most users run the newest one available at the time.
    const int newest = std::clamp(static_cast<int>(timeFraction * 4.0), 0, static_cast<int>(m_productVersions.size()) - 1);
    const double lag = rng.uniform();
    const int release = std::max(0, newest - (lag < 0.6 ? 0 : lag < 0.9 ? 1 : 2));
    value(row, Var::Question) = question;
    value(row, Var::DocContext) = context;
    value(row, Var::ProductVersion) = m_productVersions.at(release);
}

void DemoContent::churnInput(DemoRandom &rng, RowDraft &row) const
{
    const QString &plan = pickFrom(m_plans, rng);
    const int seats = plan == u"Starter"_s ? rng.range(5, 15)
        : plan == u"Growth"_s             ? rng.range(10, 60)
        : plan == u"Business"_s           ? rng.range(40, 250)
                                          : rng.range(200, 2000);
    const int active = std::max(1, static_cast<int>(seats * rng.uniform(0.25, 1.0)));
    const int loginDelta = std::clamp(static_cast<int>(std::lround(rng.normal() * 25.0)), -70, 40);
    const int daysSinceAdmin = std::min(60, static_cast<int>(-std::log(1.0 - rng.uniform()) * 8.0));
    const int tickets = static_cast<int>(rng.below(9));
    const int open = std::min(tickets, static_cast<int>(rng.below(4)));
    const bool p1 = open > 0 && rng.chance(0.25);
    const double utilisation = static_cast<double>(active) / seats;
    const double risk = std::clamp(0.08 + 0.55 * (1.0 - utilisation) + 0.5 * std::max(0, -loginDelta) / 70.0
                                       + 0.15 * std::min(daysSinceAdmin, 30) / 30.0 + 0.06 * open + (p1 ? 0.1 : 0.0)
                                       + 0.06 * rng.normal(),
                                   0.02, 0.97);
    row.numbers = {static_cast<int>(std::lround(utilisation * 100)), loginDelta, daysSinceAdmin, open, p1 ? 1 : 0,
                   static_cast<int>(std::lround(risk * 100))};
    value(row, Var::AccountName) = pickFrom(m_accounts, rng);
    value(row, Var::Plan) = plan;
    value(row, Var::UsageSummary) = u"%1/%2 seats active, logins %3% vs previous 30 days, %4 reports viewed, "
                                    "last admin login %5 days ago"_s.arg(active)
                                        .arg(seats)
                                        .arg(loginDelta > 0 ? u"+%1"_s.arg(loginDelta) : QString::number(loginDelta))
                                        .arg(rng.range(0, 40) * active / 10)
                                        .arg(daysSinceAdmin);
    value(row, Var::SupportHistory) = tickets == 0 ? u"no tickets in 90 days"_s
        : u"%1 tickets in 90 days, %2 open%3"_s.arg(tickets).arg(open).arg(p1 ? u", including a P1 (SSO outage)"_s : QString());
}

void DemoContent::leadInput(DemoRandom &rng, RowDraft &row) const
{
    const int title = static_cast<int>(rng.below(static_cast<quint32>(m_titles.size())));
    const int source = static_cast<int>(rng.below(static_cast<quint32>(m_sources.size())));
    const int employees = static_cast<int>(std::lround(std::pow(10.0, rng.uniform(0.9, 4.3))));
    const int wanted = rng.range(1, 3);
    int mask = 0;
    int activityScore = 0;
    QString activity;
    for (int i = 0; i < wanted; ++i) {
        const int a = static_cast<int>(rng.below(static_cast<quint32>(m_activities.size())));
        if (mask & (1 << a))
            continue;
        mask |= 1 << a;
        activityScore += m_activityWeights.at(a);
        if (!activity.isEmpty())
            activity += u", "_s;
        activity += m_activities.at(a);
    }
    const double raw = 18 + 11.0 * m_titleSeniority.at(title) + 9.0 * std::log10(employees) + activityScore
        + m_sourceWeights.at(source) + 6.0 * rng.normal();
    row.numbers = {static_cast<int>(std::clamp(std::lround(raw), 3L, 98L)), m_titleSeniority.at(title), employees,
                   activityScore, source, title};
    value(row, Var::Company) = pickFrom(m_companies, rng);
    value(row, Var::EmployeeCount) = QString::number(employees);
    value(row, Var::ContactTitle) = m_titles.at(title);
    value(row, Var::SignupSource) = m_sources.at(source);
    value(row, Var::RecentActivity) = activity;
}

void DemoContent::inlineInput(const DemoUser &user, DemoRandom &rng, RowDraft &row) const
{
    row.item = pickByLang(m_inlineByLang, user.lang, rng);
    const Inline &entry = m_inline.at(row.item);
    // A ticket reference in front keeps most inputs distinct, as real typing is.
    QString before = rng.chance(0.4) ? u"[LUM-%1] "_s.arg(rng.range(100, 9999)) + entry.before : entry.before;
    value(row, Var::FieldName) = entry.field;
    value(row, Var::TextBefore) = before;
    value(row, Var::TextAfter) = entry.after;
}

void appendJsonString(QString &out, QStringView text)
{
    out += u'"';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"': out += u"\\\""_s; break;
        case u'\\': out += u"\\\\"_s; break;
        case u'\n': out += u"\\n"_s; break;
        case u'\r': out += u"\\r"_s; break;
        case u'\t': out += u"\\t"_s; break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\u%1"_s.arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
}

void appendInputJson(QString &out, const PromptVersion &version, const RowDraft &row)
{
    out += u'{';
    bool first = true;
    for (const Var var : version.vars) {
        if (!first)
            out += u", "_s;
        first = false;
        out += u'"';
        out += varName(var); // plain identifiers: nothing to escape
        out += u"\": "_s;
        const QString &text = row.values[static_cast<std::size_t>(var)];
        if (varIsNumber(var))
            out += text;
        else
            appendJsonString(out, text);
    }
    out += u'}';
}

} // namespace assay::demo
