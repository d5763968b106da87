// bench_diff: the prompt diff on two 5,000-line prompts, beside GNU diff on the same files (the
// whole process, as a user running it would wait for it). Target (issue 4): <= 20 ms and at most
// twice GNU diff. A program, not a test: run it by hand, it prints Markdown on stdout.
//
//   bench_diff [--lines 5000] [--runs 15]

#include "BenchStats.h"

#include "prompts/TextDiff.h"
#include "prompts/UnifiedDiff.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::bench;

namespace {

struct Case {
    QString name;
    QString left;
    QString right;
};

// A long system prompt: rules, examples and variables, every line a little different.
QStringList promptLines(QRandomGenerator &rng, int n)
{
    static const QStringList words{u"answer"_s, u"the"_s, u"customer"_s, u"briefly"_s, u"{{plan}}"_s, u"never"_s,
                                   u"invent"_s, u"steps"_s, u"quote"_s, u"errors"_s, u"exactly"_s, u"in"_s, u"Markdown"_s};
    QStringList lines;
    for (int i = 0; i < n; ++i) {
        if (i % 12 == 11) {
            lines << QString(); // paragraphs: blank lines repeat, as in real prompts
            continue;
        }
        QString line = u"- Rule %1:"_s.arg(i);
        for (int w = 0, count = 6 + rng.bounded(10); w < count; ++w)
            line += u' ' + words.at(rng.bounded(static_cast<int>(words.size())));
        lines << line;
    }
    return lines;
}

// `share` of the lines edited: a third rewritten, a third removed, a third new lines inserted.
QStringList edited(QRandomGenerator &rng, QStringList lines, double share)
{
    const int edits = static_cast<int>(lines.size() * share);
    for (int e = 0; e < edits; ++e) {
        const int at = rng.bounded(static_cast<int>(lines.size()));
        switch (e % 3) {
        case 0:
            lines[at] += u" (stricter)"_s;
            break;
        case 1:
            lines.removeAt(at);
            break;
        default:
            lines.insert(at, u"- New rule %1: cite the {{doc_context}} section."_s.arg(e));
            break;
        }
    }
    return lines;
}

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) >= 0;
}

Samples timeProcess(const QStringList &args, int runs)
{
    return measure([&](QString &error) -> std::optional<double> {
        QProcess p;
        p.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer t;
        t.start();
        p.start(u"/usr/bin/diff"_s, args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() > 1) {
            error = u"diff failed: "_s + p.errorString();
            return std::nullopt;
        }
        return elapsedMs(t);
    }, kWarmups, runs);
}

// Lines `diff --minimal` marks as changed, to check the count beside ours.
int changedLines(const QString &a, const QString &b)
{
    QProcess p;
    p.start(u"/usr/bin/diff"_s, {u"--minimal"_s, a, b});
    p.waitForFinished(60000);
    int n = 0;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
        n += line.startsWith("< ") || line.startsWith("> ") ? 1 : 0;
    return n;
}

