// Reviewer-label filters (label, reviewed / not, reviewer, note, tag, disagrees with the end
// user) on a SQLite log: the attached-workspace subqueries and the bound key lists (what
// PostgreSQL logs and workspaces use) return exactly the rows a plain C++ reading of the
// labels says, pages and counts agree, and failures are reported, never an empty result.

#include "TestSupport.h"

#include "browse/LogSession.h"
#include "labels/LabelStore.h"
#include "labels/LabelledKeys.h"
#include "query/FilterSql.h"
#include "workspace/Workspace.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int kRows = 60;
const QStringList kFeedback{QString(), u"positive"_s, u"negative"_s, u"edited"_s};

// Feedback cycles none/positive/negative/edited by id, so every label meets every feedback.
QList<QVariantList> rowsWithFeedback(bool textIds)
{
    QList<QVariantList> rows = test::TestLog::standardRows(kRows);
    for (QVariantList &row : rows) {
        const qint64 id = row.at(0).toLongLong();
        row[8] = kFeedback.at(id % 4).isEmpty() ? QVariant() : QVariant(kFeedback.at(id % 4));
        if (textIds)
            row[0] = u"out-%1"_s.arg(id);
    }
    return rows;
}

QStringList textIdColumns()
{
    QStringList columns = test::TestLog::standardColumns();
    columns[0] = u"id TEXT PRIMARY KEY"_s;
    return columns;
}

QSet<QString> keysOf(OutputsRepository &repo, const OutputFilter &filter, QString *error = nullptr)
{
    QSet<QString> keys;
    auto done = repo.forEachRecord(filter, SortOrder{}, -1, [&](const OutputRecord &r) {
        keys.insert(r.key.toString());
        return true;
    });
    if (!done && error)
        *error = done.error();
    return keys;
}

} // namespace

class TestLabelFilters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void matchesReference_data();
    void matchesReference();
    void textIdsInBothModes();
    void labelsSetAfterOpeningAreSeen();
    void jsonRoundTripKeepsOldViews();
    void withoutWorkspaceIsAnError();
    void unreadableLabelsAreAnError();
    void disagreementNeedsFeedbackColumn();

private:
    // What the filter means, computed from the current labels without SQL.
    QSet<QString> reference(const OutputFilter &f);
    void useKeyLists(bool on);

    std::unique_ptr<test::ScopedWorkspaceDir> m_wsDir;
    QTemporaryDir m_dir;
    std::unique_ptr<LogSession> m_session;
    SearchSupport m_attachedSupport;
    QList<LabelEvent> m_current;
};

void TestLabelFilters::initTestCase()
{
    m_wsDir = std::make_unique<test::ScopedWorkspaceDir>();
    const QString log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), rowsWithFeedback(false));
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    m_session = std::move(*session);
    QVERIFY(m_session->workspace());
    m_attachedSupport = m_session->outputs().searchSupport();
    QVERIFY(m_attachedSupport.labelsAttached);

    Workspace &ws = *m_session->workspace();
    LabelStore alice(ws, u"alice"_s);
    LabelStore bob(ws, u"bob"_s);
    for (int id = 1; id <= 40; ++id) {
        const auto value = LabelValue(id % 3);
        QStringList tags;
        if (id % 5 == 0)
            tags << u"tone"_s;
        if (id % 7 == 0)
            tags << u"facts"_s;
        QVERIFY(alice.set({QString::number(id), value, id % 4 == 0 ? u"note %1"_s.arg(id) : QString(), tags, {}}).ok());
        if (id % 2 == 0)
            QVERIFY(bob.set({QString::number(id), LabelValue((id / 2) % 3), id % 6 == 0 ? u"bob's"_s : QString(), {}, {}}).ok());
    }
    // A relabel, a clear, and labels on outputs that are not (or never were) in the log.
    QVERIFY(alice.set({u"3"_s, LabelValue::Negative, u"changed my mind"_s, {u"tone"_s}, {}}).ok());
    QVERIFY(alice.set({u"6"_s, std::nullopt, {}, {}, {}}).ok());
    QVERIFY(bob.set({u"999"_s, LabelValue::Negative, {}, {}, {}}).ok());
    QVERIFY(bob.set({u"abc"_s, LabelValue::Positive, {}, {}, {}}).ok());
    auto current = LabelStore(ws, u"alice"_s).currentLabels();
    QVERIFY(current.ok());
    m_current = *current;
}

