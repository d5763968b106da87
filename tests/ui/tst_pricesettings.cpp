// Settings ▸ Prices as a team lead uses it: read every price, add, change and remove their own,
// import LiteLLM's table, save and find everything again; and typing mistakes get a sentence
// while nothing typed or saved is lost.
#include "TestSupport.h"
#include "settings/PriceRowDialog.h"
#include "settings/PriceRowText.h"
#include "common/CellTone.h"
#include "settings/PriceRowsModel.h"
#include "settings/PriceSettingsDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

namespace {

ModelPrice userPrice(const QString &pattern, double input, double output, PriceMatch match = PriceMatch::Exact)
{
    ModelPrice p;
    p.pattern = pattern;
    p.match = match;
    p.input = input;
    p.output = output;
    p.source = PriceSource::User;
    return p;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

PriceRowText validText()
{
    PriceRowText t;
    t.pattern = u"acme-large"_s;
    t.input = u"3"_s;
    t.output = u"15"_s;
    return t;
}

} // namespace

class TestPriceSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void showsEveryLayerBuiltInReadOnly()
    {
        PriceSettingsDialog dialog(m_dir.filePath(u"fresh/prices.json"_s));
        QAbstractItemModelTester tester(dialog.rowsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        const qsizetype builtIn = PriceTable::withDefaults().rows().size();
        QVERIFY(builtIn > 10);
        QCOMPARE(dialog.rowsModel()->rowCount(), int(builtIn));
        QVERIFY(dialog.statusText().contains(u"No prices of your own yet"_s));
        // Selecting a built-in row offers an override, never an edit or a removal.
        dialog.view()->selectRow(0);
        auto *edit = dialog.findChild<QPushButton *>(u"editButton"_s);
        QCOMPARE(edit->text(), u"Override…"_s);
        auto *save = dialog.findChild<QPushButton *>(u"saveButton"_s);
        QVERIFY(!save->isEnabled());
        const QModelIndex gpt = dialog.rowsModel()->index(0, PriceRowsModel::Layer);
        QCOMPARE(gpt.data().toString(), u"builtin"_s);
        QVERIFY(!(dialog.rowsModel()->flags(gpt) & Qt::ItemIsEditable));
        QCOMPARE(gpt.data(CellRole::Tone).toInt(), int(CellTone::Muted)); // read-only recedes, painted by the delegate
        QVERIFY(!gpt.data(Qt::ForegroundRole).isValid());
        // The built-in gemini-2.5-pro row shows its long-context tier.
        bool tierShown = false;
        for (int r = 0; r < dialog.rowsModel()->rowCount(); ++r)
            tierShown = tierShown || dialog.rowsModel()->index(r, PriceRowsModel::Tiers).data().toString().contains(u"200,000"_s)
                        || dialog.rowsModel()->index(r, PriceRowsModel::Tiers).data().toString().contains(u"200000"_s);
        QVERIFY(tierShown);
        if (const QString shots = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR"); !shots.isEmpty())
            dialog.grab().save(shots + u"/prices.png"_s);
    }

    void addEditRemoveSaveAndReload()
    {
        const QString path = m_dir.filePath(u"roundtrip/prices.json"_s);
        PriceTable afterSave;
        {
            PriceSettingsDialog dialog(path);
            QVERIFY(dialog.addUserRow(userPrice(u"acme-large"_s, 3, 15)).ok());
            QCOMPARE(dialog.rowsModel()->rowAt(0).pattern, u"acme-large"_s); // the user's rows come first
            QCOMPARE(dialog.rowsModel()->index(0, PriceRowsModel::Layer).data().toString(), u"user"_s);
            QVERIFY(dialog.hasUnsavedChanges());
            QVERIFY(!QFile::exists(path)); // nothing is written before Save

            ModelPrice glob = userPrice(u"ft:gpt-4o-mini:*"_s, 0.3, 1.2, PriceMatch::Glob);
            glob.effectiveFrom = QDate(2026, 3, 1);
            glob.cacheRead = 0.15;
            glob.tiers << PriceTier{100000, 0.6, 2.4, std::nullopt, std::nullopt};
            glob.note = u"fine-tune"_s;
            QVERIFY(dialog.addUserRow(glob).ok());
            QCOMPARE(dialog.table().find(u"ft:gpt-4o-mini:acme:7"_s, QDate(2026, 4, 1))->input, 0.3);

            // The same pattern and date twice is refused: edit the first instead.
            const auto twice = dialog.addUserRow(userPrice(u"ACME-large"_s, 1, 1));
            QVERIFY(!twice.ok());
            QVERIFY2(twice.error().contains(u"already have a price"_s), qPrintable(twice.error()));

            // Edit: a new output price; the same pattern is allowed for the row being edited.
            QVERIFY(dialog.replaceUserRow(userPrice(u"acme-large"_s, 3, 15), userPrice(u"acme-large"_s, 3, 12)).ok());
            QCOMPARE(dialog.table().find(u"acme-large"_s)->output, 12.0);

            // A user row overrides the built-in price of the same model.
            QVERIFY(dialog.addUserRow(userPrice(u"gpt-4o"_s, 2, 8)).ok());
            QCOMPARE(dialog.table().find(u"gpt-4o"_s)->source, PriceSource::User);
            QVERIFY(dialog.removeUserRow(userPrice(u"gpt-4o"_s, 2, 8)).ok());
            QCOMPARE(dialog.table().find(u"gpt-4o"_s)->source, PriceSource::BuiltIn);
            QVERIFY(!dialog.removeUserRow(userPrice(u"gpt-4o"_s, 2, 8)).ok());

            QSignalSpy saved(&dialog, &PriceSettingsDialog::saved);
            QVERIFY(dialog.save().ok());
            QCOMPARE(saved.size(), 1);
            QVERIFY(!dialog.hasUnsavedChanges());
            afterSave = dialog.table();
        }
        // Reopened: the same rows, field for field.
        PriceSettingsDialog again(path);
        QCOMPARE(again.table().rows(PriceSource::User).size(), 2);
        QCOMPARE(again.table().rows(PriceSource::User), afterSave.rows(PriceSource::User));
        QVERIFY(again.statusText().contains(u"kept in"_s));
        // And the CLI's loader reads the same file.
        PriceTable cli = PriceTable::withDefaults();
        QVERIFY(cli.loadOverridesFile(path).ok());
        QCOMPARE(cli.find(u"acme-large"_s)->output, 12.0);
    }

    void rowEditorRefusesInvalidInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad regex") << u"regex"_s << u"^acme-(large"_s << u"not a valid regular expression"_s;
        QTest::newRow("negative") << u"output"_s << u"-1"_s << u"cannot be negative"_s;
        QTest::newRow("not a number") << u"input"_s << u"three"_s << u"is not a number"_s;
        QTest::newRow("no price") << u"input"_s << u""_s << u"a price is required"_s;
        QTest::newRow("no pattern") << u"pattern"_s << u"  "_s << u"Model or pattern"_s;
        QTest::newRow("tier at 0") << u"tier"_s << u"0"_s << u"above 0"_s;
        QTest::newRow("negative cache") << u"cacheRead"_s << u"-0.1"_s << u"Cache read: a price cannot be negative"_s;
    }

    void rowEditorRefusesInvalidInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        PriceRowText t = validText();
        if (field == "regex"_L1) {
            t.match = PriceMatch::Regex;
            t.pattern = value;
        } else if (field == "output"_L1) {
            t.output = value;
        } else if (field == "input"_L1) {
            t.input = value;
        } else if (field == "pattern"_L1) {
            t.pattern = value;
        } else if (field == "cacheRead"_L1) {
            t.cacheRead = value;
        } else if (field == "tier"_L1) {
            t.tiers << PriceRowText::Tier{value, u"6"_s, u"20"_s, {}, {}};
        }
        const auto parsed = parsePriceRow(t);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().contains(message), qPrintable(parsed.error()));

