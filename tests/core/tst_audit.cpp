// The log audit on a hand-made log whose every problem is planted and counted by hand: missing
// fields, feedback capture, empty outputs, JSON that does not parse, future and unreadable
// timestamps, token counts missing or zero, a model without a price, one input_hash over two
// inputs, duplicate rows, and ids out of time order; the same log with text (UUID-like) keys.
#include "TestSupport.h"

#include "AuditPlanted.h"
#include "audit/LogAudit.h"
#include "browse/LogSession.h"
#include "pricing/PriceTable.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

using test::Planted;
using test::planted;
const QDateTime kNow = test::kPlantedNow;

const FeatureAudit *featureOf(const LogAudit &audit, const QString &name)
{
    for (const FeatureAudit &f : audit.features) {
        if (f.feature == name)
            return &f;
    }
    return nullptr;
}

const AuditFinding *findingOf(const QList<AuditFinding> &findings, const QString &start)
{
    for (const AuditFinding &f : findings) {
        if (f.what.startsWith(start))
            return &f;
    }
    return nullptr;
}

bool allIn(const QStringList &sample, const QStringList &affected)
{
    for (const QString &id : sample) {
        if (!affected.contains(id))
            return false;
    }
    return !sample.isEmpty();
}

} // namespace

class TestAudit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plantedProblems_data();
    void plantedProblems();
    void sinceNarrowsTheRows();
    void verdictRules();
    void missingColumnsAreSaid();

private:
    QTemporaryDir m_dir;
};

void TestAudit::plantedProblems_data()
{
    QTest::addColumn<bool>("textKeys");
    QTest::newRow("integer ids out of time order") << false;
    QTest::newRow("text ids") << true;
}

void TestAudit::plantedProblems()
{
    QFETCH(bool, textKeys);
    const Planted p = planted(textKeys);
    test::TestLogOptions options;
    options.fileName = textKeys ? u"text.sqlite"_s : u"int.sqlite"_s;
    const QString log = test::TestLog::create(m_dir, p.columns, p.rows, options);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    auto audit = auditLog(**session, PriceTable::withDefaults(), std::nullopt, kNow);
    QVERIFY2(audit.ok(), qPrintable(audit.error()));

    QCOMPARE(audit->rows, qint64(72));
    const FeatureAudit *j = featureOf(*audit, u"j"_s);
    const FeatureAudit *t = featureOf(*audit, u"t"_s);
    QVERIFY(j && t);
    QCOMPARE(j->outputs, qint64(42)); // with the two duplicate copies of row 35
    QCOMPARE(t->outputs, qint64(30));
    QVERIFY(j->mostlyJson);
    QVERIFY(!t->mostlyJson);
    QCOMPARE(t->withFeedback, qint64(3));
    QCOMPARE(t->edited, qint64(1));
    QCOMPARE(j->withFeedback, qint64(0));

    const AuditFinding *invalid = findingOf(j->findings, u"outputs that should be JSON"_s);
    QVERIFY(invalid);
    QCOMPARE(invalid->count, qint64(4));
    QCOMPARE(invalid->of, qint64(40)); // the non-empty ones
    QVERIFY(allIn(invalid->sampleIds, p.invalidJsonIds));
    QVERIFY(!findingOf(t->findings, u"outputs that should be JSON"_s)); // prose is not expected to parse
    const AuditFinding *empty = findingOf(j->findings, u"outputs empty or NULL"_s);
    QVERIFY(empty);
    QCOMPARE(empty->count, qint64(2));
    QVERIFY(allIn(empty->sampleIds, p.emptyJsonIds));

    const AuditFinding *futureJ = findingOf(j->findings, u"timestamps in the future"_s);
    const AuditFinding *futureT = findingOf(t->findings, u"timestamps in the future"_s);
    QVERIFY(futureJ && futureT);
    QCOMPARE(futureJ->count + futureT->count, qint64(2));
    const AuditFinding *unreadable = findingOf(t->findings, u"timestamps that cannot be read"_s);
    QVERIFY(unreadable);
    QCOMPARE(unreadable->count, qint64(1));
    QCOMPARE(unreadable->sampleIds, p.unreadableIds);

    const AuditFinding *tokens = findingOf(t->findings, u"token counts missing or zero"_s);
    QVERIFY(tokens);
    QCOMPARE(tokens->count, qint64(5)); // rows 62..66: one side NULL or 0 each
    QVERIFY(allIn(tokens->sampleIds, p.zeroTokenIds));
    const AuditFinding *unpriced = findingOf(t->findings, u"calls with neither a logged cost nor a price"_s);
    QVERIFY(unpriced);
    QCOMPARE(unpriced->count, qint64(3));
    QVERIFY(unpriced->what.contains(u"mystery-model-9"_s));

    const AuditFinding *collision = findingOf(audit->logFindings, u"rows whose input_hash is shared"_s);
    QVERIFY(collision);
    QCOMPARE(collision->count, qint64(2));
    QVERIFY2(collision->what.contains(u"(1 hash)"_s), qPrintable(collision->what));
    const AuditFinding *dupes = findingOf(audit->logFindings, u"duplicate rows"_s);
    QVERIFY(dupes);
    QCOMPARE(dupes->count, qint64(2));

    const AuditFinding *order = findingOf(audit->logFindings, u"rows older than the row before them"_s);
    if (textKeys) {
        QVERIFY(!order);
        QVERIFY(audit->notes.join(u' ').contains(u"not sequential"_s));
    } else {
        QVERIFY(order);
        QCOMPARE(order->count, p.outOfOrder);
        QVERIFY(p.outOfOrder > 10); // the permutation really is out of order
    }

    // Fields: feedback is missing on all but 3 rows; every field of the table is listed.
    bool sawFeedback = false;
    for (const FieldAudit &f : audit->fields) {
        if (f.field == u"feedback"_s) {
            sawFeedback = true;
            QCOMPARE(f.missing, qint64(72 - 3));
        }
        if (f.field == u"latency_ms"_s)
            QVERIFY(f.column.isEmpty()); // not in this log
    }
    QVERIFY(sawFeedback);

    // JSON keeps numbers beside their names; Markdown names each finding.
    const QJsonObject json = audit->toJson();
    QCOMPARE(json.value(u"rows"_s).toInteger(), 72);
    QVERIFY(json.value(u"features"_s).toArray().first().toObject().value(u"feedback_rate"_s).isDouble());
    const QString md = audit->toMarkdown();
    QVERIFY(md.contains(u"outputs that should be JSON"_s));
    QVERIFY(md.contains(u"| j | 42 |"_s));
}

