#pragma once

#include "query/OutputFilter.h"
#include "replay/ReplayTarget.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace assay {

// Which logged outputs a replay takes its inputs from.
struct ReplayInputs {
    enum class Kind { Filter, Ids, Dataset };
    Kind kind = Kind::Filter;
    OutputFilter filter; // Filter: newest first, at most `limit`
    qint64 limit = 100;
    QStringList ids;     // Ids: these outputs, in this order
    QString dataset;     // Dataset: a named, frozen list of ids in the workspace
    QString savedAs;     // Filter / Ids: the dataset the chosen outputs were saved as (--save-dataset)

    // The saved dataset whose outputs are this run's cases, either way; empty: none.
    QString frozenDataset() const { return kind == Kind::Dataset ? dataset : savedAs; }

    QJsonObject toJson() const;
    static ReplayInputs fromJson(const QJsonObject &json);
};

// How a run behaves; kept with the run so `resume` continues it the same way.
struct ReplayOptions {
    int concurrency = 8;              // the backends' adaptive concurrency never goes above this
    std::optional<double> budgetUsd;  // no call starts that could take the spend over it
    bool noCache = false;             // fresh samples: never answer from the response cache
    bool stream = false;              // SSE streaming from the providers

    QJsonObject toJson() const;
    static ReplayOptions fromJson(const QJsonObject &json);
};

struct ReplaySpec {
    QList<ReplayTarget> targets;
    ReplayInputs inputs;
    ReplayOptions options;
    QString registry; // what --registry said (empty: the source's own registry table)

    QJsonObject toJson() const;
    static ReplaySpec fromJson(const QJsonObject &json);
};

} // namespace assay
