#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <span>

// The fixed cast of the demo log: features, models with list prices, and the prompt registry whose
// versions roll out over the span. Everything the generator varies over time is decided here.
namespace assay::demo {

enum class Feature { TicketSummary, DocAnswer, ChurnRisk, LeadScore, InlineSuggestion };
constexpr int featureCount = 5;

enum class Provider { Anthropic, OpenAI, Google };

struct ModelInfo {
    const char *name;
    Provider provider;
    // USD per million tokens, from reference/llm-apis.md. Providers without a cache-write price bill
    // cache writes as plain input, so cacheWrite equals input for them.
    double input, cacheWrite, cacheRead, output;
    int firstTokenMs;        // median time to first token
    double msPerOutputToken; // decode speed
};

// Template variables. DemoContent produces a value for each per row; a version's template decides
// which of them are logged in `input`, so the two can never disagree.
enum class Var {
    TicketSubject, TicketBody, ProductArea, CustomerTier,
    Question, DocContext, ProductVersion,
    AccountName, Plan, UsageSummary, SupportHistory,
    Company, EmployeeCount, ContactTitle, SignupSource, RecentActivity,
    FieldName, TextBefore, TextAfter,
    Count
};
constexpr int varCount = static_cast<int>(Var::Count);

QLatin1StringView varName(Var var);
bool varIsNumber(Var var); // logged as a JSON number, not a string

struct FeatureSpec {
    Feature feature;
    const char *name; // also the prompt name in the registry
    double share;     // of all calls once launched
};

struct PromptVersionSpec {
    Feature feature;
    int number;
    const char *model;
    double liveFrom; // fraction of the span where its rollout starts; < 0: staged, never served
    double temperature;
    int maxTokens;
    int overheadTokens;     // system prompt and few-shot examples, not visible in the logged input
    int cachedPrefixTokens; // part of the overhead served from the prompt cache (0: no caching)
    double positive, negative, edited; // end-user feedback rates: how good this version is
    const char *author;
    const char *note;
    const char *templateText;
};

std::span<const FeatureSpec> featureSpecs();
std::span<const ModelInfo> models();
std::span<const PromptVersionSpec> promptVersionSpecs();

const FeatureSpec &featureSpec(Feature feature);
const ModelInfo *findModel(QLatin1StringView name);

// A registry entry ready for the generator: the spec plus what is derived from it once.
struct PromptVersion {
    const PromptVersionSpec *spec = nullptr;
    const ModelInfo *model = nullptr;
    QString modelName;
    QString name;     // "ticket_summary"
    QString version;  // "v3"
    QString templateText;
    QList<Var> vars;  // the template's {{placeholders}}, in Var order (how the backend logs them)
    qint64 liveFromMs = -1; // start of its rollout in this file's span; -1: never served
    QString createdAt;      // when it was written, a little before it went live
    QString labels;         // JSON array: ["production"], ["staging"] or []
};

// The {{name}} placeholders of a template, in order of first appearance, without duplicates.
QStringList templateVariables(const QString &templateText);

} // namespace assay::demo
