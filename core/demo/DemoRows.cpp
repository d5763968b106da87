#include "demo/DemoRows.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace assay::demo {

namespace {

constexpr int kUserCount = 420;
constexpr qint64 kSessionGapMs = 30 * 60'000; // a pause this long starts a new session
constexpr double kBaseErrorRate = 0.009;      // plus provider incidents: about 1% overall
constexpr double kRegenerateRate = 0.03;      // same input again: "regenerate" clicks and retries
constexpr double kCacheHitRate = 0.85;
constexpr double kBurstRate = 0.6; // calls come in bursts: often the next call is from someone active right now
constexpr double kCharsPerToken = 3.6;

QString hex(quint64 value, int digits)
{
    return u"%1"_s.arg(value & ((digits >= 16) ? ~0ULL : ((1ULL << (4 * digits)) - 1)), digits, 16, QLatin1Char('0'));
}

Var varFromName(const QString &name)
{
    for (int i = 0; i < varCount; ++i) {
        if (name == varName(static_cast<Var>(i)))
            return static_cast<Var>(i);
    }
    qFatal("demo template uses an unknown variable");
    return Var::Count;
}

// Cost from token counts and list prices (USD per million), rounded to 1e-8 USD like a billing export.
double costOf(const ModelInfo &model, qint64 input, qint64 cacheWrite, qint64 cacheRead, qint64 output)
{
    const double usd = (static_cast<double>(input) * model.input + static_cast<double>(cacheWrite) * model.cacheWrite
                        + static_cast<double>(cacheRead) * model.cacheRead + static_cast<double>(output) * model.output)
        / 1e6;
    return std::round(usd * 1e8) / 1e8;
}

} // namespace

DemoRowFactory::DemoRowFactory(quint64 seed, const DemoTimeline &timeline)
    : m_seed(seed),
      m_timeline(timeline),
      m_rng(seed, 0x205),
      m_rampMs(std::min<qint64>(36 * msPerHour, (timeline.endMs() - timeline.startMs()) * 8 / 100))
{
    buildRegistry();
    buildUsers();
    buildIncidents();
    for (const ModelInfo &model : models()) {
        const QString name = QString::fromLatin1(model.name);
        switch (model.provider) {
        case Provider::Anthropic:
            m_errorMessages.push_back({u"529 overloaded_error: Overloaded"_s,
                                       u"429 rate_limit_error: This request would exceed the rate limit for your "
                                       "organization of 400,000 input tokens per minute."_s,
                                       u"500 api_error: Internal server error"_s, u"timeout after 30s"_s});
            break;
        case Provider::OpenAI:
            m_errorMessages.push_back({u"503 server_error: The server is overloaded or not ready yet."_s,
                                       u"429 rate_limit_exceeded: Rate limit reached for %1 in organization org-lumen "
                                       "on tokens per min (TPM): Limit 2000000, Used 1999164, Requested 1342."_s.arg(name),
                                       u"500 server_error: The server had an error while processing your request."_s,
                                       u"timeout after 30s"_s});
            break;
        case Provider::Google:
            m_errorMessages.push_back({u"503 UNAVAILABLE: The model is overloaded. Please try again later."_s,
                                       u"429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota)."_s,
                                       u"500 INTERNAL: An internal error has occurred."_s, u"timeout after 30s"_s});
            break;
        }
    }
}

