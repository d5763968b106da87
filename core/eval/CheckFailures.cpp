#include "eval/CheckFailures.h"

#include "workspace/Workspace.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString resultsTable(const Workspace &ws)
{
    return ws.table(u"check_results"_s);
}

} // namespace

namespace {

// The newest stored result of each logged output for the check named by the one placeholder,
// narrowed by `outcome`: the one "newest result counts" rule behind both queries below.
QString newestLoggedResultsSql(const QString &table, const QString &columns, const QString &outcome)
{
    return u"SELECT %2 FROM %1 c WHERE c.check_name = ? AND %3 "
           "AND c.subject LIKE 'log:%' AND c.checked_at = (SELECT max(d.checked_at) FROM %1 d "
           "WHERE d.subject = c.subject AND d.check_name = c.check_name)"_s.arg(table, columns, outcome);
}

} // namespace

QString failingSubjectsSql(const QString &table)
{
    // passed = 0 AND applicable = 1 spelled as the partial index check_results_failing is.
    return newestLoggedResultsSql(table, u"c.subject"_s, u"c.passed = 0 AND c.applicable = 1"_s);
}

Result<QStringList> failingOutputKeys(Workspace &workspace, const QString &checkName)
{
    QSqlQuery q(workspace.db());
    q.setForwardOnly(true);
    q.prepare(failingSubjectsSql(resultsTable(workspace)));
    q.addBindValue(checkName);
    if (!q.exec())
        return fail(u"cannot read stored check results: %1"_s.arg(q.lastError().text()));
    QStringList keys;
    while (q.next())
        keys << q.value(0).toString().mid(4);
    return keys;
}

Result<QHash<QString, bool>> latestCheckOutcomes(Workspace &workspace, const QString &checkName)
{
    QSqlQuery q(workspace.db());
    q.setForwardOnly(true);
    q.prepare(newestLoggedResultsSql(resultsTable(workspace), u"c.subject, c.passed"_s, u"c.applicable = 1"_s));
    q.addBindValue(checkName);
    if (!q.exec())
        return fail(u"cannot read stored check results: %1"_s.arg(q.lastError().text()));
    QHash<QString, bool> outcomes;
    while (q.next())
        outcomes.insert(q.value(0).toString().mid(4), !q.value(1).toBool());
    return outcomes;
}

Result<QStringList> failingCheckNames(Workspace &workspace)
{
    QSqlQuery q(workspace.db());
    if (!q.exec(u"SELECT DISTINCT check_name FROM %1 WHERE passed = 0 AND applicable = 1 ORDER BY check_name"_s.arg(
            resultsTable(workspace))))
        return fail(u"cannot read stored check results: %1"_s.arg(q.lastError().text()));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    return names;
}

Result<QList<StoredCheckResult>> latestCheckResults(Workspace &workspace, const QString &outputKey)
{
    QSqlQuery q(workspace.db());
    q.prepare(u"SELECT check_name, passed, applicable, score, reason FROM %1 WHERE subject = ? "
              "ORDER BY checked_at DESC, check_no"_s.arg(resultsTable(workspace)));
    q.addBindValue(CheckResultStore::logSubject(outputKey));
    if (!q.exec())
        return fail(u"cannot read stored check results: %1"_s.arg(q.lastError().text()));
    QList<StoredCheckResult> results;
    QStringList seen;
    while (q.next()) {
        const QString name = q.value(0).toString();
        if (seen.contains(name))
            continue; // an older result of a check evaluated again since
        seen << name;
        results << StoredCheckResult{name, q.value(1).toInt() != 0, q.value(2).toInt() != 0, q.value(3).toDouble(),
                                     q.value(4).toString()};
    }
    std::stable_sort(results.begin(), results.end(), [](const StoredCheckResult &a, const StoredCheckResult &b) {
        const bool aFailed = a.applicable && !a.passed;
        const bool bFailed = b.applicable && !b.passed;
        if (aFailed != bFailed)
            return aFailed;
        return a.checkName < b.checkName;
    });
    return results;
}

} // namespace assay