        // In the dialog: OK keeps it open, says why, and keeps what was typed.
        PriceRowDialog dialog(ModelPrice{}, {});
        dialog.setText(t);
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.text().pattern, t.pattern);
        QCOMPARE(dialog.text().input, t.input);
        QCOMPARE(dialog.text().output, t.output);
    }

    void rowEditorTakesValidInput()
    {
        PriceSettingsDialog settings(m_dir.filePath(u"editor/prices.json"_s));
        QVERIFY(settings.addUserRow(userPrice(u"acme-small"_s, 1, 2)).ok());
        PriceRowDialog dialog(ModelPrice{}, [&](const ModelPrice &r) { return settings.checkUserRow(r, std::nullopt); });
        dialog.show();
        dialog.findChild<QLineEdit *>(u"patternEdit"_s)->setText(u"acme-small"_s);
        dialog.findChild<QLineEdit *>(u"inputEdit"_s)->setText(u"0.5"_s);
        dialog.findChild<QLineEdit *>(u"outputEdit"_s)->setText(u"$2.50"_s);
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted); // acme-small is already a user row
        QVERIFY(dialog.errorText().contains(u"already have a price"_s));

        dialog.findChild<QLineEdit *>(u"patternEdit"_s)->setText(u"acme-medium"_s);
        dialog.findChild<QLineEdit *>(u"cacheReadEdit"_s)->setText(u"0.05"_s);
        PriceRowText t = dialog.text();
        t.tiers << PriceRowText::Tier{u"200,000"_s, u"1"_s, u"5"_s, {}, {}};
        dialog.setText(t);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const ModelPrice row = dialog.row();
        QCOMPARE(row.pattern, u"acme-medium"_s);
        QCOMPARE(row.input, 0.5);
        QCOMPARE(row.output, 2.5);
        QCOMPARE(row.cacheRead, std::optional<double>(0.05));
        QVERIFY(!row.cacheWrite.has_value());
        QCOMPARE(row.tiers.size(), 1);
        QCOMPARE(row.tiers.first().aboveTokens, 200000);
        QCOMPARE(row.source, PriceSource::User);
        // The text a row is edited as parses back to the same row.
        QCOMPARE(*parsePriceRow(textOf(row)), row);
    }

    void overrideABuiltInPriceThroughTheButtons()
    {
        PriceSettingsDialog dialog(m_dir.filePath(u"buttons/prices.json"_s));
        dialog.show();
        const auto builtIn = dialog.table().find(u"gpt-4o"_s);
        QVERIFY(builtIn && builtIn->source == PriceSource::BuiltIn);
        dialog.view()->selectRow(dialog.rowsModel()->rowOf(*builtIn));
        auto *edit = dialog.findChild<QPushButton *>(u"editButton"_s);
        QCOMPARE(edit->text(), u"Override…"_s);
        // The editor opens modally, prefilled with the built-in row: a typo first, then the price.
        bool sawError = false;
        QTimer::singleShot(0, this, [&] {
            auto *editor = qobject_cast<PriceRowDialog *>(QApplication::activeModalWidget());
            QVERIFY(editor);
            QCOMPARE(editor->findChild<QLineEdit *>(u"patternEdit"_s)->text(), u"gpt-4o"_s);
            editor->findChild<QLineEdit *>(u"inputEdit"_s)->setText(u"-2"_s);
            editor->accept();
            sawError = editor->errorText().contains(u"cannot be negative"_s);
            editor->findChild<QLineEdit *>(u"inputEdit"_s)->setText(u"2"_s);
            editor->accept();
        });
        edit->click();
        QVERIFY(sawError);
        const auto mine = dialog.table().find(u"gpt-4o"_s);
        QCOMPARE(mine->source, PriceSource::User);
        QCOMPARE(mine->input, 2.0);
        QCOMPARE(mine->output, builtIn->output); // the rest of the row came from the built-in one
        QCOMPARE(dialog.rowsModel()->rowAt(0).pattern, u"gpt-4o"_s);
        // Now a user row: Edit, and Remove takes it away again.
        dialog.view()->selectRow(0);
        QCOMPARE(edit->text(), u"Edit…"_s);
        auto *remove = qobject_cast<QPushButton *>(dialog.findChild<QPushButton *>(u"removeButton"_s));
        QVERIFY(remove && remove->isEnabled());
        remove->click();
        QVERIFY2(dialog.statusText().startsWith(u"Removed gpt-4o"_s), qPrintable(dialog.statusText()));
        QCOMPARE(dialog.table().find(u"gpt-4o"_s)->source, PriceSource::BuiltIn);
        QVERIFY(dialog.hasUnsavedChanges());
    }

    void importsLiteLlm()
    {
        const QString json = m_dir.filePath(u"litellm.json"_s);
        QVERIFY(writeFile(json, R"({
            "sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0},
            "acme/chat-pro": {"input_cost_per_token": 0.000002, "output_cost_per_token": 0.000008,
                              "cache_read_input_token_cost": 0.0000005},
            "acme/chat-mini": {"input_cost_per_token": 1e-7, "output_cost_per_token": 4e-7},
            "acme/image-gen": {"output_cost_per_image": 0.04}
        })"));
        PriceSettingsDialog dialog(m_dir.filePath(u"import/prices.json"_s));
        const qsizetype before = dialog.rowsModel()->rowCount();
        auto report = dialog.importLiteLlmFile(json);
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(report->imported, 2);
        QCOMPARE(report->skipped, 2);
        QVERIFY2(dialog.statusText().contains(u"Imported 2 prices"_s) && dialog.statusText().contains(u"skipped 2"_s),
                 qPrintable(dialog.statusText()));
        QCOMPARE(dialog.rowsModel()->rowCount(), before + 2);
        const auto pro = dialog.table().find(u"acme/chat-pro"_s);
        QVERIFY(pro);
        QCOMPARE(pro->source, PriceSource::Imported);
        QVERIFY(qAbs(pro->input - 2.0) < 1e-9);
        QVERIFY(qAbs(*pro->cacheRead - 0.5) < 1e-9);
        // Imported rows are read-only: selecting one offers an override.
        const int row = dialog.rowsModel()->rowOf(*pro);
        QVERIFY(row >= 0);
        QCOMPARE(dialog.rowsModel()->index(row, PriceRowsModel::Layer).data().toString(), u"imported"_s);

        // A broken file imports nothing and keeps the previous import.
        const QString broken = m_dir.filePath(u"broken.json"_s);
        QVERIFY(writeFile(broken, "{\"acme/x\": {\"input_cost_per_token\": "));
        QVERIFY(!dialog.importLiteLlmFile(broken).ok());
        QVERIFY(dialog.statusText().startsWith(u"Nothing imported"_s));
        QVERIFY(dialog.table().find(u"acme/chat-pro"_s));
        QVERIFY(!dialog.importLiteLlmFile(m_dir.filePath(u"missing.json"_s)).ok());
        QVERIFY(dialog.statusText().startsWith(u"Cannot read"_s));

        // Saved and reopened, the import is still there.
        QVERIFY(dialog.save().ok());
        PriceSettingsDialog again(m_dir.filePath(u"import/prices.json"_s));
        QCOMPARE(again.table().rows(PriceSource::Imported).size(), 2);
    }

    void unreadableFileIsNeverOverwritten()
    {
        const QString path = m_dir.filePath(u"bad/prices.json"_s);
        QVERIFY(QDir().mkpath(m_dir.filePath(u"bad"_s)));
        const QByteArray garbage = "{ \"prices\": [ { \"model\": \"x\", \"input\": ";
        QVERIFY(writeFile(path, garbage));
        PriceSettingsDialog dialog(path);
        QVERIFY2(dialog.statusText().contains(u"could not be read"_s), qPrintable(dialog.statusText()));
        QVERIFY(dialog.addUserRow(userPrice(u"acme-large"_s, 3, 15)).ok());
        const auto saved = dialog.save();
        QVERIFY(!saved.ok());
        QVERIFY2(saved.error().contains(u"saving would replace it"_s), qPrintable(saved.error()));
        QCOMPARE(readFile(path), garbage);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestPriceSettings)
#include "tst_pricesettings.moc"