void TestLabelFilters::cleanupTestCase()
{
    m_session.reset();
    m_wsDir.reset();
}

QSet<QString> TestLabelFilters::reference(const OutputFilter &f)
{
    const bool unreviewed = f.reviewed == ReviewedFilter::Unreviewed;
    const bool needsVerdict = !f.reviewLabels.isEmpty() || f.hasNote || !f.tag.isEmpty() || f.disagreesWithUser
        || f.reviewed == ReviewedFilter::Reviewed || (!f.reviewer.isEmpty() && !unreviewed);
    QSet<QString> keys;
    for (int id = 1; id <= kRows; ++id) {
        const QString key = QString::number(id);
        const QString feedback = kFeedback.at(id % 4);
        if (!f.features.isEmpty() && !f.features.contains(rowsWithFeedback(false).at(id - 1).at(1).toString()))
            continue;
        bool labelledByReviewer = false;
        bool verdict = false;
        for (const LabelEvent &l : m_current) {
            if (l.outputKey != key)
                continue;
            if (f.reviewer.isEmpty() || l.reviewer == f.reviewer)
                labelledByReviewer = true;
            const QString name = labelName(*l.label);
            const bool match = (f.reviewLabels.isEmpty() || f.reviewLabels.contains(name))
                && (unreviewed || f.reviewer.isEmpty() || l.reviewer == f.reviewer)
                && (!f.hasNote || !l.note.isEmpty()) && (f.tag.isEmpty() || l.tags.contains(f.tag))
                && (!f.disagreesWithUser || (!feedback.isEmpty() && feedback != name));
            verdict = verdict || match;
        }
        if (unreviewed && labelledByReviewer)
            continue;
        if (needsVerdict && !verdict)
            continue;
        keys.insert(key);
    }
    return keys;
}

void TestLabelFilters::useKeyLists(bool on)
{
    SearchSupport support = m_attachedSupport;
    if (on) {
        support.labelsAttached = false;
        support.labelledKeys = [ws = m_session->workspace()](const LabelCriteria &c) { return labelledKeys(*ws, c); };
    }
    m_session->outputs().setSearchSupport(support);
}

void TestLabelFilters::matchesReference_data()
{
    QTest::addColumn<OutputFilter>("filter");
    QTest::addColumn<bool>("keyLists");
    const auto with = [](auto change) {
        OutputFilter f;
        change(f);
        return f;
    };
    const QList<std::pair<const char *, OutputFilter>> cases{
        {"positive", with([](OutputFilter &f) { f.reviewLabels = {u"positive"_s}; })},
        {"negative or edited", with([](OutputFilter &f) { f.reviewLabels = {u"negative"_s, u"edited"_s}; })},
        {"reviewed", with([](OutputFilter &f) { f.reviewed = ReviewedFilter::Reviewed; })},
        {"unreviewed", with([](OutputFilter &f) { f.reviewed = ReviewedFilter::Unreviewed; })},
        {"by bob", with([](OutputFilter &f) { f.reviewer = u"bob"_s; })},
        {"not by bob", with([](OutputFilter &f) { f.reviewed = ReviewedFilter::Unreviewed; f.reviewer = u"bob"_s; })},
        {"has note", with([](OutputFilter &f) { f.hasNote = true; })},
        {"tag tone", with([](OutputFilter &f) { f.tag = u"tone"_s; })},
        {"tag nobody used", with([](OutputFilter &f) { f.tag = u"nothing"_s; })},
        {"disagrees", with([](OutputFilter &f) { f.disagreesWithUser = true; })},
        {"bob disagrees", with([](OutputFilter &f) { f.disagreesWithUser = true; f.reviewer = u"bob"_s; })},
        {"negative disagreeing", with([](OutputFilter &f) { f.disagreesWithUser = true; f.reviewLabels = {u"negative"_s}; })},
        {"alice negative with note", with([](OutputFilter &f) {
             f.reviewer = u"alice"_s;
             f.reviewLabels = {u"negative"_s};
             f.hasNote = true;
         })},
        {"summarize, not by alice, labelled positive", with([](OutputFilter &f) {
             f.features = {u"summarize"_s};
             f.reviewed = ReviewedFilter::Unreviewed;
             f.reviewer = u"alice"_s;
             f.reviewLabels = {u"positive"_s};
         })},
    };
    for (const auto &[name, filter] : cases) {
        QTest::addRow("%s, attached", name) << filter << false;
        QTest::addRow("%s, key lists", name) << filter << true;
    }
}

