// Prompt versions kept as files: the documented format (front matter, then the template byte
// for byte), a folder read as a registry, unreadable files reported instead of fatal, and
// saving a new version as a new file that never replaces an existing one.

#include "prompts/FolderPromptRegistry.h"
#include "prompts/PromptFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestPromptFolder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesTheDocumentedFormat();
    void withoutFrontMatter();
    void formatErrors_data();
    void formatErrors();
    void roundTrip();
    void labelsThatReadAsJsonRoundTrip();
    void folderLoads();
    void badFilesAreReportedNotFatal();
    void saveWritesANewFile();
    void saveNeverOverwrites();
    void unsafeNamesAreRefused();
};

void TestPromptFolder::parsesTheDocumentedFormat()
{
    const QByteArray file = "---\n"
                            "model: claude-sonnet-4-5\n"
                            "temperature: 0.2\n"
                            "max_tokens: 450\n"
                            "labels: [production, canary]\n"
                            "# a comment\n"
                            "author: dev.okafor\n"
                            "note: \"Back to Sonnet: v2 \\\"dropped\\\"\\nquality\"\n"
                            "created_at: 2026-10-02T09:30:00Z\n"
                            "---\n"
                            "Summarize {{ticket_body}}.\n\n";
    const auto parsed = parsePromptFile(file);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    const PromptVersion &v = parsed->version;
    QCOMPARE(v.model, u"claude-sonnet-4-5"_s);
    QCOMPARE(*v.temperature, 0.2);
    QCOMPARE(*v.maxTokens, 450);
    QCOMPARE(v.labels, (QStringList{u"production"_s, u"canary"_s}));
    QCOMPARE(v.author, u"dev.okafor"_s);
    QCOMPARE(v.note, u"Back to Sonnet: v2 \"dropped\"\nquality"_s);
    QCOMPARE(v.createdAt, QDateTime(QDate(2026, 10, 2), QTime(9, 30), QTimeZone::utc()));
    QCOMPARE(v.template_, u"Summarize {{ticket_body}}.\n\n"_s);
    QVERIFY(parsed->warnings.isEmpty());
}

void TestPromptFolder::withoutFrontMatter()
{
    const auto parsed = parsePromptFile("Just a template\n---\nwith a rule line\n");
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->version.template_, u"Just a template\n---\nwith a rule line\n"_s);
    QVERIFY(!parsed->version.temperature);
    const auto unknown = parsePromptFile("---\ntemprature: 0.3\n---\nT");
    QVERIFY(unknown.ok());
    QCOMPARE(unknown->warnings.size(), 1);
    QVERIFY2(unknown->warnings.first().contains(u"temprature"_s), qPrintable(unknown->warnings.first()));
    const auto crlf = parsePromptFile("---\r\nmodel: m\r\n---\r\nT\r\n");
    QVERIFY(crlf.ok());
    QCOMPARE(crlf->version.model, u"m"_s);
    QCOMPARE(crlf->version.template_, u"T\r\n"_s);
}

void TestPromptFolder::formatErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("words");
    QTest::newRow("never closed") << QByteArray("---\nmodel: x\n") << u"never closed"_s;
    QTest::newRow("no colon") << QByteArray("---\nmodel x\n---\nT") << u"line 2"_s;
    QTest::newRow("bad temperature") << QByteArray("---\ntemperature: warm\n---\nT") << u"not a number"_s;
    QTest::newRow("bad max_tokens") << QByteArray("---\nmax_tokens: 1.5\n---\nT") << u"whole number"_s;
    QTest::newRow("bad quoting") << QByteArray("---\nnote: \"unterminated\n---\nT") << u"quoted"_s;
    QTest::newRow("binary") << QByteArray("\x7f" "ELF\0\0\0", 7) << u"binary"_s;
}

void TestPromptFolder::formatErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, words);
    const auto parsed = parsePromptFile(bytes);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().contains(words), qPrintable(parsed.error()));
}