void DemoRowFactory::buildRegistry()
{
    const qint64 start = m_timeline.startMs();
    const qint64 span = m_timeline.endMs() - start;
    DemoRandom rng(m_seed, 0x4E6);
    for (const PromptVersionSpec &spec : promptVersionSpecs()) {
        PromptVersion version;
        version.spec = &spec;
        version.model = findModel(QLatin1StringView(spec.model));
        Q_ASSERT(version.model);
        version.modelName = QString::fromLatin1(spec.model);
        version.name = QString::fromLatin1(featureSpec(spec.feature).name);
        version.version = u"v%1"_s.arg(spec.number);
        version.templateText = QString::fromUtf8(spec.templateText);
        for (const QString &name : templateVariables(version.templateText))
            version.vars.append(varFromName(name));
        // The backend builds its input dict in its own order, not the template's.
        std::sort(version.vars.begin(), version.vars.end());
        qint64 created = 0;
        if (spec.liveFrom < 0) { // staged for an A/B replay in the last days
            created = m_timeline.endMs() - 2 * msPerDay + rng.range(0, 20) * msPerHour;
        } else {
            version.liveFromMs = start + static_cast<qint64>(spec.liveFrom * static_cast<double>(span));
            created = version.liveFromMs - (spec.liveFrom == 0.0 ? rng.range(3, 20) * msPerDay : rng.range(2, 30) * msPerHour);
            m_liveVersions[static_cast<int>(spec.feature)].append(static_cast<int>(m_registry.size()));
        }
        version.createdAt = isoMillis(created - rng.range(0, 3'599'999));
        m_registry.append(version);
    }
    for (PromptVersion &version : m_registry)
        version.labels = version.liveFromMs < 0 ? u"[\"staging\"]"_s : u"[]"_s;
    for (const QList<int> &live : m_liveVersions)
        m_registry[live.last()].labels = u"[\"production\"]"_s;
    m_versionState.resize(static_cast<std::size_t>(m_registry.size()));
}

// A few hundred users with a long-tailed activity (a handful of power users), mostly English-speaking.
void DemoRowFactory::buildUsers()
{
    DemoRandom rng(m_seed, 0x05E5);
    double total = 0.0;
    for (int i = 0; i < kUserCount; ++i) {
        UserState state;
        state.user.id = u"u_"_s + hex(mix64(m_seed ^ (0xA5A5ULL << 20) ^ static_cast<quint64>(i)), 8);
        const double tier = rng.uniform();
        state.user.tier = tier < 0.2 ? u"enterprise"_s : tier < 0.55 ? u"pro"_s : u"free"_s;
        const double lang = rng.uniform();
        state.user.lang = lang < 0.84 ? texts::En : lang < 0.89 ? texts::Fr : lang < 0.94 ? texts::De
                                                 : lang < 0.97 ? texts::Ja : texts::Es;
        state.lastMs = std::numeric_limits<qint64>::min() / 2;
        total += 1.0 / std::pow(i + 1.0, 0.7);
        m_userCumulative.push_back(total);
        m_users.push_back(state);
    }
}