void TestLabelFilters::matchesReference()
{
    QFETCH(OutputFilter, filter);
    QFETCH(bool, keyLists);
    useKeyLists(keyLists);
    QString error;
    const QSet<QString> got = keysOf(m_session->outputs(), filter, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QSet<QString> want = reference(filter);
    // Every case but the unused tag selects some rows and leaves others out: a filter that
    // matched everything or nothing would not pass unnoticed.
    QCOMPARE(want.isEmpty(), QByteArray(QTest::currentDataTag()).startsWith("tag nobody used"));
    QVERIFY(want.size() < kRows);
    QCOMPARE(got, want);
    auto count = m_session->outputs().count(filter);
    QVERIFY2(count.ok(), qPrintable(count.error()));
    QCOMPARE(*count, qint64(want.size()));
    useKeyLists(false);
}

void TestLabelFilters::textIdsInBothModes()
{
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, textIdColumns(), rowsWithFeedback(true));
    SessionSpec spec;
    spec.source = test::sqliteSource(log);
    auto session = LogSession::open(spec);
    QVERIFY2(session.ok(), qPrintable(session.error()));
    QVERIFY(!(*session)->schema().idIsInteger);
    LabelStore carol(*(*session)->workspace(), u"carol"_s);
    // A quote and a backslash in a key must survive both the JSON and the array literal.
    QVERIFY(carol.setMany({{u"out-2"_s, LabelValue::Negative, {}, {}, {}},
                           {u"out-3"_s, LabelValue::Positive, {}, {}, {}},
                           {u"odd\"key\\"_s, LabelValue::Negative, {}, {}, {}}}).ok());
    OutputFilter negative;
    negative.reviewLabels = {u"negative"_s};
    OutputFilter disagrees;
    disagrees.disagreesWithUser = true; // out-2 has feedback negative, out-3 negative too
    OutputsRepository &repo = (*session)->outputs();
    const SearchSupport attached = repo.searchSupport();
    QVERIFY(attached.labelsAttached);
    for (bool keyLists : {false, true}) {
        SearchSupport support = attached;
        if (keyLists) {
            support.labelsAttached = false;
            support.labelledKeys = [ws = (*session)->workspace()](const LabelCriteria &c) { return labelledKeys(*ws, c); };
        }
        repo.setSearchSupport(support);
        QCOMPARE(keysOf(repo, negative), QSet<QString>{u"out-2"_s});
        QCOMPARE(keysOf(repo, disagrees), QSet<QString>{u"out-3"_s});
        OutputFilter unreviewed;
        unreviewed.reviewed = ReviewedFilter::Unreviewed;
        QCOMPARE(*repo.count(unreviewed), qint64(kRows - 2));
    }
}

