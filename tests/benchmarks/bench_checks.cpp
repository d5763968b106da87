// bench_checks: automatic checks over 100,000 logged outputs (issue 10). A program, not a test:
// run it by hand.
//
//   bench_checks [--rows N] [--dir FOLDER]
//
// Writes a SQLite log of N outputs (default 100,000) in FOLDER (default: a temporary folder):
// JSON answers of about 200 bytes, 1 in 20 truncated (not JSON), 1 in 10 with a risk_score out
// of range. The set is is-json with a JSON Schema (object, required risk_score in [0, 1], a
// label enum, a drivers array of strings) plus a json-field range check. Figures (median of 5
// runs after a warm-up), with the target:
//   1. the set evaluated over N outputs already in memory (the checks alone);
//   2. checkLoggedOutputs over the log: reading every output and checking it (<= 2 s at 100,000);
//   3. the same with the workspace store, first run (evaluating and writing every result) and
//      a re-run (every result reused).

#include "BenchStats.h"

#include "browse/LogSession.h"
#include "eval/CheckResultStore.h"
#include "eval/CheckRun.h"
#include "pricing/PriceTable.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace assay;
using namespace assay::bench;

namespace {

const QByteArray checksJson = R"([
  {"type": "is-json", "value": {"type": "object", "required": ["risk_score", "label"],
    "properties": {"risk_score": {"type": "number", "minimum": 0, "maximum": 1},
                   "label": {"enum": ["churn", "stay", "unsure"]},
                   "drivers": {"type": "array", "items": {"type": "string"}}}}},
  {"type": "json-field", "path": "/risk_score", "min": 0, "max": 1}
])";

QString outputFor(int i)
{
    static const QStringList labels{u"churn"_s, u"stay"_s, u"unsure"_s};
    const double risk = i % 10 == 3 ? 1.25 : (i % 97) / 97.0;
    QString json = u"{\"risk_score\": %1, \"label\": \"%2\", \"drivers\": [\"seat utilisation at %3%\", "
                   "\"%4 support tickets last month\"], \"recommended_action\": \"Offer a call before renewal\"}"_s
                       .arg(risk, 0, 'f', 3).arg(labels.at(i % 3)).arg(i % 100).arg(i % 17);
    if (i % 20 == 7)
        json.chop(30); // truncated mid-answer
    return json;
}

bool writeLog(const QString &path, int rows, QString &error)
{
    QFile::remove(path);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-writer"_s);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
            return false;
        }
        QSqlQuery q(db);
        q.exec(u"CREATE TABLE ai_outputs (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, feature TEXT, output TEXT, "
               "model TEXT, input TEXT, latency_ms INTEGER, output_tokens INTEGER, status TEXT)"_s);
        db.transaction();
        q.prepare(u"INSERT INTO ai_outputs VALUES (?, ?, 'churn_risk', ?, 'claude-haiku-4-5', ?, ?, ?, 'ok')"_s);
        const QDateTime start(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
        for (int i = 1; i <= rows; ++i) {
            q.addBindValue(i);
            q.addBindValue(start.addSecs(i * 20).toString(Qt::ISODate));
            q.addBindValue(outputFor(i));
            q.addBindValue(u"{\"account\": \"acct-%1\"}"_s.arg(i));
            q.addBindValue(300 + i % 900);
            q.addBindValue(60 + i % 40);
            if (!q.exec()) {
                error = q.lastError().text();
                return false;
            }
        }
        db.commit();
        q.exec(u"CREATE INDEX ai_outputs_created ON ai_outputs (created_at)"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"bench-writer"_s);
    return true;
}

