#include "CheckStoreScenario.h"

#include "eval/CheckFailures.h"
#include "eval/CheckResultStore.h"
#include "eval/CheckSetStore.h"
#include "workspace/Workspace.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace assay::test {

namespace {

const QByteArray setA = R"([{"type": "is-json"}, {"type": "contains", "value": "refund"},
                            {"type": "latency", "threshold": 1000}])";
const QByteArray setB = R"([{"type": "is-json"}, {"type": "contains", "value": "credit"}])";

QString same(const QList<CheckOutcome> &a, const QList<CheckOutcome> &b)
{
    if (a.size() != b.size())
        return u"%1 outcomes, expected %2"_s.arg(a.size()).arg(b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].passed != b[i].passed || a[i].score != b[i].score || a[i].reason != b[i].reason
            || a[i].applicable != b[i].applicable)
            return u"outcome %1 differs: %2/%3 vs %4/%5"_s.arg(i).arg(a[i].name, a[i].reason, b[i].name, b[i].reason);
    }
    return {};
}

} // namespace

QString runCheckStoreScenario(Workspace &ws)
{
    auto a = CheckSet::parse(setA, u"a.json"_s);
    auto b = CheckSet::parse(setB, u"b.json"_s);
    if (!a || !b)
        return u"sets: "_s + a.error() + b.error();
    QList<CheckInput> inputs{{u"{\"refund\": true}"_s, {}, 200, {}, {}},
                             {u"no refund here"_s, {}, 5000, {}, {}},
                             {u"plain"_s, {}, std::nullopt, {}, {}}};
    {
        CheckResultStore store(ws);
        if (auto p = store.prepare(*a); !p)
            return p.error();
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const QByteArray hash = CheckResultStore::inputHash(inputs[i]);
            if (store.lookup(CheckResultStore::logSubject(QString::number(i)), hash))
                return u"a fresh workspace has stored results"_s;
            if (auto s = store.save(CheckResultStore::logSubject(QString::number(i)), hash, a->evaluate(inputs[i])); !s)
                return s.error();
        }
        if (auto f = store.flush(); !f)
            return f.error();
    }
    CheckResultStore again(ws);
    if (auto p = again.prepare(*a); !p)
        return p.error();
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const auto stored = again.lookup(CheckResultStore::logSubject(QString::number(i)), CheckResultStore::inputHash(inputs[i]));
        if (!stored)
            return u"output %1 was not stored"_s.arg(i);
        if (const QString diff = same(*stored, a->evaluate(inputs[i])); !diff.isEmpty())
            return diff;
    }
    // A changed output (or latency) is a different hash: recomputed, not reused.
    CheckInput changed = inputs[0];
    changed.latencyMs = 201;
    if (again.lookup(CheckResultStore::logSubject(u"0"_s), CheckResultStore::inputHash(changed)))
        return u"a changed input was taken from the store"_s;
    // Writing the same subject again replaces its rows.
    if (auto s = again.save(CheckResultStore::logSubject(u"0"_s), CheckResultStore::inputHash(changed), a->evaluate(changed)); !s)
        return s.error();
    if (auto f = again.flush(); !f)
        return f.error();
    auto rows = again.resultsFor(CheckResultStore::logSubject(u"0"_s), a->fingerprint());
    if (!rows || rows->size() != 3 || rows->at(1).checkName != a->names().at(1) || !rows->at(2).passed)
        return u"resultsFor: %1"_s.arg(rows ? QString::number(rows->size()) : rows.error());
    // Another set sees nothing of the first one's results.
    CheckResultStore other(ws);
    if (auto p = other.prepare(*b); !p)
        return p.error();
    if (other.lookup(CheckResultStore::logSubject(u"1"_s), CheckResultStore::inputHash(inputs[1])))
        return u"a result of another set was reused"_s;

    // "Fails check X": the newest result per output and check name decides, whatever its set.
    const QString containsRefund = a->names().at(1);
    auto failing = failingOutputKeys(ws, containsRefund);
    if (!failing || *failing != QStringList{u"2"_s})
        return u"failing keys of %1: %2"_s.arg(containsRefund, failing ? failing->join(u","_s) : failing.error());
    auto latency = failingOutputKeys(ws, a->names().at(2));
    if (!latency || *latency != QStringList{u"1"_s}) // output 2 has no latency: not applicable, not failing
        return u"failing keys of latency: %1"_s.arg(latency ? latency->join(u","_s) : latency.error());
    auto names = failingCheckNames(ws);
    if (!names || !names->contains(containsRefund) || !names->contains(a->names().at(0)))
        return u"failing check names: %1"_s.arg(names ? names->join(u","_s) : names.error());
    auto latest = latestCheckResults(ws, u"2"_s);
    if (!latest || latest->size() != 3 || latest->first().passed || !latest->first().applicable)
        return u"latest results of output 2: %1"_s.arg(latest ? QString::number(latest->size()) : latest.error());
    // A later result of the same check name wins: output 2 re-checked by a set where "contains
    // refund" passes (the output changed) no longer fails it.
    {
        auto c = CheckSet::parse(R"([{"type": "contains", "value": "refund"}])", u"c.json"_s);
        if (!c)
            return c.error();
        CheckResultStore later(ws);
        if (auto p = later.prepare(*c); !p)
            return p.error();
        QThread::msleep(5); // checked_at has millisecond resolution
        const CheckInput refund{u"refund"_s, {}, {}, {}, {}};
        if (auto s = later.save(CheckResultStore::logSubject(u"2"_s), CheckResultStore::inputHash(refund), c->evaluate(refund)); !s)
            return s.error();
        if (auto f = later.flush(); !f)
            return f.error();
        auto now = failingOutputKeys(ws, containsRefund);
        if (!now || !now->isEmpty())
            return u"after a passing re-check: %1"_s.arg(now ? now->join(u","_s) : now.error());
    }

    CheckSetStore sets(ws);
    if (auto s = sets.save(u"prompt:churn"_s, setA, u"a.json"_s, u"ann"_s); !s)
        return s.error();
    if (auto s = sets.save(u"prompt:churn"_s, setB, u"b.json"_s, u"ben"_s); !s)
        return s.error();
    if (sets.save(u"team:x"_s, setA, u"a.json"_s, u"ann"_s).ok())
        return u"a bad scope was accepted"_s;
    if (sets.save(u"feature:x"_s, "[{\"type\": \"regex\", \"value\": \"(\"}]", u"bad.json"_s, u"ann"_s).ok())
        return u"a set that does not parse was accepted"_s;
    auto found = sets.find(u"prompt:churn"_s);
    if (!found || !*found || (*found)->definition != setB || (*found)->updatedBy != u"ben"_s || !(*found)->updatedAt.isValid())
        return u"find: %1"_s.arg(found ? u"wrong set"_s : found.error());
    auto all = sets.all();
    if (!all || all->size() != 1)
        return u"all: %1"_s.arg(all ? QString::number(all->size()) : all.error());
    auto removed = sets.remove(u"prompt:churn"_s);
    if (!removed || !*removed)
        return u"remove failed"_s;
    auto gone = sets.find(u"prompt:churn"_s);
    if (!gone || *gone)
        return u"a removed set is still there"_s;
    return {};
}

} // namespace assay::test
