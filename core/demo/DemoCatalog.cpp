#include "demo/DemoCatalog.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace assay::demo {

namespace {

// Shares sum to 1. inline_suggestion fires on keystrokes, so it dominates the volume.
constexpr FeatureSpec kFeatures[] = {
    {Feature::TicketSummary, "ticket_summary", 0.17},
    {Feature::DocAnswer, "doc_answer", 0.12},
    {Feature::ChurnRisk, "churn_risk", 0.07},
    {Feature::LeadScore, "lead_score", 0.09},
    {Feature::InlineSuggestion, "inline_suggestion", 0.55},
};

constexpr ModelInfo kModels[] = {
    {"claude-sonnet-4-5", Provider::Anthropic, 3.00, 3.75, 0.30, 15.00, 900, 17.0},
    {"claude-haiku-4-5", Provider::Anthropic, 1.00, 1.25, 0.10, 5.00, 450, 7.0},
    {"gpt-4o-mini", Provider::OpenAI, 0.15, 0.15, 0.075, 0.60, 380, 9.0},
    {"gpt-4.1", Provider::OpenAI, 2.00, 2.00, 0.50, 8.00, 650, 13.0},
    {"gpt-4.1-mini", Provider::OpenAI, 0.40, 0.40, 0.10, 1.60, 420, 8.0},
    {"gemini-2.5-flash", Provider::Google, 0.30, 0.30, 0.03, 2.50, 520, 5.0},
};

constexpr const char *kVarNames[varCount] = {
    "ticket_subject", "ticket_body", "product_area", "customer_tier",
    "question", "doc_context", "product_version",
    "account_name", "plan", "usage_summary", "support_history",
    "company", "employee_count", "contact_title", "signup_source", "recent_activity",
    "field_name", "text_before", "text_after",
};

// The story the registry tells: ticket_summary moves to Haiku to save money (v2), quality drops,
// v3 goes back to Sonnet with the customer tier; v4 waits in staging for an A/B replay.
constexpr PromptVersionSpec kVersions[] = {
    {Feature::TicketSummary, 1, "claude-sonnet-4-5", 0.0, 0.3, 400, 420, 0, 0.085, 0.035, 0.018,
     "maya.chen", "First production version.",
     "You are a support operations assistant for Lumen. Summarize the customer ticket below for the agent "
     "who picks it up.\n\nRules:\n- 3 or 4 Markdown bullets: **Issue**, **Impact**, **Tried**, **Next step**.\n"
     "- Quote error messages exactly.\n- No greetings, no speculation.\n\n"
     "Subject: {{ticket_subject}}\n\nTicket:\n{{ticket_body}}"},
    {Feature::TicketSummary, 2, "claude-haiku-4-5", 0.32, 0.3, 400, 460, 0, 0.065, 0.052, 0.028,
     "maya.chen", "Move to Haiku to cut cost; pass the product area so Next step names the owning team.",
     "You are a support operations assistant for Lumen. Summarize the customer ticket below for the agent "
     "who picks it up.\n\nRules:\n- 3 or 4 Markdown bullets: **Issue**, **Impact**, **Tried**, **Next step**.\n"
     "- Quote error messages exactly.\n- End the Next step bullet with the team that owns {{product_area}}.\n"
     "- No greetings, no speculation.\n\nSubject: {{ticket_subject}}\n\nTicket:\n{{ticket_body}}"},
    {Feature::TicketSummary, 3, "claude-sonnet-4-5", 0.68, 0.2, 450, 1180, 1024, 0.115, 0.020, 0.012,
     "dev.okafor", "Back to Sonnet after the v2 quality drop; add the customer tier for a Priority bullet; "
     "cache the few-shot examples.",
     "You are a support operations assistant for Lumen. Summarize the customer ticket below for the agent "
     "who picks it up.\n\nRules:\n- Markdown bullets: **Issue**, **Impact**, **Tried**, **Next step**.\n"
     "- The customer is on the {{customer_tier}} tier; for enterprise customers add a **Priority** bullet.\n"
     "- Quote error messages exactly.\n- End the Next step bullet with the team that owns {{product_area}}.\n"
     "- No greetings, no speculation.\n\nSubject: {{ticket_subject}}\n\nTicket:\n{{ticket_body}}"},
    {Feature::TicketSummary, 4, "claude-haiku-4-5", -1.0, 0.2, 450, 1180, 1024, 0.115, 0.020, 0.012,
     "dev.okafor", "Try Haiku again with the v3 examples; replay against v3 before promoting.",
     "You are a support operations assistant for Lumen. Summarize the ticket for the agent who picks it up, "
     "in at most four Markdown bullets: **Issue**, **Impact**, **Tried**, **Next step**.\n"
     "- Customer tier: {{customer_tier}} (enterprise: add a **Priority** bullet first).\n"
     "- Quote error messages exactly; never invent steps the customer did not take.\n"
     "- Next step ends with the team that owns {{product_area}}.\n\n"
     "Subject: {{ticket_subject}}\n\nTicket:\n{{ticket_body}}"},

    {Feature::DocAnswer, 1, "gpt-4.1", 0.0, 0.2, 1200, 1900, 1536, 0.075, 0.045, 0.004,
     "sam.rivera", "First production version.",
     "Answer the user's question about Lumen using only the documentation excerpts below. If they do not "
     "contain the answer, say so and link the closest page.\nFormat: Markdown; a short heading, numbered steps "
     "for procedures, code blocks for commands.\n\nDocumentation:\n{{doc_context}}\n\nQuestion: {{question}}"},
    {Feature::DocAnswer, 2, "claude-sonnet-4-5", 0.50, 0.2, 1500, 2100, 1800, 0.105, 0.026, 0.004,
     "sam.rivera", "Sonnet; pass the product version so answers match the user's release.",
     "Answer the user's question about Lumen using only the documentation excerpts below. The user runs "
     "Lumen {{product_version}}; prefer instructions for that release and say when a step differs.\n"
     "If the excerpts do not contain the answer, say so and link the closest page.\nFormat: Markdown; a short "
     "heading, numbered steps for procedures, code blocks for commands.\n\nDocumentation:\n{{doc_context}}\n\n"
     "Question: {{question}}"},

    {Feature::ChurnRisk, 1, "gpt-4o-mini", 0.0, 0.0, 300, 380, 0, 0.040, 0.030, 0.010,
     "priya.nair", "First production version.",
     "You are a customer-success analyst. Assess the churn risk of this account over the next 90 days.\n"
     "Return only JSON: {\"risk\": number 0-1, \"drivers\": [string], \"recommended_action\": string}.\n\n"
     "Account: {{account_name}}\nPlan: {{plan}}\nUsage (last 30 days): {{usage_summary}}"},
    {Feature::ChurnRisk, 2, "gpt-4.1", 0.45, 0.0, 350, 1250, 1024, 0.050, 0.018, 0.008,
     "priya.nair", "Add support history and a confidence; bigger model after malformed JSON on v1.",
     "You are a customer-success analyst. Assess the churn risk of this account over the next 90 days.\n"
     "Return only JSON: {\"risk\": number 0-1, \"confidence\": number 0-1, \"drivers\": [string], "
     "\"recommended_action\": string}. No prose, no code fences.\n\n"
     "Account: {{account_name}}\nPlan: {{plan}}\nUsage (last 30 days): {{usage_summary}}\n"
     "Support history: {{support_history}}"},

    {Feature::LeadScore, 1, "gpt-4.1-mini", 0.15, 0.2, 300, 520, 0, 0.050, 0.025, 0.025,
     "jonas.weber", "Launch: score inbound leads for the sales team.",
     "Score this inbound lead for Lumen's sales team from 0 to 100.\nReturn only JSON: {\"score\": integer, "
     "\"tier\": \"A\"|\"B\"|\"C\", \"reasons\": [string], \"next_best_action\": string}.\n\n"
     "Company: {{company}} ({{employee_count}} employees)\nContact: {{contact_title}}\n"
     "Source: {{signup_source}}\nActivity: {{recent_activity}}"},
    {Feature::LeadScore, 2, "gemini-2.5-flash", 0.60, 0.1, 300, 560, 0, 0.055, 0.022, 0.022,
     "jonas.weber", "Gemini Flash, same variables; stricter tier thresholds (A >= 80, B >= 55).",
     "Score this inbound lead for Lumen's sales team from 0 to 100. Tier A is 80 or more, B is 55 to 79, "
     "C is below 55.\nReturn only JSON: {\"score\": integer, \"tier\": \"A\"|\"B\"|\"C\", \"reasons\": [string], "
     "\"next_best_action\": string}.\n\nCompany: {{company}} ({{employee_count}} employees)\n"
     "Contact: {{contact_title}}\nSource: {{signup_source}}\nActivity: {{recent_activity}}"},

    {Feature::InlineSuggestion, 1, "gpt-4o-mini", 0.0, 0.7, 48, 140, 0, 0.070, 0.032, 0.015,
     "lea.martin", "First production version.",
     "Continue the user's text in the {{field_name}} field. Reply with the continuation only: at most one "
     "sentence, same language and tone.\n\nText so far:\n{{text_before}}"},
    {Feature::InlineSuggestion, 2, "gemini-2.5-flash", 0.22, 0.6, 48, 160, 0, 0.082, 0.026, 0.016,
     "lea.martin", "Pass the text after the cursor so suggestions fit mid-sentence edits.",
     "Continue the user's text in the {{field_name}} field. Reply with the continuation only: at most one "
     "sentence, same language and tone, and it must read naturally before the text after the cursor.\n\n"
     "Text so far:\n{{text_before}}\n\nText after the cursor:\n{{text_after}}"},
    {Feature::InlineSuggestion, 3, "claude-haiku-4-5", 0.78, 0.5, 40, 170, 0, 0.090, 0.022, 0.014,
     "lea.martin", "Haiku: fewer run-on suggestions.",
     "You complete text as the user types in Lumen's {{field_name}} field. Reply with the continuation only, "
     "never more than one short sentence, in the user's language and tone. It must join the text after the "
     "cursor seamlessly.\n\nBefore the cursor:\n{{text_before}}\n\nAfter the cursor:\n{{text_after}}"},
};

} // namespace

QLatin1StringView varName(Var var)
{
    return QLatin1StringView(kVarNames[static_cast<int>(var)]);
}

bool varIsNumber(Var var)
{
    return var == Var::EmployeeCount;
}

std::span<const FeatureSpec> featureSpecs() { return kFeatures; }
std::span<const ModelInfo> models() { return kModels; }
std::span<const PromptVersionSpec> promptVersionSpecs() { return kVersions; }

const FeatureSpec &featureSpec(Feature feature)
{
    return kFeatures[static_cast<int>(feature)];
}

const ModelInfo *findModel(QLatin1StringView name)
{
    for (const ModelInfo &model : kModels) {
        if (name == QLatin1StringView(model.name))
            return &model;
    }
    return nullptr;
}

QStringList templateVariables(const QString &templateText)
{
    static const QRegularExpression placeholder(u"\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}"_s);
    QStringList names;
    auto it = placeholder.globalMatch(templateText);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace assay::demo