void printRow(QTextStream &out, const QString &what, const Samples &s, const QString &target, int rows)
{
    if (!s.ok()) {
        out << "| " << what << " | failed: " << s.error << " | | |\n";
        return;
    }
    out << "| " << what << " | " << QString::number(s.median(), 'f', 0) << " ms | "
        << QString::number(1000.0 * rows / std::max(s.median(), 0.001), 'f', 0) << " outputs/s | " << target << " |\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"rows"_s, u"Outputs in the log (default 100000)."_s, u"N"_s, u"100000"_s});
    parser.addOption({u"dir"_s, u"Folder for the log and workspace (default: a temporary folder)."_s, u"folder"_s});
    parser.process(app);
    QTextStream out(stdout);
    const int rows = parser.value(u"rows"_s).toInt();
    QTemporaryDir temp;
    const QString dir = parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) : temp.path();
    const QString logPath = QDir(dir).filePath(u"bench-checks.sqlite"_s);
    QString error;
    if (!writeLog(logPath, rows, error)) {
        out << "cannot write the log: " << error << "\n";
        return 1;
    }
    auto set = CheckSet::parse(checksJson, u"bench"_s);
    if (!set) {
        out << set.error() << "\n";
        return 1;
    }
    const PriceTable prices = PriceTable::withDefaults();
    SessionSpec spec;
    spec.source = *SourceLocation::parse(logPath);
    spec.workspace = QDir(dir).filePath(u"bench-ws.sqlite"_s);
    auto session = LogSession::open(spec);
    if (!session || !(*session)->workspace()) {
        out << "cannot open the log: " << (session ? (*session)->workspaceError() : session.error()) << "\n";
        return 1;
    }

    QList<CheckInput> inputs;
    inputs.reserve(rows);
    for (int i = 1; i <= rows; ++i)
        inputs << CheckInput{outputFor(i), u"{\"account\": \"acct-%1\"}"_s.arg(i), 300 + i % 900, std::nullopt, 60 + i % 40};
    qint64 failedInMemory = 0;
    const Samples inMemory = measure([&](QString &) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        failedInMemory = 0;
        for (const CheckInput &in : std::as_const(inputs))
            failedInMemory += set->evaluate(in).first().passed ? 0 : 1;
        return elapsedMs(t);
    });

    qint64 failedFromLog = 0;
    const Samples fromLog = measure([&](QString &e) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        auto totals = checkLoggedOutputs((*session)->outputs(), OutputFilter{}, *set, prices, -1);
        if (!totals) {
            e = totals.error();
            return std::nullopt;
        }
        failedFromLog = totals->checks.first().failed;
        return elapsedMs(t);
    });

    CheckResultStore store(*(*session)->workspace());
    qint64 reused = 0;
    const Samples storedFirst = measure([&](QString &e) -> std::optional<double> {
        QSqlQuery(( *session)->workspace()->db()).exec(u"DELETE FROM check_results"_s);
        QElapsedTimer t;
        t.start();
        auto totals = checkLoggedOutputs((*session)->outputs(), OutputFilter{}, *set, prices, -1, {}, &store);
        if (!totals) {
            e = totals.error();
            return std::nullopt;
        }
        return elapsedMs(t);
    }, 0, 3);
    const Samples storedAgain = measure([&](QString &e) -> std::optional<double> {
        QElapsedTimer t;
        t.start();
        auto totals = checkLoggedOutputs((*session)->outputs(), OutputFilter{}, *set, prices, -1, {}, &store);
        if (!totals) {
            e = totals.error();
            return std::nullopt;
        }
        reused = totals->reused;
        return elapsedMs(t);
    });

    out << "# bench_checks: " << rows << " logged outputs, is-json with a JSON Schema + a json-field range\n\n"
        << "Failed is-json: " << failedInMemory << " in memory, " << failedFromLog << " from the log (expected "
        << (rows / 20 + rows / 10) << " by construction).\n\n"
        << "| what | median | rate | target |\n|---|---|---|---|\n";
    printRow(out, u"checks alone, outputs in memory"_s, inMemory, u""_s, rows);
    printRow(out, u"read from the log and checked (checkLoggedOutputs)"_s, fromLog, u"<= 2000 ms at 100,000"_s, rows);
    printRow(out, u"the same, storing every result in the workspace"_s, storedFirst, u""_s, rows);
    printRow(out, u"re-run: every result reused from the workspace"_s, storedAgain, u""_s, rows);
    out << "\nReused on the re-run: " << reused << " of " << rows << ".\n";
    return 0;
}