// Provider outages: an hour or two where one provider fails a good share of calls.
void DemoRowFactory::buildIncidents()
{
    DemoRandom rng(m_seed, 0x1AC1);
    const Provider providers[] = {Provider::Anthropic, Provider::Anthropic, Provider::OpenAI, Provider::Google};
    const qint64 span = m_timeline.endMs() - m_timeline.startMs();
    for (const Provider provider : providers) {
        const qint64 from = m_timeline.startMs() + static_cast<qint64>(rng.uniform() * static_cast<double>(span));
        m_incidents.append({provider, from, from + rng.range(40, 180) * 60'000LL, rng.uniform(0.15, 0.35)});
    }
}

Feature DemoRowFactory::pickFeature(qint64 ms)
{
    std::array<double, featureCount> weights{};
    double total = 0.0;
    for (const FeatureSpec &spec : featureSpecs()) {
        const QList<int> &live = m_liveVersions[static_cast<int>(spec.feature)];
        const qint64 launched = m_registry.at(live.first()).liveFromMs;
        double weight = 0.0;
        if (ms >= launched) // a feature launched inside the span ramps up like a rollout
            weight = launched <= m_timeline.startMs() ? 1.0 : std::min(1.0, static_cast<double>(ms - launched) / m_rampMs);
        total += weight * spec.share;
        weights[static_cast<int>(spec.feature)] = total;
    }
    const double u = m_rng.uniform() * total;
    for (int i = 0; i < featureCount; ++i) {
        if (u < weights[i])
            return static_cast<Feature>(i);
    }
    return Feature::InlineSuggestion;
}

// A new version takes over gradually: during the ramp a growing share of calls already uses it.
int DemoRowFactory::pickVersion(Feature feature, qint64 ms)
{
    const QList<int> &live = m_liveVersions[static_cast<int>(feature)];
    qsizetype current = 0;
    for (qsizetype i = 1; i < live.size(); ++i) {
        if (m_registry.at(live.at(i)).liveFromMs <= ms)
            current = i;
    }
    const qint64 since = ms - m_registry.at(live.at(current)).liveFromMs;
    if (current > 0 && since < m_rampMs && m_rng.uniform() * static_cast<double>(m_rampMs) >= static_cast<double>(since))
        return live.at(current - 1);
    return live.at(current);
}

DemoRowFactory::UserState &DemoRowFactory::pickUser(qint64 ms)
{
    std::size_t index = m_users.size();
    if (m_recentCount > 0 && m_rng.chance(kBurstRate)) {
        const auto recent = static_cast<std::size_t>(m_recentUsers[m_rng.below(static_cast<quint32>(std::min(m_recentCount, m_recentUsers.size())))]);
        if (ms - m_users[recent].lastMs <= kSessionGapMs)
            index = recent;
    }
    if (index == m_users.size()) {
        const double u = m_rng.uniform() * m_userCumulative.back();
        const auto it = std::upper_bound(m_userCumulative.begin(), m_userCumulative.end(), u);
        index = std::min<std::size_t>(static_cast<std::size_t>(it - m_userCumulative.begin()), m_users.size() - 1);
    }
    m_recentUsers[m_recentCount++ % m_recentUsers.size()] = static_cast<int>(index);
    return m_users[index];
}

const QString &DemoRowFactory::sessionFor(UserState &state, qint64 ms, int userIndex)
{
    if (ms - state.lastMs > kSessionGapMs) {
        ++state.sessions;
        const quint64 key = m_seed * 0x9E3779B97F4A7C15ULL ^ (static_cast<quint64>(userIndex) << 32) ^ state.sessions;
        state.sessionId = u"s_"_s + hex(mix64(key), 12);
    }
    state.lastMs = ms;
    return state.sessionId;
}

void DemoRowFactory::make(qint64 createdMs, DemoRow &row)
{
    const Feature feature = pickFeature(createdMs);
    const int versionIndex = pickVersion(feature, createdMs);
    const PromptVersion &version = m_registry.at(versionIndex);
    UserState &user = pickUser(createdMs);
    row.version = &version;
    row.userId = user.user.id;
    row.sessionId = sessionFor(user, createdMs, static_cast<int>(&user - m_users.data()));
    fillInput(versionIndex, user, createdMs, row);
    row.feedback = QString();
    if (maybeFail(version, createdMs, row))
        return;
    RowDraft &draft = m_versionState[static_cast<std::size_t>(versionIndex)].draft;
    m_content.makeOutput(version, m_rng, draft);
    row.output = draft.output;
    fillSuccess(version, draft, row);
    fillFeedback(version, draft, row);
}

void DemoRowFactory::fillInput(int versionIndex, const UserState &user, qint64 ms, DemoRow &row)
{
    VersionState &state = m_versionState[static_cast<std::size_t>(versionIndex)];
    if (!state.has || !m_rng.chance(kRegenerateRate)) {
        const PromptVersion &version = m_registry.at(versionIndex);
        m_content.makeInput(version.spec->feature, user.user, m_timeline.fraction(ms), m_rng, state.draft);
        QString json;
        json.reserve(512);
        appendInputJson(json, version, state.draft);
        state.inputHash = QString::fromLatin1(
            QCryptographicHash::hash(json.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
        state.inputJson = json;
        state.has = true;
    }
    row.input = state.inputJson;
    row.inputHash = state.inputHash;
}

bool DemoRowFactory::maybeFail(const PromptVersion &version, qint64 ms, DemoRow &row)
{
    double rate = kBaseErrorRate;
    bool incident = false;
    for (const Incident &i : m_incidents) {
        if (i.provider == version.model->provider && ms >= i.fromMs && ms < i.toMs && i.errorRate > rate) {
            rate = i.errorRate;
            incident = true;
        }
    }
    row.failed = m_rng.chance(rate);
    if (!row.failed) {
        row.error = QString();
        return false;
    }
    const double u = m_rng.uniform();
    const ErrorKind kind = incident ? Overloaded : u < 0.35 ? RateLimited : u < 0.6 ? ServerError : u < 0.9 ? TimedOut : Overloaded;
    row.error = errorMessage(*version.model, kind);
    row.output = QString();
    row.inputTokens = row.outputTokens = row.cacheReadTokens = row.cacheWriteTokens = 0;
    row.costUsd = 0.0;
    row.latencyMs = kind == TimedOut ? 30'000 + m_rng.range(0, 60)
                                     : std::clamp<qint64>(std::llround(400.0 * m_rng.logNormal(0.6)), 60, 5000);
    return true;
}

const QString &DemoRowFactory::errorMessage(const ModelInfo &model, ErrorKind kind) const
{
    const auto index = static_cast<std::size_t>(&model - models().data());
    return m_errorMessages.at(index).at(kind);
}

// Tokens follow the text lengths plus the prompt's hidden overhead; cached prefixes are billed at the
// cache rates. input_tokens counts uncached input only (Anthropic's convention), so
// cost = input*in + cache_write*write + cache_read*read + output*out holds for every row.
void DemoRowFactory::fillSuccess(const PromptVersion &version, const RowDraft &draft, DemoRow &row)
{
    const PromptVersionSpec &spec = *version.spec;
    const ModelInfo &model = *version.model;
    const qint64 prompt = spec.overheadTokens
        + std::llround(static_cast<double>(row.input.size()) / kCharsPerToken * m_rng.uniform(0.95, 1.05));
    row.cacheReadTokens = row.cacheWriteTokens = 0;
    row.inputTokens = prompt;
    if (spec.cachedPrefixTokens > 0) {
        if (m_rng.chance(kCacheHitRate))
            row.cacheReadTokens = spec.cachedPrefixTokens;
        else if (model.provider == Provider::Anthropic) // only Anthropic reports (and bills) cache writes
            row.cacheWriteTokens = spec.cachedPrefixTokens;
        row.inputTokens = prompt - row.cacheReadTokens - row.cacheWriteTokens;
    }
    const qsizetype chars = draft.output.size();
    row.outputTokens = chars == 0 ? 1 : std::max<qint64>(1, std::llround(chars / kCharsPerToken * m_rng.uniform(0.9, 1.1)));
    row.costUsd = costOf(model, row.inputTokens, row.cacheWriteTokens, row.cacheReadTokens, row.outputTokens);

    // Time to first token, prefill and decode, with log-normal jitter and a slow tail.
    double latency = (model.firstTokenMs + 0.015 * static_cast<double>(prompt) + model.msPerOutputToken * row.outputTokens)
        * m_rng.logNormal(0.3);
    if (m_rng.chance(0.03))
        latency *= m_rng.uniform(2.0, 6.0);
    row.latencyMs = std::clamp<qint64>(std::llround(latency), 60, 600'000);
}

void DemoRowFactory::fillFeedback(const PromptVersion &version, const RowDraft &draft, DemoRow &row)
{
    double positive = version.spec->positive;
    double negative = version.spec->negative;
    const double edited = version.spec->edited;
    if (draft.malformedJson || draft.output.isEmpty()) { // broken output: users complain
        positive *= 0.2;
        negative *= 3.0;
    }
    const double u = m_rng.uniform();
    if (u < positive)
        row.feedback = u"positive"_s;
    else if (u < positive + negative)
        row.feedback = u"negative"_s;
    else if (u < positive + negative + edited)
        row.feedback = u"edited"_s;
}

} // namespace assay::demo
