// SourceLocation::parse: what users type to name a log, and that passwords never show.

#include "source/SourceConnection.h"
#include "source/SourceLocation.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestSourceLocation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sqlitePaths_data();
    void sqlitePaths();
    void emptyIsAnError();
    void postgresUrl();
    void postgresDefaults();
    void postgresQueryParameters();
    void postgresPasswordInQuery();
    void postgresPercentEncoding();
    void unsupportedParameter();
    void connectTimeoutNotDoubled();
    void optionsAreQuotedAndRoundTrip();
    void invalidUrl();
    void displayNeverShowsPassword_data();
    void displayNeverShowsPassword();
    void identityIsStable();
    void readOnlyUri();
};

void TestSourceLocation::sqlitePaths_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    const QString cwd = QDir::currentPath();
    QTest::newRow("relative") << u"log.sqlite"_s << cwd + u"/log.sqlite"_s;
    QTest::newRow("relative dir") << u"data/log.db"_s << cwd + u"/data/log.db"_s;
    QTest::newRow("absolute") << u"/abs/log.db"_s << u"/abs/log.db"_s;
    QTest::newRow("trimmed") << u"  /abs/log.db \n"_s << u"/abs/log.db"_s;
    QTest::newRow("file: relative") << u"file:log.db"_s << cwd + u"/log.db"_s;
    QTest::newRow("file: absolute") << u"file:/abs/log.db"_s << u"/abs/log.db"_s;
    QTest::newRow("file:// URL") << u"file:///abs/my%20log.db"_s << u"/abs/my log.db"_s;
    QTest::newRow("sqlite:") << u"sqlite:/abs/log.db"_s << u"/abs/log.db"_s;
    QTest::newRow("spaces") << u"/abs/my log (copy).db"_s << u"/abs/my log (copy).db"_s;
    QTest::newRow("dot segments") << u"/abs/./x/../log.db"_s << u"/abs/log.db"_s;
}

void TestSourceLocation::sqlitePaths()
{
    QFETCH(QString, text);
    QFETCH(QString, path);
    auto loc = SourceLocation::parse(text);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->dialect, SqlDialect::SQLite);
    QVERIFY(!loc->isPostgres());
    QCOMPARE(loc->path, path);
    QCOMPARE(loc->displayName(), path);
}

void TestSourceLocation::emptyIsAnError()
{
    for (const QString &text : {QString(), u"   "_s}) {
        auto loc = SourceLocation::parse(text);
        QVERIFY(!loc.ok());
        QVERIFY2(loc.error().contains(u"postgresql://"_s), qPrintable(loc.error()));
    }
}

void TestSourceLocation::postgresUrl()
{
    auto loc = SourceLocation::parse(u"postgresql://alice:s3cret@db.example.com:6543/prod?sslmode=require"_s);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QVERIFY(loc->isPostgres());
    QCOMPARE(loc->host, u"db.example.com"_s);
    QCOMPARE(loc->port, 6543);
    QCOMPARE(loc->database, u"prod"_s);
    QCOMPARE(loc->user, u"alice"_s);
    QCOMPARE(loc->password, u"s3cret"_s);
    QCOMPARE(loc->option(u"sslmode"_s), u"require"_s);
    QCOMPARE(loc->option(u"connect_timeout"_s), u"10"_s);
    QCOMPARE(loc->displayName(), u"postgresql://alice@db.example.com:6543/prod"_s);
    QVERIFY(loc->path.isEmpty());

    auto short_ = SourceLocation::parse(u"postgres://bob@db/analytics"_s);
    QVERIFY2(short_.ok(), qPrintable(short_.error()));
    QVERIFY(short_->isPostgres());
    QCOMPARE(short_->port, 5432);
    QCOMPARE(short_->displayName(), u"postgresql://bob@db:5432/analytics"_s);
}