Samples timeCall(const std::function<void()> &call, int runs)
{
    return measure([&](QString &) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        call();
        return elapsedMs(t);
    }, kWarmups, runs);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Times the prompt diff beside GNU diff on two long prompts."_s);
    parser.addHelpOption();
    parser.addOption({u"lines"_s, u"Lines per prompt (default 5000)."_s, u"n"_s, u"5000"_s});
    parser.addOption({u"runs"_s, u"Timed runs per figure, after one warm-up (default 15)."_s, u"n"_s, u"15"_s});
    parser.process(app);
    const int lines = std::max(10, parser.value(u"lines"_s).toInt());
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());

    QRandomGenerator rng(20261120);
    const QStringList base = promptLines(rng, lines);
    const QString left = base.join(u'\n') + u'\n';
    QList<Case> cases;
    for (double share : {0.01, 0.05, 0.30})
        cases << Case{u"%1 lines, %2% edited"_s.arg(lines).arg(share * 100), left,
                      edited(rng, base, share).join(u'\n') + u'\n'};
    cases << Case{u"%1 lines, unrelated"_s.arg(lines), left, promptLines(rng, lines).join(u'\n') + u'\n'};

    // The editor's case: one keystroke in a 2,000-line prompt, diffed against its base and
    // highlighted for a screenful (the view fills spans lazily for what it shows).
    const QStringList editorBase = promptLines(rng, 2000);
    QStringList typed = editorBase;
    typed[1000] += u" and cite"_s;
    cases << Case{u"2000 lines, 1 line edited (editor)"_s, editorBase.join(u'\n') + u'\n', typed.join(u'\n') + u'\n'};

    QTemporaryDir dir;
    QTextStream out(stdout);
    out << "| prompts | changed lines (GNU --minimal) | line diff | side-by-side rows | + spans, one screen | "
           "+ spans, all rows | unified text | GNU diff -u | GNU diff -u --minimal | target |\n";
    out << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const Case &c : cases) {
        const QString a = dir.filePath(u"a.prompt"_s);
        const QString b = dir.filePath(u"b.prompt"_s);
        if (!writeFile(a, c.left) || !writeFile(b, c.right)) {
            QTextStream(stderr) << "cannot write to " << dir.path() << Qt::endl;
            return 1;
        }
        TextDiff result;
        const Samples lineOnly = timeCall([&] { result = diffTexts(c.left, c.right, unifiedDiffOptions()); }, runs);
        const DiffOptions rowsOnly{false, false, true};
        const Samples rows = timeCall([&] { result = diffTexts(c.left, c.right, rowsOnly); }, runs);
        // A screenful: 60 rows from the first change on, as the view would ask for them.
        const Samples screen = timeCall([&] {
            TextDiff d = diffTexts(c.left, c.right, rowsOnly);
            int first = 0;
            while (first < d.rows.size() && d.rows[first].kind == RowKind::Equal)
                ++first;
            fillWordSpans(d, first, first + 59);
        }, runs);
        const Samples words = timeCall([&] { result = diffTexts(c.left, c.right); }, runs);
        QString unified;
        const Samples text = timeCall([&] {
            unified = unifiedDiff(diffTexts(c.left, c.right, unifiedDiffOptions()), u"a"_s, u"b"_s);
        }, runs);
        const Samples gnu = timeProcess({u"-u"_s, a, b}, runs);
        const Samples gnuMinimal = timeProcess({u"-u"_s, u"--minimal"_s, a, b}, runs);
        const int gnuChanged = changedLines(a, b);
        const bool editor = c.name.contains(u"editor"_s);
        const bool met = editor ? screen.median() <= 16.0
                                : text.median() <= 20.0 && text.median() <= 2.0 * gnu.median();
        out << "| " << c.name << " | " << (result.removedLines + result.addedLines) << (result.minimal ? "" : " (not certified)")
            << " (" << gnuChanged << ") | " << formatSamples(lineOnly) << " | " << formatSamples(rows) << " | "
            << formatSamples(screen) << " | " << formatSamples(words) << " | " << formatSamples(text) << " | "
            << formatSamples(gnu) << " | " << formatSamples(gnuMinimal) << " | " << (met ? "met" : "**missed**")
            << (editor ? " (rows + one screen of spans <= 16 ms)" : " (unified text <= 20 ms and <= 2x GNU diff -u)")
            << " |\n";
        out.flush();
    }
    out << "\nMedians of " << runs << " runs after " << kWarmups << " warm-up, on " << QThread::idealThreadCount()
        << " CPUs. Assay figures run in process (QElapsedTimer): \"line diff\" is the alignment alone, \"side-by-side "
           "rows\" adds pairing edited lines by similarity, \"one screen\" adds word spans for 60 rows, \"all rows\" "
           "computes spans for every changed row up front, \"unified text\" is the line diff plus the text `assay "
           "prompts diff` prints. GNU diff figures time the whole process (start to exit, output to /dev/null).\n";
    return 0;
}
