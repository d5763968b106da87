// OutputsModel under QAbstractItemModelTester: opens on worker threads, pages in rows by key,
// keeps its cache bounded, and follows filter and sort changes.

#include "browse/OutputsModel.h"
#include "browse/PageCache.h"

#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr int timeoutMs = 15000;
// 50 pages: more than the cache holds (48), so scrolling must evict.
constexpr int bigRows = 50 * OutputsModel::pageSize;

SessionSpec specFor(const QString &path)
{
    SessionSpec spec;
    spec.source = test::sqliteSource(path);
    spec.useWorkspace = false;
    return spec;
}

bool placeholder(const OutputsModel &model, int row)
{
    return model.data(model.index(row, 0), OutputsModel::PlaceholderRole).toBool();
}

// Asks for the row and waits until it has loaded (event-driven: no polling interval).
bool waitLoaded(OutputsModel &model, int row, int timeout = timeoutMs)
{
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QElapsedTimer clock;
    clock.start();
    while (placeholder(model, row)) {
        const qint64 left = timeout - clock.elapsed();
        if (left <= 0 || !changed.wait(int(left)))
            return !placeholder(model, row);
    }
    return true;
}

qint64 keyAtRow(const OutputsModel &model, int row)
{
    return model.data(model.index(row, 0), OutputsModel::KeyRole).toLongLong();
}

} // namespace

class TestOutputsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void opensAndCounts();
    void columnsAndHeaders();
    void displayAndRoles();
    void filterReducesCount();
    void unsupportedFilterMatchesNothingOrEverything();
    void sortOrderChangesFirstRow();
    void sortByColumn();
    void jumpToLastRow();
    void scrollThroughKeepsCacheBounded_data();
    void scrollThroughKeepsCacheBounded();
    void requestRecordDeliversFullOutput();
    void requestRecordForMissingKey();
    void filterValues();
    void openFailure();
    void failedPagesBackOff();
    void reloadSeesNewRows();
    void emptyLog();

private:
    void openModel(const QString &path);

    std::unique_ptr<test::ScopedWorkspaceDir> m_workspaceDir;
    QTemporaryDir m_dir;
    QString m_log;    // 3000 standard rows
    QString m_bigLog; // bigRows rows of id, feature, created_at, output: more pages than the cache holds
    std::unique_ptr<OutputsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestOutputsModel::initTestCase()
{
    m_workspaceDir = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    QList<QVariantList> rows = test::TestLog::standardRows(3000);
    rows[41][15] = u"error"_s; // id 42 failed
    rows[41][16] = u"rate limited"_s;
    rows[2999][3] = QString(300 * 1024, u'z') + u"TAIL"_s; // id 3000: a 300 KB output
    m_log = test::TestLog::create(m_dir, test::TestLog::standardColumns(), rows);
    // Few columns: the model tester walks every cell after every change, and this log is big.
    QList<QVariantList> big;
    for (const QVariantList &r : test::TestLog::standardRows(bigRows))
        big << r.mid(0, 4);
    m_bigLog = test::TestLog::create(m_dir, test::TestLog::standardColumns().mid(0, 4), big,
                                     {u"ai_outputs"_s, u"big.sqlite"_s, false, {}});
}

void TestOutputsModel::cleanupTestCase()
{
    m_workspaceDir.reset();
}

