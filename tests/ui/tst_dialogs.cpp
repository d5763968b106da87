#include "dialogs/ExportDialog.h"
#include "dialogs/KeychainStore.h"
#include "dialogs/MappingDialog.h"
#include "dialogs/PostgresDialog.h"

#include "TestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

const auto kPassword = "s3cret-Pa55"_L1;

qint64 lineCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    qint64 lines = 0;
    while (!file.atEnd()) {
        file.readLine();
        ++lines;
    }
    return lines;
}

QByteArray settingsBytes()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TableInfo llmCalls(const QStringList &columnNames)
{
    TableInfo t;
    t.table = u"llm_calls"_s;
    for (const QString &name : columnNames)
        t.columns.append(ColumnInfo{name, name == "id"_L1 || name == "ts"_L1 ? u"INTEGER"_s : u"TEXT"_s});
    return t;
}

QComboBox *fieldCombo(QWidget *dialog, LogField field)
{
    return dialog->findChild<QComboBox *>(u"fieldCombo_"_s + logFieldName(field));
}

} // namespace

class TestDialogs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void postgresBuildsLocation();
    void postgresRemembersFieldsButNotPassword();
    void postgresKeychainPrefill();
    void postgresSetLocationKeepsOptions();

    void mappingPrefillsSynonyms();
    void mappingRequiresOutput();
    void mappingShowsErrorAndPicksLogTable();
    void mappingFileRoundTrip();

    void exportWritesCsvAndJsonl_data();
    void exportWritesCsvAndJsonl();
    void exportCancelLeavesNoFile();
    void exportClosingWhileRunning();
    void exportReportsFailure();

private:
    QString createLog();

    QTemporaryDir m_dir;
    QString m_logPath;
};

void TestDialogs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    // Settings of this run only: parallel runs and the user's own settings stay apart.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(u"config"_s));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"config"_s));
    QCoreApplication::setOrganizationName(u"assay-tests"_s);
    QCoreApplication::setApplicationName(u"tst_dialogs"_s);
    qputenv("ASSAY_WORKSPACE_DIR", QFile::encodeName(m_dir.filePath(u"workspaces"_s)));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    KeychainStore::useInMemoryStoreForTesting(true);
    m_logPath = createLog();
}

void TestDialogs::init()
{
    QSettings().clear();
    KeychainStore::useInMemoryStoreForTesting(true);
}

void TestDialogs::cleanupTestCase()
{
    QSettings().clear();
    KeychainStore::useInMemoryStoreForTesting(false);
}

QString TestDialogs::createLog()
{
    const QStringList columns{u"id INTEGER PRIMARY KEY"_s, u"feature TEXT"_s, u"created_at TEXT"_s, u"output TEXT"_s,
                              u"model TEXT"_s};
    const QStringList features{u"ticket_summary"_s, u"churn_risk"_s, u"reply_draft"_s};
    const QDateTime start(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QList<QVariantList> rows;
    for (int i = 1; i <= 2000; ++i) {
        rows.append({i, features.at(i % features.size()), toIsoUtc(start.addSecs(i * 60)),
                     // A comma and a quote, so CSV quoting is exercised; no line breaks (we count lines).
                     u"Answer %1, \"quoted\" and done"_s.arg(i), i % 2 ? u"claude-opus-4-6"_s : u"gpt-4o"_s});
    }
    return test::TestLog::create(m_dir, columns, rows);
}

// --- PostgresDialog --------------------------------------------------------------------------

void TestDialogs::postgresBuildsLocation()
{
    PostgresDialog dialog;
    auto *ok = dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no host, no database yet

    dialog.findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"db.internal"_s);
    dialog.findChild<QSpinBox *>(u"portSpin"_s)->setValue(6543);
    dialog.findChild<QLineEdit *>(u"databaseEdit"_s)->setText(u"product"_s);
    dialog.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"alice"_s);
    auto *password = dialog.findChild<QLineEdit *>(u"passwordEdit"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    password->setText(kPassword);
    auto *ssl = dialog.findChild<QComboBox *>(u"sslModeCombo"_s);
    QCOMPARE(ssl->count(), 4);
    ssl->setCurrentIndex(ssl->findData(u"verify-full"_s));
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.findChild<QCheckBox *>(u"rememberPasswordCheck"_s));

    const SourceLocation loc = dialog.location();
    QVERIFY(loc.isPostgres());
    QCOMPARE(loc.host, u"db.internal"_s);
    QCOMPARE(loc.port, 6543);
    QCOMPARE(loc.database, u"product"_s);
    QCOMPARE(loc.user, u"alice"_s);
    QCOMPARE(loc.password, QString(kPassword));
    QCOMPARE(loc.option(u"sslmode"_s), u"verify-full"_s);
    QCOMPARE(loc.option(u"connect_timeout"_s), u"10"_s);
    QVERIFY(!loc.qpsqlConnectOptions().contains(kPassword));
    QVERIFY(!loc.toText().contains(kPassword));
    QCOMPARE(loc.displayName(), u"postgresql://alice@db.internal:6543/product"_s);
    QVERIFY(!loc.displayName().contains(kPassword));
    QVERIFY(!loc.identity().contains(kPassword));
    QCOMPARE(KeychainStore::keyFor(loc), loc.displayName());
}