void TestAudit::sinceNarrowsTheRows()
{
    const Planted p = planted(false);
    test::TestLogOptions options;
    options.fileName = u"since.sqlite"_s;
    const QString log = test::TestLog::create(m_dir, p.columns, p.rows, options);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    // Rows i >= 60 were created in the last 10 hours (i = 60 unreadable is left out by the filter).
    qint64 expected = 0;
    for (const QVariantList &row : p.rows) {
        const QDateTime at = QDateTime::fromString(row.at(2).toString(), Qt::ISODate);
        expected += at.isValid() && at >= kNow.addSecs(-10 * 3600);
    }
    auto audit = auditLog(**session, PriceTable::withDefaults(), kNow.addSecs(-10 * 3600), kNow);
    QVERIFY2(audit.ok(), qPrintable(audit.error()));
    QCOMPARE(audit->rows, expected);
}

void TestAudit::verdictRules()
{
    FeatureAudit f;
    f.feature = u"x"_s;
    f.outputs = 1000;
    f.withFeedback = 8;
    QVERIFY2(featureVerdict(f).startsWith(u"feedback on 0.80% of outputs: too few to judge quality weekly"_s),
             qPrintable(featureVerdict(f)));
    f.withFeedback = 100;
    QVERIFY2(featureVerdict(f).contains(u"none \"edited\""_s), qPrintable(featureVerdict(f)));
    f.edited = 20;
    QVERIFY2(featureVerdict(f).contains(u"supports a weekly quality review"_s), qPrintable(featureVerdict(f)));
    f.findings << AuditFinding{u"outputs empty or NULL"_s, 30, 1000, {}};
    QVERIFY2(featureVerdict(f).contains(u"3.0% of outputs: outputs empty or NULL"_s), qPrintable(featureVerdict(f)));
    f.findings.first().count = 5; // 0.5%: below the 1% a verdict names
    QVERIFY(featureVerdict(f).contains(u"supports"_s));
}

void TestAudit::missingColumnsAreSaid()
{
    test::TestLogOptions options;
    options.fileName = u"bare.sqlite"_s;
    const QString log = test::TestLog::create(m_dir, {u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s,
                                                      u"created_at TEXT"_s, u"output TEXT"_s},
                                              {{1, u"f"_s, u"2026-11-19T00:00:00Z"_s, u"x"_s},
                                               {2, u"f"_s, u"2026-11-19T01:00:00Z"_s, u"y"_s}},
                                              options);
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    auto audit = auditLog(**session, PriceTable::withDefaults(), std::nullopt, kNow);
    QVERIFY2(audit.ok(), qPrintable(audit.error()));
    QVERIFY(audit->notes.join(u' ').contains(u"no end-user feedback column"_s));
    QVERIFY(audit->features.first().verdict.contains(u"too few to judge"_s));
    for (const FieldAudit &f : audit->fields) {
        if (f.field == u"model"_s)
            QCOMPARE(f.missing, qint64(2)); // absent: every row lacks it
    }
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