void TestOutputsModel::init()
{
    m_model = std::make_unique<OutputsModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestOutputsModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestOutputsModel::openModel(const QString &path)
{
    QSignalSpy opened(m_model.get(), &OutputsModel::opened);
    QSignalSpy failed(m_model.get(), &OutputsModel::openFailed);
    m_model->open(specFor(path));
    QVERIFY(opened.wait(timeoutMs));
    QCOMPARE(failed.count(), 0);
    QVERIFY(m_model->isOpen());
}

void TestOutputsModel::opensAndCounts()
{
    QSignalSpy counts(m_model.get(), &OutputsModel::countChanged);
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact(), timeoutMs);
    QCOMPARE(m_model->rowCount(), 3000);
    QCOMPARE(m_model->totalRows(), qint64(3000));
    QVERIFY(!counts.isEmpty());
    QCOMPARE(counts.last().at(0).toLongLong(), qint64(3000));
    QCOMPARE(counts.last().at(1).toBool(), true);
    QCOMPARE(m_model->schema().table, u"ai_outputs"_s);

    // Rows arrive: the first page, newest first (ids follow created_at).
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(3000));
    QCOMPARE(keyAtRow(*m_model, 255), qint64(3000 - 255));
    QVERIFY(m_model->isRowLoaded(0));
    QCOMPARE(m_model->keyAt(1).toLongLong(), qint64(2999));
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0); // a table: no children
}

void TestOutputsModel::columnsAndHeaders()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    // Every field the log has but the input, with the output last.
    QCOMPARE(m_model->columnCount(), 16); // 17 standard columns, less the input
    QSet<int> fields;
    for (int c = 0; c < m_model->columnCount(); ++c)
        fields.insert(int(m_model->fieldAt(c)));
    QCOMPARE(fields.size(), 16);
    QVERIFY(fields.contains(int(LogField::Id)));
    QCOMPARE(m_model->fieldAt(m_model->columnCount() - 1), LogField::Output);
    QCOMPARE(m_model->columnOf(LogField::Input), -1);
    QVERIFY(m_model->columnOf(LogField::CreatedAt) >= 0);
    QCOMPARE(m_model->headerData(m_model->columnOf(LogField::CreatedAt), Qt::Horizontal).toString(), u"Time"_s);
    QCOMPARE(m_model->headerData(m_model->columnOf(LogField::Output), Qt::Horizontal).toString(), u"Output"_s);
    QCOMPARE(m_model->headerData(m_model->columnOf(LogField::Id), Qt::Horizontal, OutputsModel::FieldRole).toInt(),
             int(LogField::Id));
    QVERIFY(!m_model->headerData(m_model->columnOf(LogField::Id), Qt::Horizontal).toString().isEmpty());
}

void TestOutputsModel::displayAndRoles()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && !placeholder(*m_model, 0), timeoutMs);
    // Row 0 is id 3000; row 2958 is id 42, the failed call.
    const int out = m_model->columnOf(LogField::Output);
    const int feature = m_model->columnOf(LogField::Feature);
    const int created = m_model->columnOf(LogField::CreatedAt);
    const QModelIndex first = m_model->index(0, out);
    QCOMPARE(m_model->data(first).toString().size(), 240); // a preview, not 300 KB
    QCOMPARE(m_model->data(m_model->index(0, feature)).toString(), u"summarize"_s);
    QCOMPARE(m_model->data(m_model->index(0, feature), OutputsModel::FieldRole).toInt(), int(LogField::Feature));
    QCOMPARE(m_model->data(m_model->index(0, created), OutputsModel::CreatedAtRole).toDateTime(),
             QDateTime(QDate(2026, 11, 1), QTime(0, 50, 0), QTimeZone::utc()));
    QCOMPARE(m_model->data(m_model->index(0, created), OutputsModel::RawValueRole).toString(),
             u"2026-11-01T00:50:00Z"_s);
    QCOMPARE(m_model->data(m_model->index(0, 0), OutputsModel::IsErrorRole).toBool(), false);

    const int failedRow = 3000 - 42;
    m_model->data(m_model->index(failedRow, 0)); // asks for the page
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, failedRow), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, failedRow), qint64(42));
    QCOMPARE(m_model->data(m_model->index(failedRow, 0), OutputsModel::IsErrorRole).toBool(), true);
    QCOMPARE(m_model->data(m_model->index(failedRow, m_model->columnOf(LogField::Error))).toString(),
             u"rate limited"_s);
}