void TestDialogs::postgresRemembersFieldsButNotPassword()
{
    {
        PostgresDialog dialog;
        dialog.findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"db.internal"_s);
        dialog.findChild<QLineEdit *>(u"databaseEdit"_s)->setText(u"product"_s);
        dialog.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"alice"_s);
        dialog.findChild<QLineEdit *>(u"passwordEdit"_s)->setText(kPassword);
        auto *ssl = dialog.findChild<QComboBox *>(u"sslModeCombo"_s);
        ssl->setCurrentIndex(ssl->findData(u"require"_s));
        dialog.findChild<QCheckBox *>(u"rememberPasswordCheck"_s)->setChecked(false);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QVERIFY(!settingsBytes().isEmpty());
    QVERIFY(!settingsBytes().contains(QByteArray(kPassword.data(), kPassword.size())));

    PostgresDialog again;
    QCOMPARE(again.findChild<QLineEdit *>(u"hostEdit"_s)->text(), u"db.internal"_s);
    QCOMPARE(again.findChild<QLineEdit *>(u"databaseEdit"_s)->text(), u"product"_s);
    QCOMPARE(again.findChild<QLineEdit *>(u"userEdit"_s)->text(), u"alice"_s);
    QCOMPARE(again.findChild<QComboBox *>(u"sslModeCombo"_s)->currentData().toString(), u"require"_s);
    // Nothing was stored anywhere, so nothing comes back.
    QTest::qWait(50);
    QVERIFY(again.findChild<QLineEdit *>(u"passwordEdit"_s)->text().isEmpty());
    QVERIFY(again.location().password.isEmpty());
}

