#pragma once

#include "demo/DemoCatalog.h"
#include "demo/DemoRandom.h"
#include "demo/DemoTexts.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <array>

namespace assay::demo {

struct DemoUser {
    QString id;
    QString tier; // free, pro, enterprise: the customer_tier variable
    texts::Lang lang;
};

// One row's texts before they are written. Numbers hold what the input builder decided (usage
// figures, lead signals) so that the output can follow from the input.
struct RowDraft {
    std::array<QString, varCount> values;
    int item = 0;
    std::array<int, 6> numbers{};
    QString output;
    bool malformedJson = false;
};

// Builds the logged input variables and the model's output for a row from text pools converted
// once; per row it only picks, formats a few numbers and appends.
class DemoContent {
public:
    DemoContent();

    // timeFraction (0..1 through the span) lets later rows mention newer product releases.
    void makeInput(Feature feature, const DemoUser &user, double timeFraction, DemoRandom &rng, RowDraft &row) const;
    void makeOutput(const PromptVersion &version, DemoRandom &rng, RowDraft &row) const;

private:
    struct Ticket { texts::Lang lang; QString area, subject, body, issue, impact, tried, nextStep, owner; };
    struct Doc { texts::Lang lang; QString question, context, heading, intro, steps, code, link; };
    struct Inline { texts::Lang lang; QString field, before, after; std::array<QString, 3> suggestions; };
    using ByLang = std::array<QList<int>, texts::LangCount>;

    int pickByLang(const ByLang &byLang, texts::Lang lang, DemoRandom &rng) const;

    void ticketInput(const DemoUser &user, DemoRandom &rng, RowDraft &row) const;
    void docInput(const DemoUser &user, double timeFraction, DemoRandom &rng, RowDraft &row) const;
    void churnInput(DemoRandom &rng, RowDraft &row) const;
    void leadInput(DemoRandom &rng, RowDraft &row) const;
    void inlineInput(const DemoUser &user, DemoRandom &rng, RowDraft &row) const;

    void ticketOutput(int version, DemoRandom &rng, RowDraft &row) const;
    void docOutput(int version, DemoRandom &rng, RowDraft &row) const;
    void churnOutput(int version, DemoRandom &rng, RowDraft &row) const;
    void leadOutput(int version, DemoRandom &rng, RowDraft &row) const;
    void inlineOutput(int version, DemoRandom &rng, RowDraft &row) const;

    QList<Ticket> m_tickets;
    QList<Doc> m_docs;
    QList<Inline> m_inline;
    ByLang m_ticketsByLang, m_docsByLang, m_inlineByLang;
    QStringList m_greetings, m_extras, m_closings, m_questionPrefixes, m_questionSuffixes, m_docExtras,
        m_productVersions, m_accounts, m_plans, m_churnActions, m_churnSoftDrivers, m_companies, m_titles,
        m_sources, m_activities, m_leadActions;
    QList<int> m_titleSeniority, m_sourceWeights, m_activityWeights;
    QString m_hugeLog; // ~2 MB, for the rare runaway output
};

// JSON text helpers: the log is written by a Python-style backend (json.dumps separators, UTF-8 kept).
void appendJsonString(QString &out, QStringView text);
// {"var": value, ...} with exactly the version's template variables, in template order.
void appendInputJson(QString &out, const PromptVersion &version, const RowDraft &row);

} // namespace assay::demo
