// The prompt diff against GNU diff: on random texts it changes exactly as many lines as
// `diff --minimal` (with and without -w), its unified output applies with patch(1) and, where
// the alignment is unambiguous, is byte for byte what `diff -u` prints.

#include "prompts/TextDiff.h"
#include "prompts/UnifiedDiff.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

constexpr auto kDiff = "/usr/bin/diff";

struct GnuCounts {
    int removed = 0;
    int added = 0;
    int exitCode = -1;
};

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) == text.toUtf8().size();
}

QByteArray run(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

// Lines `diff --minimal` (normal format) marks as removed (<) and added (>).
GnuCounts gnuMinimal(const QString &a, const QString &b, bool ignoreWhitespace)
{
    QStringList args{u"--minimal"_s};
    if (ignoreWhitespace)
        args << u"-w"_s;
    args << a << b;
    GnuCounts c;
    const QByteArray out = run(QString::fromLatin1(kDiff), args, &c.exitCode);
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("< "))
            ++c.removed;
        else if (line.startsWith("> "))
            ++c.added;
    }
    return c;
}

// Texts that make a diff work: few distinct lines (so many alignments tie), blank lines,
// lines that differ only in white space, and sometimes no final newline.
QString randomText(QRandomGenerator &rng, int lines, bool whitespaceNoise)
{
    static const QStringList words{u"alpha"_s, u"beta"_s, u"{{plan}}"_s, u"gamma"_s, u""_s, u"delta"_s, u"- rule"_s};
    QString text;
    for (int i = 0; i < lines; ++i) {
        QString line = words.at(rng.bounded(static_cast<int>(words.size())));
        if (rng.bounded(4) == 0)
            line += u' ' + words.at(rng.bounded(static_cast<int>(words.size())));
        if (whitespaceNoise && rng.bounded(3) == 0)
            line = (rng.bounded(2) ? u"  "_s : u"\t"_s) + line + (rng.bounded(2) ? u" "_s : QString());
        text += line + u'\n';
    }
    if (!text.isEmpty() && rng.bounded(5) == 0)
        text.chop(1);
    return text;
}

// An edited copy: lines dropped, replaced, inserted, and runs moved.
QString mutate(QRandomGenerator &rng, const QString &text, bool whitespaceNoise)
{
    QStringList lines = text.split(u'\n');
    const int edits = 1 + rng.bounded(8);
    for (int e = 0; e < edits; ++e) {
        const int at = rng.bounded(static_cast<int>(lines.size()) + 1);
        switch (rng.bounded(4)) {
        case 0:
            if (at < lines.size())
                lines.removeAt(at);
            break;
        case 1:
            lines.insert(at, randomText(rng, 1, whitespaceNoise).trimmed());
            break;
        case 2:
            if (at < lines.size())
                lines[at] = whitespaceNoise ? u"  "_s + lines[at] : lines[at] + u" changed"_s;
            break;
        default:
            if (at + 2 < lines.size())
                lines.move(at, rng.bounded(static_cast<int>(lines.size())));
            break;
        }
    }
    return lines.join(u'\n');
}

} // namespace

class TestPromptDiffGnu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void minimalAsGnuDiff_data();
    void minimalAsGnuDiff();
    void unifiedAppliesWithPatch();
    void unifiedIsGnuFormat();
    void unifiedEdgeCases_data();
    void unifiedEdgeCases();
    void hunksMergeLikeGnu();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestPromptDiffGnu::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QFile::exists(QString::fromLatin1(kDiff)))
        QSKIP("GNU diff (diffutils) is not installed");
}

void TestPromptDiffGnu::minimalAsGnuDiff_data()
{
    QTest::addColumn<bool>("ignoreWhitespace");
    QTest::newRow("exact") << false;
    QTest::newRow("ignore white space (-w)") << true;
}