void TestDialogs::postgresKeychainPrefill()
{
    {
        PostgresDialog dialog;
        dialog.findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"db.internal"_s);
        dialog.findChild<QLineEdit *>(u"databaseEdit"_s)->setText(u"product"_s);
        dialog.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"alice"_s);
        dialog.findChild<QLineEdit *>(u"passwordEdit"_s)->setText(kPassword);
        auto *remember = dialog.findChild<QCheckBox *>(u"rememberPasswordCheck"_s);
        QVERIFY(remember->isEnabled()); // the in-memory keychain is available
        remember->setChecked(true);
        dialog.accept();
    }
    QVERIFY(!settingsBytes().contains(QByteArray(kPassword.data(), kPassword.size())));

    // The main window's path: fetch the password of a recent source by its key.
    SourceLocation known;
    known.dialect = SqlDialect::PostgreSQL;
    known.host = u"db.internal"_s;
    known.database = u"product"_s;
    known.user = u"alice"_s;
    QString fetched;
    bool answered = false;
    QObject context;
    KeychainStore::read(KeychainStore::keyFor(known), &context, [&](const QString &password, const QString &error) {
        QVERIFY(error.isEmpty());
        fetched = password;
        answered = true;
    });
    QVERIFY(!answered); // asynchronous, always
    QTRY_VERIFY(answered);
    QCOMPARE(fetched, QString(kPassword));

    // A new dialog starts from the remembered fields and fills in the password.
    PostgresDialog dialog;
    auto *password = dialog.findChild<QLineEdit *>(u"passwordEdit"_s);
    QTRY_COMPARE(password->text(), QString(kPassword));
    QVERIFY(dialog.findChild<QCheckBox *>(u"rememberPasswordCheck"_s)->isChecked());
    QVERIFY(dialog.findChild<QLabel *>(u"keychainStatusLabel"_s)->isVisibleTo(&dialog));

    // Another user: that password must not go along; the keychain has none for bob.
    dialog.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"bob"_s);
    QTRY_VERIFY(password->text().isEmpty());
    // Back to alice: filled in again.
    dialog.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"alice"_s);
    QTRY_COMPARE(password->text(), QString(kPassword));

    // Unticking the box and opening forgets the stored password.
    dialog.findChild<QCheckBox *>(u"rememberPasswordCheck"_s)->setChecked(false);
    dialog.accept();
    answered = false;
    KeychainStore::read(KeychainStore::keyFor(known), &context, [&](const QString &pw, const QString &) {
        fetched = pw;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(fetched.isEmpty());
}

void TestDialogs::postgresSetLocationKeepsOptions()
{
    auto parsed =
        SourceLocation::parse(u"postgresql://carol@pg.example:5433/logs?sslmode=verify-ca&application_name=x"_s);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    PostgresDialog dialog;
    dialog.setLocation(*parsed);
    const SourceLocation loc = dialog.location();
    QCOMPARE(loc.displayName(), parsed->displayName());
    QCOMPARE(loc.option(u"sslmode"_s), u"verify-ca"_s);
    QCOMPARE(loc.option(u"application_name"_s), u"x"_s);
    QCOMPARE(loc.qpsqlConnectOptions().count("connect_timeout"_L1), 1);
    QCOMPARE(loc.toText(), parsed->toText());
}

// --- MappingDialog ---------------------------------------------------------------------------

void TestDialogs::mappingPrefillsSynonyms()
{
    MappingDialog dialog(SqlDialect::PostgreSQL, {llmCalls({u"use_case"_s, u"ts"_s, u"response"_s, u"id"_s})}, {},
                         QString());
    QCOMPARE(dialog.findChild<QComboBox *>(u"tableCombo"_s)->currentText(), u"llm_calls"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::Feature)->currentData().toString(), u"use_case"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::CreatedAt)->currentData().toString(), u"ts"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::Output)->currentData().toString(), u"response"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::Id)->currentData().toString(), u"id"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::Model)->currentData().toString(), QString()); // "(none)"
    QCOMPARE(fieldCombo(&dialog, LogField::Model)->currentText(), u"(none)"_s);
    QCOMPARE(fieldCombo(&dialog, LogField::Output)->count(), 5); // (none) + 4 columns
    QVERIFY(dialog.isComplete());
    QVERIFY(dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok)->isEnabled());

    auto *timestamp = dialog.findChild<QComboBox *>(u"timestampCombo"_s);
    QCOMPARE(timestamp->count(), MappingDialog::timestampFormatNames().size());
    QVERIFY(!dialog.mapping().timestampKind); // auto
    timestamp->setCurrentIndex(MappingDialog::timestampFormatNames().indexOf(u"epoch_ms"_s));

    const LogMapping m = dialog.mapping();
    QCOMPARE(m.table, u"llm_calls"_s);
    QCOMPARE(m.columns.value(LogField::Feature), u"use_case"_s);
    QCOMPARE(m.columns.value(LogField::CreatedAt), u"ts"_s);
    QCOMPARE(m.columns.value(LogField::Output), u"response"_s);
    QCOMPARE(m.columns.value(LogField::Id), u"id"_s);
    QCOMPARE(m.columns.size(), 4);
    QVERIFY(m.timestampKind.has_value());
    QCOMPARE(*m.timestampKind, TimestampKind::EpochMillis);

    // What the dialog produces is a mapping the detector accepts.
    auto schema = mapLogSchema({llmCalls({u"use_case"_s, u"ts"_s, u"response"_s, u"id"_s})}, SqlDialect::PostgreSQL, m);
    QVERIFY2(schema.ok(), qPrintable(schema.error()));
    QCOMPARE(schema->timestamps.kind, TimestampKind::EpochMillis);
}