void TestOutputsModel::filterReducesCount()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 3000, timeoutMs);

    OutputFilter filter;
    filter.features = {u"classify"_s}; // ids 1, 4, 7, ... 2998
    m_model->setFilter(filter);
    QCOMPARE(m_model->filter(), filter);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 1000, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(2998));
    QCOMPARE(keyAtRow(*m_model, 1), qint64(2995));

    filter.errorsOnly = true;
    m_model->setFilter(filter);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 0, timeoutMs);

    filter = {};
    filter.errorsOnly = true;
    m_model->setFilter(filter);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 1, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(42));

    filter = {};
    filter.search = u"output number 1234 "_s;
    m_model->setFilter(filter);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 1, timeoutMs);

    m_model->setFilter({});
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 3000, timeoutMs);
}

void TestOutputsModel::unsupportedFilterMatchesNothingOrEverything()
{
    // A filter value that is SQL in disguise is just a value.
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    OutputFilter filter;
    filter.features = {u"x' OR 1=1 --"_s};
    m_model->setFilter(filter);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact(), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 0, timeoutMs);
}

void TestOutputsModel::sortOrderChangesFirstRow()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && !placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(3000));

    m_model->setSortOrder(SortOrder{SortField::CreatedAt, false});
    QCOMPARE(m_model->sortOrder(), (SortOrder{SortField::CreatedAt, false}));
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && !placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(m_model->rowCount(), 3000);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(1));

    // latency_ms = 300 + (id * 37) % 900 (see TestLog::standardRow); the top row has the largest.
    qint64 bestId = 0, best = -1;
    for (qint64 id = 1; id <= 3000; ++id) {
        const qint64 latency = 300 + (id * 37) % 900;
        if (latency > best || (latency == best && id > bestId)) {
            best = latency;
            bestId = id;
        }
    }
    m_model->setSortOrder(SortOrder{SortField::LatencyMs, true});
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && !placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), bestId); // ties broken by the key, descending
    QCOMPARE(m_model->data(m_model->index(0, m_model->columnOf(LogField::LatencyMs)), OutputsModel::RawValueRole)
                 .toLongLong(),
             best);
}

void TestOutputsModel::sortByColumn()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    m_model->sort(m_model->columnOf(LogField::CreatedAt), Qt::AscendingOrder);
    QCOMPARE(m_model->sortOrder(), (SortOrder{SortField::CreatedAt, false}));
    m_model->sort(m_model->columnOf(LogField::Cost), Qt::DescendingOrder);
    QCOMPARE(m_model->sortOrder(), (SortOrder{SortField::Cost, true}));
    // Text columns do not sort: the order stays.
    m_model->sort(m_model->columnOf(LogField::Feature), Qt::AscendingOrder);
    QCOMPARE(m_model->sortOrder(), (SortOrder{SortField::Cost, true}));
    m_model->sort(-1, Qt::AscendingOrder);
    m_model->sort(999, Qt::AscendingOrder);
    QCOMPARE(m_model->sortOrder(), (SortOrder{SortField::Cost, true}));
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && !placeholder(*m_model, 0), timeoutMs);
}

void TestOutputsModel::jumpToLastRow()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact(), timeoutMs);
    const int last = m_model->rowCount() - 1;
    QCOMPARE(last, 2999);
    QVERIFY(placeholder(*m_model, last) || keyAtRow(*m_model, last) == 1);
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, last), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, last), qint64(1));
    QCOMPARE(keyAtRow(*m_model, last - 1), qint64(2));
    // The last page is partial (3000 = 11 * 256 + 184) and holds exactly its rows, in order.
    const int lastPageStart = (last / OutputsModel::pageSize) * OutputsModel::pageSize;
    QCOMPARE(keyAtRow(*m_model, lastPageStart), qint64(3000 - lastPageStart));
    // A page in the middle loads too.
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 1500), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 1500), qint64(1500));
}

void TestOutputsModel::scrollThroughKeepsCacheBounded_data()
{
    QTest::addColumn<bool>("withTester");
    QTest::newRow("under the model tester") << true;
    // The tester probes row 0 on every dataChanged (QAbstractItemModel::match from the top),
    // which keeps the cache's focus near the top; a view only asks for what it shows.
    QTest::newRow("like a view") << false;
}