void TestPromptDiffGnu::minimalAsGnuDiff()
{
    QFETCH(bool, ignoreWhitespace);
    QRandomGenerator rng(ignoreWhitespace ? 4242 : 1234);
    for (int round = 0; round < 300; ++round) {
        const QString a = randomText(rng, rng.bounded(round < 20 ? 4 : 80), ignoreWhitespace);
        const QString b = rng.bounded(3) == 0 ? randomText(rng, rng.bounded(80), ignoreWhitespace)
                                              : mutate(rng, a, ignoreWhitespace);
        QVERIFY(writeFile(path(u"a.txt"_s), a));
        QVERIFY(writeFile(path(u"b.txt"_s), b));
        const GnuCounts gnu = gnuMinimal(path(u"a.txt"_s), path(u"b.txt"_s), ignoreWhitespace);
        QVERIFY(gnu.exitCode == 0 || gnu.exitCode == 1);
        const TextDiff d = diffTexts(a, b, DiffOptions{ignoreWhitespace, true});
        const QString context = u"round %1\n--- a\n%2\n--- b\n%3"_s.arg(round).arg(a, b);
        QVERIFY2(d.removedLines == gnu.removed && d.addedLines == gnu.added,
                 qPrintable(u"removed %1/%2 added %3/%4 (ours/GNU) "_s.arg(d.removedLines)
                                .arg(gnu.removed)
                                .arg(d.addedLines)
                                .arg(gnu.added)
                            + context));
        QCOMPARE(d.identical(), gnu.exitCode == 0);
        QVERIFY(d.minimal);
        // Every line of both sides appears exactly once, in order.
        int l = 0;
        int r = 0;
        for (const DiffRow &row : d.rows) {
            if (row.left >= 0)
                QCOMPARE(row.left, l++);
            if (row.right >= 0)
                QCOMPARE(row.right, r++);
        }
        QCOMPARE(l, d.left.size());
        QCOMPARE(r, d.right.size());
    }
}

void TestPromptDiffGnu::unifiedAppliesWithPatch()
{
    if (!QFile::exists(u"/usr/bin/patch"_s))
        QSKIP("patch(1) is not installed");
    QRandomGenerator rng(99);
    for (int round = 0; round < 80; ++round) {
        const QString a = randomText(rng, rng.bounded(60), false);
        const QString b = mutate(rng, a, false);
        const QString patchText = unifiedDiff(diffTexts(a, b), u"a.txt"_s, u"b.txt"_s);
        QVERIFY(writeFile(path(u"a.txt"_s), a));
        QVERIFY(writeFile(path(u"p.diff"_s), patchText));
        QFile::remove(path(u"out.txt"_s));
        int code = -1;
        run(u"/usr/bin/patch"_s, {u"-s"_s, u"-o"_s, path(u"out.txt"_s), path(u"a.txt"_s), path(u"p.diff"_s)}, &code);
        if (patchText.isEmpty()) {
            QCOMPARE(a, b);
            continue;
        }
        QVERIFY2(code == 0, qPrintable(u"round %1: patch failed on\n%2"_s.arg(round).arg(patchText)));
        QFile out(path(u"out.txt"_s));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY2(QString::fromUtf8(out.readAll()) == b, qPrintable(u"round %1:\n%2"_s.arg(round).arg(patchText)));
    }
}

// With unique lines and no moves, the alignment is unique: the text must be GNU's exactly.
void TestPromptDiffGnu::unifiedIsGnuFormat()
{
    QRandomGenerator rng(7);
    int fresh = 0;
    for (int round = 0; round < 150; ++round) {
        QStringList base;
        const int n = rng.bounded(40);
        for (int i = 0; i < n; ++i)
            base << u"line %1 of the prompt"_s.arg(i);
        QStringList edited;
        for (const QString &line : base) {
            const int roll = rng.bounded(10);
            if (roll == 0)
                continue; // removed
            if (roll == 1)
                edited << u"replacement %1"_s.arg(++fresh);
            else
                edited << line;
            if (roll == 2)
                edited << u"inserted %1"_s.arg(++fresh);
        }
        if (rng.bounded(4) == 0)
            edited.prepend(u"inserted at the top %1"_s.arg(++fresh));
        QString a = base.isEmpty() ? QString() : base.join(u'\n') + u'\n';
        QString b = edited.isEmpty() ? QString() : edited.join(u'\n') + u'\n';
        if (rng.bounded(6) == 0 && !a.isEmpty())
            a.chop(1);
        if (rng.bounded(6) == 0 && !b.isEmpty())
            b.chop(1);
        QVERIFY(writeFile(path(u"a.txt"_s), a));
        QVERIFY(writeFile(path(u"b.txt"_s), b));
        const QByteArray gnu = run(QString::fromLatin1(kDiff), {u"-u"_s, u"--label"_s, u"v1"_s, u"--label"_s, u"v2"_s,
                                                               path(u"a.txt"_s), path(u"b.txt"_s)});
        const QString ours = unifiedDiff(diffTexts(a, b), u"v1"_s, u"v2"_s);
        QVERIFY2(ours == QString::fromUtf8(gnu), qPrintable(u"round %1\nours:\n%2\nGNU:\n%3"_s.arg(round).arg(
                                                    ours, QString::fromUtf8(gnu))));
    }
}

