// The workspace: Assay's own SQLite file beside (never inside) the source. Migrations,
// reopening, newer-schema refusal, saved views, and where it lives by default.

#include "workspace/Workspace.h"
#include "workspace/WorkspaceMigrations.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

QStringList tablesOf(QSqlDatabase &db)
{
    QSqlQuery q(db);
    QStringList names;
    if (q.exec(u"SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"_s)) {
        while (q.next())
            names << q.value(0).toString();
    }
    return names;
}

int userVersion(const QString &path)
{
    test::WritableDb w(path);
    QSqlQuery q(w.db());
    return q.exec(u"PRAGMA user_version"_s) && q.next() ? q.value(0).toInt() : -1;
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void migrationsReachLatest();
    void migrationVersionsAscend();
    void reopenIsIdempotent();
    void newerSchemaIsRefused();
    void savedViews();
    void savedViewNeedsAName();
    void searchIndexStateStartsEmpty();
    void defaultPathHonoursEnvironment();
    void defaultPathIsPerSource();
    void defaultPathHasNoSecrets();
    void openWithoutPathUsesDefault();
    void neverTheSource();
    void neverTheSourceThroughASymlink();
    void unusableLocation();
    void notADatabase();
    void connectionsAreReleased();

private:
    std::unique_ptr<test::ScopedWorkspaceDir> m_env;
    QTemporaryDir m_dir;
    QString m_source;
};

void TestWorkspace::initTestCase()
{
    m_env = std::make_unique<test::ScopedWorkspaceDir>();
    QVERIFY(m_dir.isValid());
    m_source = test::TestLog::create(m_dir, test::TestLog::standardColumns(), test::TestLog::standardRows(5));
}

void TestWorkspace::cleanupTestCase()
{
    m_env.reset();
}