void TestPromptFolder::roundTrip()
{
    PromptVersion v;
    v.model = u"gpt-4.1"_s;
    v.temperature = 0.7;
    v.maxTokens = 1200;
    v.labels = {u"production"_s, u"team, a"_s};
    v.author = u" spaced "_s;
    v.note = u"line one\nline two"_s;
    v.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc());
    v.template_ = u"---\nA template that starts like front matter\n{{x}}"_s;
    v.origin = PromptOrigin::Folder;
    const auto parsed = parsePromptFile(writePromptFile(v));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed->version, v);
    QVERIFY(parsed->warnings.isEmpty());

    PromptVersion bare;
    bare.template_ = u"T"_s;
    bare.origin = PromptOrigin::Folder;
    QCOMPARE(parsePromptFile(writePromptFile(bare))->version, bare);
}

// Found by tests/fuzz (fuzz_promptfile): labels: -0 was written back as "labels: [-0]", which
// reads as a JSON array of a number and so as no label at all.
void TestPromptFolder::labelsThatReadAsJsonRoundTrip()
{
    const auto parsed = parsePromptFile("---\nmodel: c-4-5\nlabels:-0\n---\n: ");
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed->version.labels, QStringList{u"-0"_s});
    for (const QStringList &labels : {QStringList{u"-0"_s}, QStringList{u"1"_s, u"true"_s, u"null"_s},
                                      QStringList{u"production"_s, u"2"_s}}) {
        PromptVersion v;
        v.template_ = u"T"_s;
        v.origin = PromptOrigin::Folder;
        v.labels = labels;
        const auto again = parsePromptFile(writePromptFile(v));
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QCOMPARE(again->version.labels, labels);
    }
    PromptVersion plain;
    plain.labels = {u"production"_s, u"staging"_s};
    QVERIFY(writePromptFile(plain).contains("labels: [production, staging]\n"));
}

void TestPromptFolder::folderLoads()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"summary/v1.prompt"_s), "---\ncreated_at: 2026-01-01T00:00:00Z\n---\nOne {{a}}\n"));
    QVERIFY(writeFile(dir.filePath(u"summary/v10.prompt"_s), "---\nmodel: m\n---\nTen {{a}} {{b}}\n"));
    QVERIFY(writeFile(dir.filePath(u"summary/v2.prompt"_s), "Two {{a}}\n"));
    QVERIFY(writeFile(dir.filePath(u"summary/README.md"_s), "not a prompt"));
    QVERIFY(writeFile(dir.filePath(u"classify/2024-01.prompt"_s), "Classify {text}"));
    QVERIFY(writeFile(dir.filePath(u".git/HEAD.prompt"_s), "ignored"));
    QVERIFY(writeFile(dir.filePath(u"loose.prompt"_s), "a file at the top is no prompt folder"));
    FolderPromptRegistry registry(dir.path());
    QCOMPARE(registry.origin(), PromptOrigin::Folder);
    auto all = registry.loadAll();
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QStringList refs;
    for (const PromptVersion &v : *all)
        refs << v.ref();
    QCOMPARE(refs, (QStringList{u"classify@2024-01"_s, u"summary@v1"_s, u"summary@v2"_s, u"summary@v10"_s}));
    QCOMPARE(registry.find(u"summary"_s)->version, u"v10"_s);
    QCOMPARE(registry.find(u"summary"_s)->model, u"m"_s);
    const PromptVersion v1 = *registry.find(u"summary"_s, u"v1"_s);
    QCOMPARE(v1.template_, u"One {{a}}\n"_s);
    QCOMPARE(v1.origin, PromptOrigin::Folder);
    QCOMPARE(v1.location, dir.filePath(u"summary/v1.prompt"_s));
    QCOMPARE(v1.createdAt, QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()));
    QVERIFY(registry.find(u"summary"_s, u"v2"_s)->createdAt.isValid()); // the file's time
    QVERIFY(registry.warnings().isEmpty());
    QVERIFY(!FolderPromptRegistry(dir.filePath(u"missing"_s)).loadAll().ok());
}