void TestOutputsModel::scrollThroughKeepsCacheBounded()
{
    QFETCH(bool, withTester);
    if (!withTester)
        m_tester.reset();
    openModel(m_bigLog);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact(), timeoutMs);
    QCOMPARE(m_model->rowCount(), bigRows);
    const int capacity = PageCache().capacity();
    const int pages = (bigRows + OutputsModel::pageSize - 1) / OutputsModel::pageSize;
    QVERIFY(pages > capacity);
    int maxCached = 0;
    for (int page = 0; page < pages; ++page) {
        const int first = page * OutputsModel::pageSize;
        const int last = std::min(first + OutputsModel::pageSize, bigRows) - 1;
        QVERIFY2(waitLoaded(*m_model, first), qPrintable(QString::number(page)));
        QVERIFY(!placeholder(*m_model, last));
        // Every row is where the order says: id bigRows first, one less per row.
        QCOMPARE(keyAtRow(*m_model, first), qint64(bigRows - first));
        QCOMPARE(keyAtRow(*m_model, last), qint64(bigRows - last));
        maxCached = std::max(maxCached, m_model->cachedPageCount());
        QVERIFY2(m_model->cachedPageCount() <= capacity, qPrintable(QString::number(m_model->cachedPageCount())));
    }
    QCOMPARE(maxCached, capacity);
    QVERIFY(m_model->isRowLoaded(bigRows - 1));
    if (!withTester) {
        // What went is what was farthest from the viewport: the top; what surrounds it stayed.
        for (int page = 0; page < pages - capacity; ++page)
            QVERIFY2(!m_model->isRowLoaded(page * OutputsModel::pageSize), qPrintable(QString::number(page)));
        for (int page = pages - capacity; page < pages; ++page)
            QVERIFY2(m_model->isRowLoaded(page * OutputsModel::pageSize), qPrintable(QString::number(page)));
        QCOMPARE(m_model->cachedPageCount(), capacity);
    }
    // Scrolling back to the top brings back what was dropped, still within bounds.
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(bigRows));
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, bigRows / 2), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, bigRows / 2), qint64(bigRows / 2));
    QVERIFY(m_model->cachedPageCount() <= capacity);
}

void TestOutputsModel::requestRecordDeliversFullOutput()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy ready(m_model.get(), &OutputsModel::recordReady);
    m_model->requestRecord(qint64(3000), -1);
    QVERIFY(ready.wait(timeoutMs));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).toLongLong(), qint64(3000));
    const auto record = ready.at(0).at(1).value<OutputRecord>();
    const QString output = record.value(LogField::Output).toString();
    QCOMPARE(output.size(), 300 * 1024 + 4);
    QVERIFY(output.endsWith(u"TAIL"_s));
    QVERIFY(!record.outputTruncated);
    QCOMPARE(record.value(LogField::Input).toString(), u"{\"ticket\": \"T-3000\"}"_s);

    m_model->requestRecord(qint64(3000), 1000);
    QVERIFY(ready.wait(timeoutMs));
    const auto cut = ready.at(1).at(1).value<OutputRecord>();
    QCOMPARE(cut.value(LogField::Output).toString().size(), 1000);
    QVERIFY(cut.outputTruncated);
    QCOMPARE(cut.outputBytes, qint64(300 * 1024 + 4));
}

void TestOutputsModel::requestRecordForMissingKey()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy failed(m_model.get(), &OutputsModel::recordFailed);
    m_model->requestRecord(qint64(123456));
    QVERIFY(failed.wait(timeoutMs));
    QCOMPARE(failed.at(0).at(0).toLongLong(), qint64(123456));
    QVERIFY2(failed.at(0).at(1).toString().contains(u"123456"_s), qPrintable(failed.at(0).at(1).toString()));
}