void TestWorkspace::migrationsReachLatest()
{
    const QString path = m_dir.filePath(u"ws-migrate.sqlite"_s);
    auto ws = Workspace::open(test::sqliteSource(m_source), path);
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QCOMPARE((*ws)->schemaVersion(), Workspace::latestSchemaVersion());
    QCOMPARE(Workspace::latestSchemaVersion(), workspaceMigrations(SqlDialect::SQLite).last().version);
    QVERIFY(Workspace::latestSchemaVersion() >= 2);
    QCOMPARE((*ws)->dialect(), SqlDialect::SQLite);
    QCOMPARE((*ws)->filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE((*ws)->location(), QFileInfo(path).absoluteFilePath());
    const QStringList tables = tablesOf((*ws)->db());
    for (const QString &t : {u"meta"_s, u"saved_views"_s, u"search_state"_s, u"output_search"_s})
        QVERIFY2(tables.contains(t), qPrintable(tables.join(u", "_s)));
    QSqlQuery q((*ws)->db());
    QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
    QCOMPARE(q.value(0).toString().toLower(), u"wal"_s);
    ws->reset();
    QCOMPARE(userVersion(path), Workspace::latestSchemaVersion());
}

void TestWorkspace::migrationVersionsAscend()
{
    for (SqlDialect dialect : {SqlDialect::SQLite, SqlDialect::PostgreSQL}) {
        const auto steps = workspaceMigrations(dialect);
        QVERIFY(!steps.isEmpty());
        // Strictly ascending (branches append their own step numbers, so a branch may have a gap).
        QCOMPARE(steps.first().version, 1);
        for (int i = 0; i < steps.size(); ++i) {
            if (i > 0)
                QVERIFY(steps.at(i).version > steps.at(i - 1).version);
            QVERIFY(!steps.at(i).description.isEmpty());
        }
    }
    // Both dialects know the same versions, so a shared workspace and a file agree.
    QCOMPARE(workspaceMigrations(SqlDialect::SQLite).size(), workspaceMigrations(SqlDialect::PostgreSQL).size());
    for (int i = 0; i < workspaceMigrations(SqlDialect::SQLite).size(); ++i)
        QCOMPARE(workspaceMigrations(SqlDialect::SQLite).at(i).version, workspaceMigrations(SqlDialect::PostgreSQL).at(i).version);
}

void TestWorkspace::reopenIsIdempotent()
{
    const QString path = m_dir.filePath(u"ws-reopen.sqlite"_s);
    {
        auto ws = Workspace::open(test::sqliteSource(m_source), path);
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        OutputFilter f;
        f.features = {u"summarize"_s};
        QVERIFY((*ws)->saveView(u"mine"_s, f).ok());
    }
    for (int i = 0; i < 3; ++i) {
        auto again = Workspace::open(test::sqliteSource(m_source), path);
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QCOMPARE((*again)->schemaVersion(), Workspace::latestSchemaVersion());
        auto views = (*again)->savedViews();
        QVERIFY2(views.ok(), qPrintable(views.error()));
        QCOMPARE(views->size(), 1);
        QCOMPARE(views->at(0).filter.features, QStringList{u"summarize"_s});
    }
}

void TestWorkspace::newerSchemaIsRefused()
{
    const QString path = m_dir.filePath(u"ws-newer.sqlite"_s);
    {
        auto ws = Workspace::open(test::sqliteSource(m_source), path);
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
    }
    {
        test::WritableDb w(path);
        QVERIFY(w.exec(u"PRAGMA user_version = 99"_s));
    }
    QCOMPARE(userVersion(path), 99);
    auto ws = Workspace::open(test::sqliteSource(m_source), path);
    QVERIFY(!ws.ok());
    const QString e = ws.error();
    QVERIFY2(e.contains(u"newer Assay"_s), qPrintable(e));
    QVERIFY2(e.contains(u"99"_s) && e.contains(QString::number(Workspace::latestSchemaVersion())), qPrintable(e));
    QVERIFY2(e.contains(QFileInfo(path).fileName()), qPrintable(e));
    // Refusing must not "repair" it.
    QCOMPARE(userVersion(path), 99);
}

void TestWorkspace::savedViews()
{
    auto ws = Workspace::open(test::sqliteSource(m_source), m_dir.filePath(u"ws-views.sqlite"_s));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    Workspace &w = **ws;
    auto none = w.savedViews();
    QVERIFY2(none.ok(), qPrintable(none.error()));
    QVERIFY(none->isEmpty());

    OutputFilter weekly;
    weekly.features = {u"ticket_summary"_s};
    weekly.since = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    weekly.feedback = {FeedbackFilter::Negative};
    weekly.search = u"it's \"odd\"; DROP TABLE saved_views; --"_s;
    OutputFilter errors;
    errors.errorsOnly = true;

    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(w.saveView(u"Weekly review"_s, weekly).ok());
    QVERIFY(w.saveView(u"  Errors  "_s, errors).ok()); // names are trimmed
    auto views = w.savedViews();
    QVERIFY2(views.ok(), qPrintable(views.error()));
    QCOMPARE(views->size(), 2);
    QCOMPARE(views->at(0).name, u"Errors"_s); // sorted by name
    QCOMPARE(views->at(1).name, u"Weekly review"_s);
    QVERIFY(views->at(0).filter == errors);
    QVERIFY(views->at(1).filter == weekly);
    QVERIFY(views->at(1).updatedAt.isValid());
    QVERIFY(views->at(1).updatedAt >= before);

    // Saving under an existing name updates it.
    OutputFilter changed = weekly;
    changed.features << u"churn_risk"_s;
    QVERIFY(w.saveView(u"Weekly review"_s, changed).ok());
    views = w.savedViews();
    QCOMPARE(views->size(), 2);
    QVERIFY(views->at(1).filter == changed);

    QVERIFY(w.deleteView(u"Errors"_s).ok());
    views = w.savedViews();
    QCOMPARE(views->size(), 1);
    QCOMPARE(views->at(0).name, u"Weekly review"_s);
    QVERIFY(w.deleteView(u"no such view"_s).ok()); // deleting nothing is not an error
    QCOMPARE(w.savedViews()->size(), 1);
}

void TestWorkspace::savedViewNeedsAName()
{
    auto ws = Workspace::open(test::sqliteSource(m_source), m_dir.filePath(u"ws-noname.sqlite"_s));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    for (const QString &name : {QString(), u"   "_s}) {
        auto saved = (*ws)->saveView(name, OutputFilter{});
        QVERIFY(!saved.ok());
        QVERIFY2(saved.error().contains(u"name"_s), qPrintable(saved.error()));
    }
    QVERIFY((*ws)->savedViews()->isEmpty());
}

void TestWorkspace::searchIndexStateStartsEmpty()
{
    auto ws = Workspace::open(test::sqliteSource(m_source), m_dir.filePath(u"ws-search.sqlite"_s));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    auto state = (*ws)->searchIndexState();
    QVERIFY2(state.ok(), qPrintable(state.error()));
    QVERIFY(state->available);
    QCOMPARE(state->indexedThroughRowid, qint64(-1));
    QCOMPARE(state->indexedRows, qint64(0));
}

void TestWorkspace::defaultPathHonoursEnvironment()
{
    const QString path = Workspace::defaultPathFor(test::sqliteSource(m_source));
    QVERIFY2(path.startsWith(m_env->path() + u'/'), qPrintable(path));
    QVERIFY(path.endsWith(u".sqlite"_s));
    QVERIFY2(QFileInfo(path).fileName().startsWith(u"log-"_s), qPrintable(path)); // named after the source

    // Another folder in the environment moves it.
    QTemporaryDir other;
    const QByteArray saved = qgetenv("ASSAY_WORKSPACE_DIR");
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(other.path()));
    const QString moved = Workspace::defaultPathFor(test::sqliteSource(m_source));
    qputenv("ASSAY_WORKSPACE_DIR", saved);
    QVERIFY2(moved.startsWith(other.path() + u'/'), qPrintable(moved));
    QCOMPARE(QFileInfo(moved).fileName(), QFileInfo(path).fileName());
}

