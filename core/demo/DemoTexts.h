#pragma once

#include <span>

// Raw UTF-8 text pools for the demo log, about a fictional SaaS product called Lumen. DemoContent
// converts them to QString once and combines them per row; nothing here is touched per row.
namespace assay::demo::texts {

// Languages a user may write in. Most are English; the others put non-ASCII text into the log.
enum Lang { En, Fr, De, Ja, Es, LangCount };

struct TicketScenario {
    Lang lang;
    const char *area;
    const char *subject;
    const char *body;
    const char *issue;
    const char *impact;
    const char *tried;
    const char *nextStep;
};

struct DocTopic {
    Lang lang;
    const char *question;
    const char *context;
    const char *heading;
    const char *intro;
    const char *steps;
    const char *code; // nullptr: no code block
    const char *link;
};

struct InlineEntry {
    Lang lang;
    const char *field;
    const char *before;
    const char *after;
    const char *suggestions[3];
};

std::span<const TicketScenario> ticketScenarios();
std::span<const DocTopic> docTopics();
std::span<const InlineEntry> inlineEntries();

std::span<const char *const> ticketGreetings();
std::span<const char *const> ticketExtras();
std::span<const char *const> ticketClosings();
std::span<const char *const> areaOwners(); // "area|team"
std::span<const char *const> questionPrefixes();
std::span<const char *const> questionSuffixes();
std::span<const char *const> docExtraSections(); // appended to the few long answers
std::span<const char *const> productVersions();

std::span<const char *const> accountNames();
std::span<const char *const> plans();
std::span<const char *const> churnActions();
std::span<const char *const> churnSoftDrivers(); // drivers not derived from the usage numbers

std::span<const char *const> companies();
std::span<const char *const> contactTitles(); // "seniority|title", seniority 0..3
std::span<const char *const> signupSources();  // "weight|source"
std::span<const char *const> leadActivities(); // "weight|activity"
std::span<const char *const> leadActions(); // "tier|action"

} // namespace assay::demo::texts