void TestOutputsModel::filterValues()
{
    openModel(m_log);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy values(m_model.get(), &OutputsModel::filterValuesReady);
    m_model->requestFilterValues();
    QVERIFY(values.wait(timeoutMs));
    QStringList features = values.at(0).at(0).toStringList();
    features.sort();
    QCOMPARE(features, (QStringList{u"classify"_s, u"extract"_s, u"summarize"_s}));
    QStringList models = values.at(0).at(1).toStringList();
    models.sort();
    QCOMPARE(models, (QStringList{u"claude-opus-4-6"_s, u"gpt-4o"_s}));
    const QStringList prompts = values.at(0).at(2).toStringList();
    QVERIFY2(prompts.contains(u"summary_prompt"_s) && prompts.contains(u"summary_prompt@v2"_s),
             qPrintable(prompts.join(u", "_s)));
}

void TestOutputsModel::openFailure()
{
    QSignalSpy failed(m_model.get(), &OutputsModel::openFailed);
    QSignalSpy countFailed(m_model.get(), &OutputsModel::countFailed);
    m_model->open(specFor(m_dir.filePath(u"does-not-exist.sqlite"_s)));
    QVERIFY(failed.wait(timeoutMs));
    // The slow lane failed to open too, and says so: the count will not come.
    QTRY_VERIFY_WITH_TIMEOUT(!countFailed.isEmpty(), timeoutMs);
    QVERIFY2(countFailed.at(0).at(0).toString().contains(u"cannot count"_s), qPrintable(countFailed.at(0).at(0).toString()));
    QVERIFY2(failed.at(0).at(0).toString().contains(u"does-not-exist.sqlite"_s),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!m_model->isOpen());
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!QFile::exists(m_dir.filePath(u"does-not-exist.sqlite"_s)));
}

// A page that fails is not asked for again on every repaint: a view polling data() for 1.6 s
// sees the page tried at most 4 times (pauses of 0.5 s, 1 s, …), where it was tried on
// every call before.
void TestOutputsModel::failedPagesBackOff()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(300));
    openModel(path);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 300, timeoutMs);
    {
        test::WritableDb w(path);
        QVERIFY(w.exec(u"ALTER TABLE ai_outputs RENAME TO moved_away"_s));
    }
    // Page 1 (rows 256..299) was never asked for: the first request for it fails now.
    QSignalSpy errors(m_model.get(), &OutputsModel::errorOccurred);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 1600) {
        (void)m_model->data(m_model->index(299, 0), OutputsModel::PlaceholderRole);
        QTest::qWait(5);
    }
    QVERIFY2(errors.size() >= 1 && errors.size() <= 4, qPrintable(u"page tried %1 times"_s.arg(errors.size())));
    QVERIFY2(errors.at(0).at(0).toString().contains(u"moved_away"_s) || errors.at(0).at(0).toString().contains(u"ai_outputs"_s),
             qPrintable(errors.at(0).at(0).toString()));
}

void TestOutputsModel::reloadSeesNewRows()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), test::TestLog::standardRows(300));
    openModel(path);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 300, timeoutMs);
    {
        test::WritableDb w(path);
        QList<QVariantList> more;
        for (int id = 301; id <= 310; ++id)
            more << test::TestLog::standardRow(
                id, u"late"_s, u"2026-12-01T00:00:%1Z"_s.arg(id - 300, 2, 10, QChar(u'0')), u"appended"_s);
        QStringList names;
        for (const QString &c : test::TestLog::standardColumns())
            names << test::columnNameOf(c);
        QVERIFY2(w.insertRows(u"ai_outputs"_s, names, more), qPrintable(w.lastError()));
    }
    m_model->reload();
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() == 310, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder(*m_model, 0), timeoutMs);
    QCOMPARE(keyAtRow(*m_model, 0), qint64(310));
}

void TestOutputsModel::emptyLog()
{
    QTemporaryDir dir;
    const QString path = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
    openModel(path);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact(), timeoutMs);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->columnCount() > 0);
}

QTEST_GUILESS_MAIN(TestOutputsModel)
#include "tst_outputsmodel.moc"
