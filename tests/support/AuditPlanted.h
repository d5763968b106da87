#pragma once

// A small log with every problem the audit looks for planted and counted by hand (see
// tests/core/tst_audit.cpp); shared with the PostgreSQL audit test, which audits the same rows.
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

namespace assay::test {

inline const QDateTime kPlantedNow(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());

struct Planted {
    QList<QVariantList> rows;
    QStringList columns{QStringLiteral("id INTEGER PRIMARY KEY"), QStringLiteral("feature TEXT"), QStringLiteral("created_at TEXT"), QStringLiteral("output TEXT"),
                        QStringLiteral("model TEXT"), QStringLiteral("input TEXT"), QStringLiteral("input_hash TEXT"), QStringLiteral("feedback TEXT"),
                        QStringLiteral("input_tokens INTEGER"), QStringLiteral("output_tokens INTEGER"), QStringLiteral("cost REAL")};
    QStringList invalidJsonIds, emptyJsonIds, futureIds, unreadableIds, zeroTokenIds, unpricedIds;
    qint64 outOfOrder = 0; // by a plain walk in key order
};

// 40 rows of "j" (JSON outputs) and 30 of "t" (prose), ids a permutation of 1..70 against time.
Planted planted(bool textKeys);

} // namespace assay::test