void TestSourceLocation::postgresDefaults()
{
    const QByteArray pgUser = qgetenv("PGUSER"), pgDb = qgetenv("PGDATABASE");
    qputenv("PGUSER", "envuser");
    qputenv("PGDATABASE", "envdb");
    auto bare = SourceLocation::parse(u"postgresql://"_s);
    auto userOnly = SourceLocation::parse(u"postgresql://carol@/"_s);
    auto hostOnly = SourceLocation::parse(u"postgresql:///logs"_s);
    qputenv("PGUSER", pgUser);
    qputenv("PGDATABASE", pgDb);
    if (pgUser.isEmpty())
        qunsetenv("PGUSER");
    if (pgDb.isEmpty())
        qunsetenv("PGDATABASE");

    QVERIFY2(bare.ok(), qPrintable(bare.error()));
    QCOMPARE(bare->host, u"localhost"_s);
    QCOMPARE(bare->port, 5432);
    QCOMPARE(bare->user, u"envuser"_s);
    QCOMPARE(bare->database, u"envdb"_s);

    QVERIFY2(userOnly.ok(), qPrintable(userOnly.error()));
    QCOMPARE(userOnly->user, u"carol"_s);
    QCOMPARE(userOnly->database, u"carol"_s); // libpq: the database defaults to the user name

    QVERIFY2(hostOnly.ok(), qPrintable(hostOnly.error()));
    QCOMPARE(hostOnly->host, u"localhost"_s);
    QCOMPARE(hostOnly->database, u"logs"_s);
}

void TestSourceLocation::postgresQueryParameters()
{
    auto loc = SourceLocation::parse(
        u"postgresql://db/prod?user=dave&host=replica.internal&application_name=review&target_session_attrs=any"_s);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->user, u"dave"_s);
    QCOMPARE(loc->host, u"replica.internal"_s);
    QCOMPARE(loc->option(u"application_name"_s), u"review"_s);
    QCOMPARE(loc->option(u"target_session_attrs"_s), u"any"_s);
    QVERIFY(!loc->qpsqlConnectOptions().contains(u"user="_s));
    QVERIFY(!loc->qpsqlConnectOptions().contains(u"host="_s));
}

void TestSourceLocation::postgresPasswordInQuery()
{
    auto loc = SourceLocation::parse(u"postgresql://erin@db/prod?password=hunter2&sslmode=verify-full"_s);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->password, u"hunter2"_s);
    QVERIFY2(!loc->qpsqlConnectOptions().contains(u"hunter2"_s), qPrintable(loc->qpsqlConnectOptions()));
    QVERIFY2(!loc->toText().contains(u"hunter2"_s), qPrintable(loc->toText()));
    QVERIFY(!loc->displayName().contains(u"hunter2"_s));
    QVERIFY(!loc->identity().contains(u"hunter2"_s));
}

void TestSourceLocation::postgresPercentEncoding()
{
    auto loc = SourceLocation::parse(u"postgresql://fr%C3%A9d:p%40ss%3Aw%2Frd@db/my%20db"_s);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->user, u"fréd"_s);
    QCOMPARE(loc->password, u"p@ss:w/rd"_s);
    QCOMPARE(loc->database, u"my db"_s);
    QVERIFY(!loc->displayName().contains(u"p@ss"_s));
    QVERIFY(!loc->displayName().contains(u"p%40ss"_s));
}

void TestSourceLocation::unsupportedParameter()
{
    for (const QString &key : {u"sslpassword"_s, u"passfile"_s, u"foo"_s}) {
        auto loc = SourceLocation::parse(u"postgresql://db/prod?%1=x"_s.arg(key));
        QVERIFY2(!loc.ok(), qPrintable(key));
        QVERIFY2(loc.error().contains(u"unsupported"_s) && loc.error().contains(key), qPrintable(loc.error()));
    }
}

void TestSourceLocation::connectTimeoutNotDoubled()
{
    auto loc = SourceLocation::parse(u"postgresql://db/prod?connect_timeout=3"_s);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->qpsqlConnectOptions(), u"connect_timeout='3'"_s);
}

