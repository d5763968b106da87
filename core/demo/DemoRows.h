#pragma once

#include "demo/DemoCatalog.h"
#include "demo/DemoContent.h"
#include "demo/DemoRandom.h"
#include "demo/DemoTimeline.h"

#include <QList>
#include <QString>

#include <array>
#include <vector>

namespace assay::demo {

// One ai_outputs row, ready to bind. Null QStrings are written as SQL NULL.
struct DemoRow {
    const PromptVersion *version = nullptr;
    QString input;
    QString inputHash;
    QString output; // null when the call failed
    QString userId;
    QString sessionId;
    QString feedback; // null when the end user gave none
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    double costUsd = 0.0;
    qint64 latencyMs = 0;
    bool failed = false;
    QString error; // null unless failed
};

// Decides everything about a row except its timestamp: feature, prompt version (and so model), user
// and session, input and output, tokens, cost, latency, errors and end-user feedback.
class DemoRowFactory {
public:
    DemoRowFactory(quint64 seed, const DemoTimeline &timeline);

    // The prompt registry, with rollout times and labels resolved for this span.
    const QList<PromptVersion> &registry() const { return m_registry; }

    void make(qint64 createdMs, DemoRow &row);

private:
    struct UserState {
        DemoUser user;
        qint64 lastMs = 0;
        quint32 sessions = 0;
        QString sessionId;
    };
    struct VersionState { // the last input logged for a version, for the occasional regenerate
        RowDraft draft;
        QString inputJson;
        QString inputHash;
        bool has = false;
    };
    struct Incident {
        Provider provider;
        qint64 fromMs;
        qint64 toMs;
        double errorRate;
    };
    enum ErrorKind { Overloaded, RateLimited, ServerError, TimedOut, ErrorKindCount };

    void buildRegistry();
    void buildUsers();
    void buildIncidents();
    Feature pickFeature(qint64 ms);
    int pickVersion(Feature feature, qint64 ms);
    UserState &pickUser(qint64 ms);
    const QString &sessionFor(UserState &state, qint64 ms, int userIndex);
    void fillInput(int versionIndex, const UserState &user, qint64 ms, DemoRow &row);
    bool maybeFail(const PromptVersion &version, qint64 ms, DemoRow &row);
    void fillSuccess(const PromptVersion &version, const RowDraft &draft, DemoRow &row);
    void fillFeedback(const PromptVersion &version, const RowDraft &draft, DemoRow &row);
    const QString &errorMessage(const ModelInfo &model, ErrorKind kind) const;

    quint64 m_seed;
    const DemoTimeline &m_timeline;
    DemoRandom m_rng;
    DemoContent m_content;
    qint64 m_rampMs;
    QList<PromptVersion> m_registry;
    std::array<QList<int>, featureCount> m_liveVersions; // registry indices, in rollout order
    std::vector<VersionState> m_versionState;
    std::vector<UserState> m_users;
    std::vector<double> m_userCumulative;
    std::array<int, 64> m_recentUsers{}; // users of the last rows, a ring
    std::size_t m_recentCount = 0;
    QList<Incident> m_incidents;
    std::vector<std::array<QString, ErrorKindCount>> m_errorMessages; // per models() entry
};

} // namespace assay::demo