void TestLabelFilters::labelsSetAfterOpeningAreSeen()
{
    OutputFilter edited;
    edited.reviewer = u"dave"_s;
    QCOMPARE(*m_session->outputs().count(edited), qint64(0));
    // Another connection (a second LabelStore's workspace would do as well) commits a label.
    auto ws = Workspace::open(m_session->connection().location());
    QVERIFY(ws.ok());
    QVERIFY(LabelStore(**ws, u"dave"_s).set({u"50"_s, LabelValue::Edited, {}, {}, u"better"_s}).ok());
    QCOMPARE(keysOf(m_session->outputs(), edited), QSet<QString>{u"50"_s});
    QVERIFY(LabelStore(**ws, u"dave"_s).set({u"50"_s, std::nullopt, {}, {}, {}}).ok());
    QCOMPARE(*m_session->outputs().count(edited), qint64(0));
}

void TestLabelFilters::jsonRoundTripKeepsOldViews()
{
    OutputFilter f;
    f.features = {u"classify"_s};
    f.reviewLabels = {u"negative"_s, u"edited"_s};
    f.reviewed = ReviewedFilter::Unreviewed;
    f.reviewer = u"bob"_s;
    f.hasNote = true;
    f.tag = u"tone"_s;
    f.disagreesWithUser = true;
    QCOMPARE(OutputFilter::fromJson(f.toJson()), f);
    OutputFilter reviewed;
    reviewed.reviewed = ReviewedFilter::Reviewed;
    QCOMPARE(OutputFilter::fromJson(reviewed.toJson()), reviewed);

    // A view saved before these filters existed: same filter, and nothing new is written back.
    const QByteArray old = R"({"features":["classify"],"feedback":["negative"],"search":"refund"})";
    const OutputFilter fromOld = OutputFilter::fromJson(QJsonDocument::fromJson(old).object());
    QVERIFY(!fromOld.usesReviewLabels());
    QCOMPARE(fromOld.reviewed, ReviewedFilter::Any);
    QCOMPARE(QJsonDocument(fromOld.toJson()).toJson(QJsonDocument::Compact),
             QJsonDocument::fromJson(old).toJson(QJsonDocument::Compact));
}

void TestLabelFilters::withoutWorkspaceIsAnError()
{
    SessionSpec spec;
    spec.source = m_session->connection().location();
    spec.useWorkspace = false;
    auto session = LogSession::open(spec);
    QVERIFY(session.ok());
    OutputFilter f;
    f.reviewLabels = {u"positive"_s};
    auto count = (*session)->outputs().count(f);
    QVERIFY(!count.ok());
    QVERIFY2(count.error().contains(u"workspace"_s), qPrintable(count.error()));
    auto page = (*session)->outputs().fetchPage(PageRequest{f, {}, std::nullopt, false, false, 10});
    QVERIFY(!page.ok());
    // Without label filters the log still browses.
    QCOMPARE(*(*session)->outputs().count(OutputFilter{}), qint64(kRows));
}

void TestLabelFilters::unreadableLabelsAreAnError()
{
    SearchSupport support = m_attachedSupport;
    support.labelsAttached = false;
    support.labelledKeys = [](const LabelCriteria &) -> Result<QStringList> { return fail(u"disk on fire"_s); };
    m_session->outputs().setSearchSupport(support);
    OutputFilter f;
    f.reviewed = ReviewedFilter::Unreviewed;
    auto count = m_session->outputs().count(f);
    QVERIFY(!count.ok());
    QCOMPARE(count.error(), u"disk on fire"_s);
    QString error;
    keysOf(m_session->outputs(), f, &error);
    QCOMPARE(error, u"disk on fire"_s);
    useKeyLists(false);
}

void TestLabelFilters::disagreementNeedsFeedbackColumn()
{
    LogSchema schema = m_session->schema();
    schema.columns.remove(LogField::Feedback);
    OutputFilter f;
    f.disagreesWithUser = true;
    const QStringList problems = unsupportedFilters(schema, f);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().contains(u"feedback"_s));
    QVERIFY(unsupportedFilters(m_session->schema(), f).isEmpty());
}

QTEST_GUILESS_MAIN(TestLabelFilters)
#include "tst_labelfilters.moc"