void TestSourceLocation::optionsAreQuotedAndRoundTrip()
{
    // A value with a space and a quote must reach libpq as one value, never as more keywords.
    const QString cert = u"/etc/ssl/my certs/o'brien.pem"_s;
    const QString url = u"postgresql://alice@db:6543/prod?sslmode=verify-full&sslrootcert="_s
                        + QString::fromLatin1(QUrl::toPercentEncoding(cert))
                        + u"&options=-c%20search_path%3Dlogs&application_name=a%26b%3Dc%2Bd"_s;
    auto loc = SourceLocation::parse(url);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->option(u"sslrootcert"_s), cert);
    QCOMPARE(loc->option(u"options"_s), u"-c search_path=logs"_s);
    QCOMPARE(loc->option(u"application_name"_s), u"a&b=c+d"_s);
    // libpq's conninfo: single quotes around each value, backslash before ' and \.
    QCOMPARE(loc->qpsqlConnectOptions(),
             u"sslmode='verify-full';sslrootcert='/etc/ssl/my certs/o\\'brien.pem';options='-c search_path=logs';"
             "application_name='a&b=c+d';connect_timeout='10'"_s);
    // What Open Recent remembers reads back to the same location, every option kept.
    auto again = SourceLocation::parse(loc->toText());
    QVERIFY2(again.ok(), qPrintable(again.error() + u" in "_s + loc->toText()));
    QCOMPARE(again->options, loc->options);
    QCOMPARE(again->displayName(), loc->displayName());
    QCOMPARE(again->toText(), loc->toText());
    // QPSQL splits its option string at every ';', so such a value is refused, not mangled.
    auto semicolon = SourceLocation::parse(u"postgresql://db/prod?application_name=a%3Bsslmode%3Ddisable"_s);
    QVERIFY(!semicolon.ok());
    QVERIFY2(semicolon.error().contains(u"';'"_s), qPrintable(semicolon.error()));
}

void TestSourceLocation::invalidUrl()
{
    auto loc = SourceLocation::parse(u"postgresql://db:notaport/prod"_s);
    QVERIFY(!loc.ok());
    QVERIFY2(loc.error().contains(u"PostgreSQL URL"_s), qPrintable(loc.error()));
}

void TestSourceLocation::displayNeverShowsPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("userinfo") << u"postgresql://alice:TopSecret99@db:5432/prod"_s;
    QTest::newRow("query") << u"postgresql://alice@db/prod?password=TopSecret99"_s;
    QTest::newRow("both") << u"postgres://alice:TopSecret99@db/prod?password=TopSecret99&sslmode=require"_s;
    QTest::newRow("no user") << u"postgresql://:TopSecret99@db/prod"_s;
}

void TestSourceLocation::displayNeverShowsPassword()
{
    QFETCH(QString, url);
    auto loc = SourceLocation::parse(url);
    QVERIFY2(loc.ok(), qPrintable(loc.error()));
    QCOMPARE(loc->password, u"TopSecret99"_s);
    for (const QString &text : {loc->displayName(), loc->identity(), loc->qpsqlConnectOptions(), loc->toText()})
        QVERIFY2(!text.contains(u"TopSecret99"_s), qPrintable(text));
}

void TestSourceLocation::identityIsStable()
{
    auto a = SourceLocation::parse(u"postgresql://alice:one@db:5432/prod"_s);
    auto b = SourceLocation::parse(u"postgresql://alice:two@db/prod"_s);
    QCOMPARE(a->identity(), b->identity());
    auto c = SourceLocation::parse(u"postgresql://alice@db/staging"_s);
    QVERIFY(a->identity() != c->identity());
    auto f = SourceLocation::parse(u"/tmp/log.db"_s);
    QVERIFY(f->identity().startsWith(u"sqlite:"_s));
}

void TestSourceLocation::readOnlyUri()
{
    QCOMPARE(sqliteReadOnlyUri(u"/data/log.db"_s), u"file:/data/log.db?mode=ro"_s);
    const QString odd = sqliteReadOnlyUri(u"/data/my log?#%.db"_s);
    QCOMPARE(odd, u"file:/data/my%20log%3F%23%25.db?mode=ro"_s);
    QVERIFY(sqliteReadOnlyUri(u"rel.db"_s).startsWith(u"file:"_s + QDir::currentPath()));
}

QTEST_GUILESS_MAIN(TestSourceLocation)
#include "tst_sourcelocation.moc"
