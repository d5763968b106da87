// The prompt diff for people: word-level highlights (computed up front or lazily per row),
// white-space mode, edited lines paired with their new form, the inline word-diff text,
// variables and parameters that changed between versions, and speed on big prompts.

#include "prompts/PromptDiff.h"
#include "prompts/UnifiedDiff.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestPromptDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identicalTexts();
    void wordLevelHighlights();
    void whitespaceOnlyChangeIsHighlighted();
    void ignoreWhitespace();
    void editedLinePairsWithItsNewForm();
    void dissimilarLinesAreWhollyChanged();
    void wordDiffText();
    void variablesAndMetadata();
    void bigPromptsAreFast();
    void lazyWordSpans();
};

void TestPromptDiff::identicalTexts()
{
    const TextDiff d = diffTexts(u"same\ntext\n"_s, u"same\ntext\n"_s);
    QVERIFY(d.identical());
    QCOMPARE(d.rows.size(), 2);
    QVERIFY(unifiedDiff(d, u"a"_s, u"b"_s).isEmpty());
    QVERIFY(diffTexts(QString(), QString()).rows.isEmpty());
}

void TestPromptDiff::wordLevelHighlights()
{
    const TextDiff d = diffTexts(u"intro\nThe quick brown fox jumps.\n"_s, u"intro\nThe slow brown fox leaps.\n"_s);
    QCOMPARE(d.rows.size(), 2);
    const DiffRow &row = d.rows[1];
    QCOMPARE(row.kind, RowKind::Changed);
    const QString left = d.left[row.left];
    const QString right = d.right[row.right];
    QStringList removed, added;
    for (const TextSpan &s : row.leftSpans)
        removed << left.mid(s.start, s.length);
    for (const TextSpan &s : row.rightSpans)
        added << right.mid(s.start, s.length);
    QCOMPARE(removed, (QStringList{u"quick"_s, u"jumps"_s}));
    QCOMPARE(added, (QStringList{u"slow"_s, u"leaps"_s}));

    // Neighbouring changed words merge into one span across the space between them.
    const WordDiff w = diffWords(u"use the red big box"_s, u"use the blue small box"_s);
    QCOMPARE(w.left, (QList<TextSpan>{{8, 7}}));
    QCOMPARE(w.right, (QList<TextSpan>{{8, 10}}));
    // Variables are words too: a renamed variable is highlighted on its own.
    const WordDiff v = diffWords(u"Plan: {{plan}}."_s, u"Plan: {{tier}}."_s);
    QCOMPARE(v.left, (QList<TextSpan>{{8, 4}}));
    QCOMPARE(v.right, (QList<TextSpan>{{8, 4}}));
}

void TestPromptDiff::whitespaceOnlyChangeIsHighlighted()
{
    const TextDiff d = diffTexts(u"a b\n"_s, u"a  b\n"_s);
    QCOMPARE(d.rows.size(), 1);
    QCOMPARE(d.rows[0].kind, RowKind::Changed);
    QCOMPARE(d.rows[0].rightSpans, (QList<TextSpan>{{1, 2}}));
}

void TestPromptDiff::ignoreWhitespace()
{
    const QString a = u"Rules:\n  - be brief\n- quote errors\nend\n"_s;
    const QString b = u"Rules:\n- be  brief \n\t- quote errors\nend"_s;
    const TextDiff exact = diffTexts(a, b);
    QCOMPARE(exact.removedLines, 3);
    const TextDiff loose = diffTexts(a, b, DiffOptions{true, true});
    QVERIFY(loose.identical());
    QCOMPARE(loose.rows.size(), 4);
    QVERIFY(unifiedDiff(loose, u"a"_s, u"b"_s).isEmpty());
    // A real change among white-space noise: only the word is highlighted.
    const TextDiff mixed = diffTexts(u"keep  it short\n"_s, u"keep it  brief\n"_s, DiffOptions{true, true});
    QCOMPARE(mixed.rows.size(), 1);
    QCOMPARE(mixed.rows[0].kind, RowKind::Changed);
    QCOMPARE(mixed.rows[0].leftSpans, (QList<TextSpan>{{9, 5}}));
    QCOMPARE(mixed.rows[0].rightSpans, (QList<TextSpan>{{9, 5}}));
}

void TestPromptDiff::editedLinePairsWithItsNewForm()
{
    const QString a = u"head\nSummarize the ticket for the agent.\ntail\n"_s;
    const QString b = u"head\nA brand new first line.\nSummarize the ticket for the on-call agent.\ntail\n"_s;
    const TextDiff d = diffTexts(a, b);
    QCOMPARE(d.rows.size(), 4);
    QCOMPARE(d.rows[1].kind, RowKind::Added);
    QCOMPARE(d.rows[1].right, 1);
    QCOMPARE(d.rows[2].kind, RowKind::Changed);
    QCOMPARE(d.rows[2].left, 1);
    QCOMPARE(d.rows[2].right, 2);
    QCOMPARE(d.removedLines, 1);
    QCOMPARE(d.addedLines, 2);
}

void TestPromptDiff::dissimilarLinesAreWhollyChanged()
{
    const TextDiff d = diffTexts(u"alpha beta gamma\n"_s, u"one two three\n"_s);
    QCOMPARE(d.rows.size(), 1);
    QCOMPARE(d.rows[0].kind, RowKind::Changed);
    QCOMPARE(d.rows[0].leftSpans, (QList<TextSpan>{{0, 16}}));
    QCOMPARE(d.rows[0].rightSpans, (QList<TextSpan>{{0, 13}}));
}