void TestPromptDiffGnu::unifiedEdgeCases_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("empty to text") << QString() << u"one\ntwo\n"_s;
    QTest::newRow("text to empty") << u"one\ntwo\n"_s << QString();
    QTest::newRow("newline added at end") << u"one\ntwo"_s << u"one\ntwo\n"_s;
    QTest::newRow("newline dropped at end") << u"one\ntwo\n"_s << u"one\ntwo"_s;
    QTest::newRow("last line changed, no newline") << u"one\ntwo"_s << u"one\nthree"_s;
    QTest::newRow("context line without newline") << u"x\ny\nend"_s << u"x2\ny\nend"_s;
    QTest::newRow("single line") << u"a\n"_s << u"b\n"_s;
    QTest::newRow("blank lines") << u"\n\n\n"_s << u"\n\nx\n\n"_s;
    QTest::newRow("insert after the end, zero context") << u"1\n2\n3\n4\n5\n6\n7\n8\n"_s << u"1\n2\n3\n4\n5\n6\n7\n8\n9\n"_s;
    QTest::newRow("CRLF") << u"a\r\nb\r\n"_s << u"a\r\nc\r\n"_s;
}

void TestPromptDiffGnu::unifiedEdgeCases()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QVERIFY(writeFile(path(u"a.txt"_s), a));
    QVERIFY(writeFile(path(u"b.txt"_s), b));
    const QByteArray gnu = run(QString::fromLatin1(kDiff), {u"-u"_s, u"--label"_s, u"A"_s, u"--label"_s, u"B"_s,
                                                           path(u"a.txt"_s), path(u"b.txt"_s)});
    QCOMPARE(unifiedDiff(diffTexts(a, b), u"A"_s, u"B"_s), QString::fromUtf8(gnu));
}

void TestPromptDiffGnu::hunksMergeLikeGnu()
{
    // Two changes 6 equal lines apart share a hunk (6 < 2 * 3 + 1); 7 apart they do not.
    QStringList lines;
    for (int i = 0; i < 30; ++i)
        lines << QString::number(i);
    const QString a = lines.join(u'\n') + u'\n';
    QStringList six = lines;
    six[5] = u"five"_s;
    six[12] = u"twelve"_s;
    QStringList seven = lines;
    seven[5] = u"five"_s;
    seven[13] = u"thirteen"_s;
    QCOMPARE(diffHunks(diffTexts(a, six.join(u'\n') + u'\n')).size(), 1);
    QCOMPARE(diffHunks(diffTexts(a, seven.join(u'\n') + u'\n')).size(), 2);
    const QList<DiffHunk> one = diffHunks(diffTexts(a, six.join(u'\n') + u'\n'));
    QCOMPARE(hunkHeader(one.first()), u"@@ -3,14 +3,14 @@"_s); // as diff -u prints it
    QCOMPARE(diffHunks(diffTexts(a, six.join(u'\n') + u'\n'), 0).size(), 2);
}

QTEST_GUILESS_MAIN(TestPromptDiffGnu)
#include "tst_promptdiff_gnu.moc"
