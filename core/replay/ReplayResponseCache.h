#pragma once

#include "replay/ReplayBackend.h"
#include "replay/ReplayTarget.h"
#include "util/Result.h"

#include <QSqlQuery>
#include <QString>

#include <optional>

namespace assay {

class Workspace;

// The key of a response: SHA-256 over the provider (and base URL: two servers may serve one
// model name differently), the model, the parameters and the exact messages sent.
QString replayCacheKey(const ReplayTarget &target, const ReplayCall &call);

// Answers already paid for, so re-running a replay costs nothing unless fresh samples are
// asked for. Only successful answers are kept; the newest answer for a key wins.
class ReplayResponseCache {
public:
    explicit ReplayResponseCache(Workspace &workspace);

    Result<std::optional<ReplayCallResult>> find(const QString &key);
    Result<void> store(const QString &key, const ReplayTarget &target, const ReplayCallResult &result);

private:
    Workspace &m_ws;
    QSqlQuery m_find;
    QSqlQuery m_store;
    bool m_prepared = false;
    Result<void> prepare();
};

} // namespace assay