void TestDialogs::mappingRequiresOutput()
{
    MappingDialog dialog(SqlDialect::PostgreSQL, {llmCalls({u"use_case"_s, u"ts"_s, u"body"_s, u"id"_s})}, {},
                         u"table \"llm_calls\" has no column for output"_s);
    auto *ok = dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.isComplete());
    QCOMPARE(dialog.validationMessage(), u"output is required"_s);
    QVERIFY(dialog.findChild<QLabel *>(u"validationLabel"_s)
                ->text()
                .contains("output is required"_L1, Qt::CaseInsensitive));
    QCOMPARE(fieldCombo(&dialog, LogField::Output)->currentText(), u"(none)"_s);

    auto *output = fieldCombo(&dialog, LogField::Output);
    output->setCurrentIndex(output->findData(u"body"_s));
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.validationMessage().isEmpty());
    QCOMPARE(dialog.mapping().columns.value(LogField::Output), u"body"_s);

    // Clearing two required fields names both.
    fieldCombo(&dialog, LogField::Feature)->setCurrentIndex(0);
    output->setCurrentIndex(0);
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog.validationMessage(), u"feature and output are required"_s);
}

void TestDialogs::mappingShowsErrorAndPicksLogTable()
{
    const QString error = u"no AI output log found: no table has feature, created_at and output columns"_s;
    TableInfo users;
    users.table = u"users"_s;
    users.columns = {{u"id"_s, u"INTEGER"_s}, {u"email"_s, u"TEXT"_s}};
    const TableInfo calls = llmCalls({u"id"_s, u"task"_s, u"logged_at"_s, u"completion"_s, u"model_name"_s});
    MappingDialog dialog(SqlDialect::SQLite, {users, calls}, {}, error);
    QCOMPARE(dialog.findChild<QLabel *>(u"errorLabel"_s)->text(), error);
    QCOMPARE(dialog.findChild<QComboBox *>(u"tableCombo"_s)->currentText(), u"llm_calls"_s);
    QCOMPARE(dialog.mapping().columns.value(LogField::Model), u"model_name"_s);
    QVERIFY(dialog.isComplete());

    // Switching to a table without the fields: nothing required is mapped, except id, which on
    // SQLite may stay empty (rowid).
    auto *table = dialog.findChild<QComboBox *>(u"tableCombo"_s);
    table->setCurrentIndex(0);
    QCOMPARE(dialog.mapping().table, u"users"_s);
    QCOMPARE(dialog.validationMessage(), u"feature, created_at and output are required"_s);
    fieldCombo(&dialog, LogField::Id)->setCurrentIndex(0);
    QCOMPARE(dialog.validationMessage(), u"feature, created_at and output are required"_s);

    // An initial mapping picks its table and columns, even against the usual names.
    LogMapping initial;
    initial.table = u"llm_calls"_s;
    initial.columns.insert(LogField::Feature, u"model_name"_s);
    MappingDialog preset(SqlDialect::SQLite, {users, calls}, initial, QString());
    QVERIFY(!preset.findChild<QLabel *>(u"errorLabel"_s)->isVisibleTo(&preset));
    QCOMPARE(preset.mapping().table, u"llm_calls"_s);
    QCOMPARE(preset.mapping().columns.value(LogField::Feature), u"model_name"_s);
    QCOMPARE(preset.mapping().columns.value(LogField::Model), QString()); // the column is taken
}