void TestPromptFolder::badFilesAreReportedNotFatal()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"p/v1.prompt"_s), "---\nmodel: ok\n---\nfine"));
    QVERIFY(writeFile(dir.filePath(u"p/v2.prompt"_s), "---\nmodel: never closed\n"));
    QVERIFY(writeFile(dir.filePath(u"p/v3.prompt"_s), QByteArray("\0\1\2binary", 9)));
    FolderPromptRegistry registry(dir.path());
    auto all = registry.loadAll();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 1);
    QCOMPARE(registry.warnings().size(), 2);
    QVERIFY2(registry.warnings().first().startsWith(u"p/v2.prompt: "_s), qPrintable(registry.warnings().first()));
}

void TestPromptFolder::saveWritesANewFile()
{
    QTemporaryDir dir;
    FolderPromptRegistry registry(dir.path());
    PromptVersion v;
    v.name = u"ticket_summary"_s;
    v.version = u"v5"_s;
    v.template_ = u"Summarize {{ticket_body}}"_s;
    v.model = u"claude-haiku-4-5"_s;
    v.labels = {u"staging"_s};
    const auto saved = registry.saveNew(v);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    const QString file = dir.filePath(u"ticket_summary/v5.prompt"_s);
    QVERIFY(QFile::exists(file));
    QVERIFY(readFile(file).startsWith("---\nmodel: claude-haiku-4-5\nlabels: [staging]\ncreated_at: "));
    QVERIFY(readFile(file).endsWith("---\nSummarize {{ticket_body}}"));
    auto back = registry.find(u"ticket_summary"_s, u"v5"_s);
    QVERIFY(back.ok());
    QCOMPARE(back->template_, v.template_);
    QVERIFY(back->createdAt.isValid());
    // Nothing but the one file: no temporary left behind.
    QCOMPARE(QDir(dir.filePath(u"ticket_summary"_s)).entryList(QDir::Files | QDir::Hidden), QStringList{u"v5.prompt"_s});
}

void TestPromptFolder::saveNeverOverwrites()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"p/v1.prompt"_s), "original"));
    FolderPromptRegistry registry(dir.path());
    PromptVersion v;
    v.name = u"p"_s;
    v.version = u"v1"_s;
    v.template_ = u"replacement"_s;
    const auto refused = registry.saveNew(v);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(u"never overwritten"_s), qPrintable(refused.error()));
    QCOMPARE(readFile(dir.filePath(u"p/v1.prompt"_s)), QByteArray("original"));
    v.version = u"v2"_s;
    QVERIFY(registry.saveNew(v).ok());
    QVERIFY(!registry.saveNew(v).ok()); // the second save of the same version
    QCOMPARE(QDir(dir.filePath(u"p"_s)).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestPromptFolder::unsafeNamesAreRefused()
{
    QTemporaryDir dir;
    FolderPromptRegistry registry(dir.path());
    for (const auto &[name, version] : {std::pair{u"../escape"_s, u"v1"_s}, std::pair{u"p"_s, u"../../v1"_s},
                                        std::pair{u".hidden"_s, u"v1"_s}, std::pair{u"p"_s, u"v 1"_s},
                                        std::pair{u"p/q"_s, u"v1"_s}}) {
        PromptVersion v;
        v.name = name;
        v.version = version;
        v.template_ = u"t"_s;
        QVERIFY2(!registry.saveNew(v).ok(), qPrintable(name + u'@' + version));
    }
    QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
    QVERIFY(isSafePromptFileName(u"v1.2-rc_3"_s));
    QVERIFY(!isSafePromptFileName(u".."_s));
}

QTEST_GUILESS_MAIN(TestPromptFolder)
#include "tst_promptfolder.moc"