void TestWorkspace::defaultPathIsPerSource()
{
    QTemporaryDir a, b;
    const QString logA = test::TestLog::create(a, test::TestLog::standardColumns(), {});
    const QString logB = test::TestLog::create(b, test::TestLog::standardColumns(), {});
    QCOMPARE(QFileInfo(logA).fileName(), QFileInfo(logB).fileName());
    const QString pa = Workspace::defaultPathFor(test::sqliteSource(logA));
    const QString pb = Workspace::defaultPathFor(test::sqliteSource(logB));
    QVERIFY2(pa != pb, qPrintable(pa)); // same file name, different folders: different workspaces
    QCOMPARE(Workspace::defaultPathFor(test::sqliteSource(logA)), pa); // stable

    // Odd characters in the name do not leak into the workspace file name.
    const QString odd = test::TestLog::create(a, test::TestLog::standardColumns(), {},
                                              {u"ai_outputs"_s, u"my log (copy) #2.sqlite"_s, false, {}});
    const QString po = QFileInfo(Workspace::defaultPathFor(test::sqliteSource(odd))).fileName();
    QVERIFY2(!po.contains(u' ') && !po.contains(u'(') && !po.contains(u'#'), qPrintable(po));
}

void TestWorkspace::defaultPathHasNoSecrets()
{
    auto pg = SourceLocation::parse(u"postgresql://alice:s3cret@db.example.com:5433/prod"_s);
    QVERIFY2(pg.ok(), qPrintable(pg.error()));
    const QString path = Workspace::defaultPathFor(*pg);
    QVERIFY2(!path.contains(u"s3cret"_s), qPrintable(path));
    QVERIFY2(path.startsWith(m_env->path() + u'/'), qPrintable(path));
    QVERIFY2(QFileInfo(path).fileName().contains(u"prod"_s), qPrintable(path));
    // The password does not change which workspace the source gets.
    auto noPassword = SourceLocation::parse(u"postgresql://alice@db.example.com:5433/prod"_s);
    QCOMPARE(Workspace::defaultPathFor(*noPassword), path);
}

void TestWorkspace::openWithoutPathUsesDefault()
{
    QTemporaryDir dir;
    const QString log = test::TestLog::create(dir, test::TestLog::standardColumns(), {});
    const QString expected = Workspace::defaultPathFor(test::sqliteSource(log));
    QVERIFY(!QFile::exists(expected));
    auto ws = Workspace::open(test::sqliteSource(log));
    QVERIFY2(ws.ok(), qPrintable(ws.error()));
    QCOMPARE((*ws)->filePath(), expected);
    QVERIFY(QFile::exists(expected));
}

void TestWorkspace::neverTheSource()
{
    const QByteArray before = test::fileSha256(m_source);
    auto ws = Workspace::open(test::sqliteSource(m_source), m_source);
    QVERIFY(!ws.ok());
    QVERIFY2(ws.error().contains(u"cannot be the source"_s), qPrintable(ws.error()));
    // The same file by another spelling.
    auto dotted =
        Workspace::open(test::sqliteSource(m_source), m_dir.path() + u"/./"_s + QFileInfo(m_source).fileName());
    QVERIFY(!dotted.ok());
    QCOMPARE(test::fileSha256(m_source), before);
    QVERIFY(!QFile::exists(m_source + u"-wal"_s));
}

void TestWorkspace::neverTheSourceThroughASymlink()
{
    const QString link = m_dir.filePath(u"link-to-log.sqlite"_s);
    QVERIFY(QFile::link(m_source, link));
    const QByteArray before = test::fileSha256(m_source);
    auto ws = Workspace::open(test::sqliteSource(m_source), link);
    QVERIFY2(!ws.ok(), "a symlink to the source is still the source");
    QCOMPARE(test::fileSha256(m_source), before);
}

void TestWorkspace::unusableLocation()
{
    // A folder that cannot be created because a file is in the way.
    const QString blocker = m_dir.filePath(u"blocker"_s);
    {
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }
    auto ws = Workspace::open(test::sqliteSource(m_source), blocker + u"/ws.sqlite"_s);
    QVERIFY(!ws.ok());
    QVERIFY2(ws.error().contains(u"blocker"_s), qPrintable(ws.error()));
}

void TestWorkspace::notADatabase()
{
    const QString path = m_dir.filePath(u"text.sqlite"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }
    auto ws = Workspace::open(test::sqliteSource(m_source), path);
    QVERIFY(!ws.ok());
    QVERIFY2(ws.error().contains(path), qPrintable(ws.error()));
}

void TestWorkspace::connectionsAreReleased()
{
    const int before = test::openConnectionCount();
    {
        auto ws = Workspace::open(test::sqliteSource(m_source), m_dir.filePath(u"ws-conn.sqlite"_s));
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        QCOMPARE(test::openConnectionCount(), before + 1);
    }
    QCOMPARE(test::openConnectionCount(), before);
    {
        auto failed = Workspace::open(test::sqliteSource(m_source), m_source);
        QVERIFY(!failed.ok());
    }
    QCOMPARE(test::openConnectionCount(), before);
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