void TestDialogs::mappingFileRoundTrip()
{
    const TableInfo calls = llmCalls({u"id"_s, u"use_case"_s, u"ts"_s, u"response"_s, u"body"_s});
    MappingDialog dialog(SqlDialect::PostgreSQL, {calls}, {}, QString());
    auto *output = fieldCombo(&dialog, LogField::Output);
    output->setCurrentIndex(output->findData(u"body"_s));
    dialog.findChild<QComboBox *>(u"timestampCombo"_s)->setCurrentIndex(3); // epoch_s
    const QString path = m_dir.filePath(u"mapping.json"_s);
    QVERIFY(dialog.saveMappingFile(path).ok());

    auto loaded = LogMapping::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->columns.value(LogField::Output), u"body"_s);
    QCOMPARE(*loaded->timestampKind, TimestampKind::EpochSeconds);

    MappingDialog other(SqlDialect::PostgreSQL, {calls}, {}, QString());
    QCOMPARE(other.mapping().columns.value(LogField::Output), u"response"_s);
    QVERIFY(other.loadMappingFile(path).ok());
    QCOMPARE(other.mapping().columns, dialog.mapping().columns);
    QCOMPARE(other.mapping().timestampKind, dialog.mapping().timestampKind);

    LogMapping wrongTable;
    wrongTable.table = u"nope"_s;
    auto rejected = other.setMapping(wrongTable);
    QVERIFY(!rejected.ok());
    QVERIFY(rejected.error().contains("nope"_L1));
    QCOMPARE(other.mapping().columns.value(LogField::Output), u"body"_s); // unchanged
}

// --- ExportDialog ----------------------------------------------------------------------------

void TestDialogs::exportWritesCsvAndJsonl_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<qint64>("lines");
    QTest::newRow("csv") << ExportFormat::Csv << u"csv"_s << qint64(2001); // header + rows
    QTest::newRow("jsonl") << ExportFormat::Jsonl << u"jsonl"_s << qint64(2000);
}

void TestDialogs::exportWritesCsvAndJsonl()
{
    QFETCH(ExportFormat, format);
    QFETCH(QString, suffix);
    QFETCH(qint64, lines);

    SessionSpec spec;
    spec.source = test::sqliteSource(m_logPath);
    ExportDialog dialog(spec, {}, {}, u"feature = ticket_summary, last 7 days"_s, 2000);
    QCOMPARE(dialog.findChild<QLabel *>(u"summaryLabel"_s)->text(),
             u"2,000 rows: feature = ticket_summary, last 7 days"_s);
    QCOMPARE(dialog.state(), ExportDialog::State::Setup);
    QVERIFY(dialog.path().endsWith(u"assay-outputs-%1.csv"_s.arg(QDate::currentDate().toString(u"yyyyMMdd"_s))));

    dialog.setFormat(format);
    QVERIFY(dialog.path().endsWith(u'.' + suffix)); // the suffix follows the format
    const QString out = m_dir.filePath(u"export-all."_s + suffix);
    dialog.setPath(out);
    dialog.startExport();
    QCOMPARE(dialog.state(), ExportDialog::State::Running);
    QVERIFY(!dialog.findChild<QLineEdit *>(u"pathEdit"_s)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() != ExportDialog::State::Running, 30000);
    QVERIFY2(dialog.state() == ExportDialog::State::Succeeded, qPrintable(dialog.errorText()));
    QCOMPARE(dialog.exportedRows(), qint64(2000));
    QCOMPARE(lineCount(out), lines);
    QCOMPARE(dialog.findChild<QLabel *>(u"resultLabel"_s)->text(),
             u"Exported 2,000 rows to %1"_s.arg(QDir::toNativeSeparators(out)));
    QVERIFY(dialog.findChild<QPushButton *>(u"openFolderButton"_s)->isVisibleTo(&dialog));
    QCOMPARE(dialog.findChild<QProgressBar *>(u"progressBar"_s)->value(),
             dialog.findChild<QProgressBar *>(u"progressBar"_s)->maximum());

    // The filter reaches the job: one feature of three.
    OutputFilter filter;
    filter.features = {u"ticket_summary"_s};
    ExportDialog filtered(spec, filter, {}, u"feature = ticket_summary"_s, 666);
    filtered.setFormat(format);
    const QString part = m_dir.filePath(u"export-part."_s + suffix);
    filtered.setPath(part);
    filtered.startExport();
    QTRY_VERIFY_WITH_TIMEOUT(filtered.state() != ExportDialog::State::Running, 30000);
    QVERIFY2(filtered.state() == ExportDialog::State::Succeeded, qPrintable(filtered.errorText()));
    QCOMPARE(filtered.exportedRows(), qint64(666));
    QCOMPARE(lineCount(part), lines - 2000 + 666);
}