void TestPromptDiff::wordDiffText()
{
    const TextDiff d = diffTexts(u"a\nThe quick fox.\nold line\n"_s, u"a\nThe slow fox.\n"_s);
    const QString text = assay::wordDiffText(d, u"v1"_s, u"v2"_s);
    QCOMPARE(text, u"--- v1\n+++ v2\n@@ -1,3 +1,2 @@\na\nThe [-quick-]{+slow+} fox.\n[-old line-]\n"_s);
}

void TestPromptDiff::variablesAndMetadata()
{
    PromptVersion v1;
    v1.name = u"churn_risk"_s;
    v1.version = u"v1"_s;
    v1.model = u"gpt-4o-mini"_s;
    v1.temperature = 0.0;
    v1.maxTokens = 300;
    v1.template_ = u"Account: {{account_name}}\nPlan: {{plan}}\nUsage: {{usage_summary}}\n"_s;
    PromptVersion v2 = v1;
    v2.version = u"v2"_s;
    v2.model = u"gpt-4.1"_s;
    v2.maxTokens = 350;
    v2.template_ = u"Account: {{account_name}}\nUsage: {{usage_summary}}\nHistory: {{ support.history }}\n"_s;
    const PromptVersionDiff d = diffPromptVersions(v1, v2);
    QCOMPARE(d.addedVariables, QStringList{u"{{support.history}}"_s});
    QCOMPARE(d.removedVariables, QStringList{u"{{plan}}"_s});
    QCOMPARE(d.metadata.size(), 2);
    QCOMPARE(d.metadata[0].field, u"model"_s);
    QCOMPARE(d.metadata[0].before, u"gpt-4o-mini"_s);
    QCOMPARE(d.metadata[1].field, u"max_tokens"_s);
    QCOMPARE(d.metadata[1].after, u"350"_s);
    QVERIFY(!d.identical());
    QVERIFY(d.summaryLines().contains(u"model: gpt-4o-mini -> gpt-4.1"_s));

    PromptVersion same = v1;
    same.version = u"v1-copy"_s;
    same.note = u"notes do not count"_s;
    QVERIFY(diffPromptVersions(v1, same).identical());
    same.temperature.reset();
    QCOMPARE(diffPromptVersions(v1, same).summaryLines(), QStringList{u"temperature: 0 -> (unset)"_s});
}

void TestPromptDiff::bigPromptsAreFast()
{
    QRandomGenerator rng(5);
    QStringList a;
    for (int i = 0; i < 5000; ++i)
        a << u"Rule %1: answer in %2 words about {{topic_%3}}."_s.arg(i).arg(rng.bounded(100)).arg(rng.bounded(50));
    QStringList b = a;
    for (int e = 0; e < 250; ++e) {
        const int at = rng.bounded(static_cast<int>(b.size()));
        if (e % 3 == 0)
            b.removeAt(at);
        else if (e % 3 == 1)
            b.insert(at, u"New rule %1."_s.arg(e));
        else
            b[at] += u" (changed)"_s;
    }
    const QString left = a.join(u'\n');
    const QString right = b.join(u'\n');
    QElapsedTimer t;
    t.start();
    const TextDiff d = diffTexts(left, right);
    const qint64 ms = t.elapsed();
    QVERIFY(d.minimal);
    QVERIFY(!d.identical());
    // The benchmark holds the real bar (20 ms); this only catches a pathological slowdown.
    QVERIFY2(ms < 500, qPrintable(u"%1 ms"_s.arg(ms)));
}

void TestPromptDiff::lazyWordSpans()
{
    const QString a = u"keep\nThe quick brown fox.\nsame\nalpha beta\n"_s;
    const QString b = u"keep\nThe slow brown fox.\nsame\nalpha gamma\nadded\n"_s;
    const TextDiff eager = diffTexts(a, b);
    DiffOptions lazyOptions;
    lazyOptions.wordLevel = false;
    TextDiff lazy = diffTexts(a, b, lazyOptions);
    QCOMPARE(lazy.rows.size(), eager.rows.size());
    QVERIFY(lazy.rows[1].leftSpans.isEmpty() && !lazy.rows[1].spansDone);
    fillWordSpans(lazy, 0, 1); // only the first screenful
    QVERIFY(lazy.rows[1].spansDone);
    QCOMPARE(lazy.rows[1].leftSpans, eager.rows[1].leftSpans);
    QVERIFY(!lazy.rows[3].spansDone);
    fillWordSpans(lazy, -5, 1000); // ranges are clamped
    for (int i = 0; i < lazy.rows.size(); ++i) {
        QCOMPARE(lazy.rows[i].leftSpans, eager.rows[i].leftSpans);
        QCOMPARE(lazy.rows[i].rightSpans, eager.rows[i].rightSpans);
    }
    // The unified options give the same alignment, only without pairing work.
    const TextDiff plain = diffTexts(a, b, unifiedDiffOptions());
    QCOMPARE(unifiedDiff(plain, u"a"_s, u"b"_s), unifiedDiff(eager, u"a"_s, u"b"_s));
}

QTEST_GUILESS_MAIN(TestPromptDiff)
#include "tst_promptdiff.moc"