void TestDialogs::exportCancelLeavesNoFile()
{
    const QString folder = m_dir.filePath(u"cancelled"_s);
    QVERIFY(QDir().mkpath(folder));
    SessionSpec spec;
    spec.source = test::sqliteSource(m_logPath);
    ExportDialog dialog(spec, {}, {}, QString(), 2000);
    const QString out = QDir(folder).filePath(u"out.csv"_s);
    dialog.setPath(out);
    dialog.startExport();
    dialog.cancelExport(); // before the job's first row: it stops without writing one
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() != ExportDialog::State::Running, 30000);
    QCOMPARE(dialog.state(), ExportDialog::State::Cancelled);
    QVERIFY(!QFile::exists(out));
    QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
    QVERIFY(dialog.findChild<QPushButton *>(u"exportButton"_s)->isEnabled()); // can try again
}

void TestDialogs::exportClosingWhileRunning()
{
    const QString folder = m_dir.filePath(u"closed"_s);
    QVERIFY(QDir().mkpath(folder));
    SessionSpec spec;
    spec.source = test::sqliteSource(m_logPath);
    {
        ExportDialog dialog(spec, {}, {}, QString(), 2000);
        dialog.setPath(QDir(folder).filePath(u"closed.jsonl"_s));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.startExport();
        dialog.reject(); // Escape or the window's close button: cancel first, close once stopped
        QVERIFY(dialog.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 30000);
        QCOMPARE(dialog.state(), ExportDialog::State::Cancelled);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
    {
        // Destroyed mid-export (the main window closing): the thread is stopped and joined.
        auto *dialog = new ExportDialog(spec, {}, {}, QString(), 2000);
        dialog->setPath(QDir(folder).filePath(u"destroyed.csv"_s));
        dialog->startExport();
        delete dialog;
    }
    const QStringList left = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
}

void TestDialogs::exportReportsFailure()
{
    SessionSpec spec;
    spec.source = test::sqliteSource(m_dir.filePath(u"missing.sqlite"_s));
    ExportDialog dialog(spec, {}, {}, QString(), -1);
    QCOMPARE(dialog.findChild<QLabel *>(u"summaryLabel"_s)->text(), u"Every row matching: all outputs"_s);
    dialog.setPath(m_dir.filePath(u"never.jsonl"_s));
    dialog.startExport();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() != ExportDialog::State::Running, 30000);
    QCOMPARE(dialog.state(), ExportDialog::State::Failed);
    QVERIFY(!dialog.errorText().isEmpty());
    QVERIFY(dialog.findChild<QLabel *>(u"resultLabel"_s)->text().contains(dialog.errorText()));
    QVERIFY(!QFile::exists(m_dir.filePath(u"never.jsonl"_s)));
}

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
