// The prompts page as a prompt engineer drives it: open a demo log, read the registry with its
// usage, diff two versions, write the next version against real logged inputs, keep a draft.
#include "demo/DemoLogGenerator.h"

#include "TestSupport.h"
#include "prompts/DiffPanel.h"
#include "prompts/DiffView.h"
#include "prompts/DraftStore.h"
#include "prompts/PromptEditor.h"
#include "prompts/PromptsPage.h"
#include "workspace/Workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QTimer>
#include <QTimeZone>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace assay;

class TestPromptsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ASSAY_WORKSPACE_DIR", m_dir.filePath(u"ws"_s).toUtf8());
        m_log = m_dir.filePath(u"demo.sqlite"_s);
        const QString error = test::writeDemoLogFixture(m_log, 3000, 5);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void registryDiffEditorAndDraft()
    {
        PromptsPage page;
        page.resize(1500, 900);
        page.show();
        SessionSpec spec;
        spec.source = SourceLocation::parse(m_log).value();
        page.openSource(spec);

        // The tree lists ticket_summary with its versions and how the log used them.
        QTreeWidget *tree = page.tree();
        QVERIFY(tree);
        QTreeWidgetItem *prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((prompt = findTop(tree, u"ticket_summary"_s)) && prompt->childCount() >= 3, 15000);
        QTreeWidgetItem *v2 = findChild(prompt, u"v2"_s);
        QTreeWidgetItem *v3 = findChild(prompt, u"v3"_s);
        QVERIFY(v2 && v3);
        QVERIFY2(v3->text(5).remove(u',').toLongLong() > 0, "outputs per version come from the log");
        QVERIFY(!v3->text(3).isEmpty()); // model

        // One version: its text, variables listed.
        QVERIFY(page.selectVersion(u"ticket_summary@v3"_s));
        auto *text = page.findChild<QPlainTextEdit *>(u"versionText"_s);
        QVERIFY(text && text->toPlainText().contains(u"{{customer_tier}}"_s));
        auto *meta = page.findChild<QLabel *>(u"versionMeta"_s);
        QVERIFY(meta && meta->text().contains(u"claude-sonnet-4-5"_s));

        // Two versions: the diff with the added variable and the model change.
        DiffPanel *diff = page.diffPanel();
        QSignalSpy diffed(diff, &DiffPanel::diffReady);
        tree->clearSelection();
        v2->setSelected(true);
        v3->setSelected(true);
        QTRY_VERIFY_WITH_TIMEOUT(diff->result().diff.addedVariables.contains(u"{{customer_tier}}"_s), 10000);
        const TextDiff &t = diff->result().diff.text;
        QVERIFY(t.addedLines > 0 && t.removedLines > 0);
        QVERIFY(diff->headerText().contains(u"{{customer_tier}}"_s));
        QVERIFY(diff->headerText().contains(u"claude-haiku-4-5"_s));
        DiffView *view = diff->view();
        QCOMPARE(view->visualRowCount(), t.rows.size());
        bool changedShown = false;
        for (int i = 0; i < view->visualRowCount(); ++i)
            changedShown = changedShown || view->rowText(i).contains(u"customer_tier"_s);
        QVERIFY(changedShown);
        QVERIFY(diff->result().unified.startsWith(u"--- ticket_summary@v2"_s));
        grabTo(page, u"prompts-diff.png"_s);

        auto *unified = diff->findChild<QCheckBox *>(u"unifiedCheck"_s);
        QVERIFY(unified);
        unified->setChecked(true);
        QVERIFY(view->isUnified());
        QVERIFY(view->rowText(0).startsWith(u"@@"_s));
        grabTo(page, u"prompts-unified.png"_s);
        unified->setChecked(false);

        // The editor: base v3, preview with a logged input, coverage.
        page.startNewVersion(u"ticket_summary@v3"_s);
        PromptEditor *editor = page.editor();
        QVERIFY(editor->isActive());
        auto *version = editor->findChild<QLineEdit *>(u"newVersionEdit"_s);
        QVERIFY(version && !version->text().isEmpty() && version->text() != u"v3"_s);
        auto *combo = editor->findChild<QComboBox *>(u"previewOutputCombo"_s);
        QVERIFY(combo);
        QTRY_VERIFY_WITH_TIMEOUT(combo->count() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->previewText().startsWith(u"You are a support"_s), 10000);
        QVERIFY(!editor->previewText().contains(u"{{"_s));
        QTRY_VERIFY2_WITH_TIMEOUT(editor->coverageText().contains(u"{{ticket_body}} present in 100%"_s),
                                   qPrintable(editor->coverageText()), 10000);

        // Typing: the live diff follows, the preview names the missing variable.
        auto *edit = editor->findChild<QPlainTextEdit *>(u"editorText"_s);
        QVERIFY(edit);
        QCOMPARE(editor->diffView()->diff().addedLines, 0);
        edit->setFocus();
        edit->moveCursor(QTextCursor::End);
        QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, u"Mention the {{plan_name}}."_s);
        QTRY_VERIFY_WITH_TIMEOUT(editor->diffView()->diff().addedLines >= 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->previewError().contains(u"plan_name"_s), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(editor->coverageText().contains(u"{{plan_name}} in none"_s), 5000);
        grabTo(page, u"prompts-editor.png"_s);

        // A draft round-trips through the workspace and shows in the tree.
        auto *save = editor->findChild<QPushButton *>(u"saveDraftButton"_s);
        QVERIFY(save);
        save->click();
        QTRY_VERIFY_WITH_TIMEOUT(editor->draft().id >= 0, 10000);
        const qint64 id = editor->draft().id;
        QTRY_VERIFY_WITH_TIMEOUT(findChild(prompt = findTop(tree, u"ticket_summary"_s), u"draft-%1"_s.arg(id)), 5000);
        auto ws = Workspace::open(spec.source);
        QVERIFY2(ws.ok(), qPrintable(ws.error()));
        DraftStore store(**ws);
        auto back = store.get(id);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->template_, edit->toPlainText());
        QCOMPARE(back->baseVersion, u"v3"_s);
        QCOMPARE(back->name, u"ticket_summary"_s);

        // A draft is diffable against a version.
        diff->compare(u"ticket_summary@v3"_s, u"ticket_summary@draft-%1"_s.arg(id));
        QTRY_VERIFY_WITH_TIMEOUT(diff->result().diff.addedVariables == QStringList{u"{{plan_name}}"_s}, 5000);
    }

    // The live diff of a 2,000-line prompt runs off the UI thread: typing never stalls it.
    void editorStaysResponsiveOnBigPrompt()
    {
        PromptEditor editor;
        editor.resize(1400, 800);
        editor.show();
        PromptVersion base;
        base.name = u"big"_s;
        base.version = u"v1"_s;
        QStringList lines;
        for (int i = 0; i < 2000; ++i)
            lines << u"Line %1 of the rules: answer about {{topic}} with care, item %2."_s.arg(i).arg(i * 7);
        base.template_ = lines.join(u'\n') + u'\n';
        editor.startFrom(base, {u"v1"_s}, false);
        QSignalSpy updated(&editor, &PromptEditor::updated);
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 10000);

        auto *edit = editor.findChild<QPlainTextEdit *>(u"editorText"_s);
        QVERIFY(edit);
        QTextCursor c = edit->textCursor();
        c.movePosition(QTextCursor::Start);
        c.movePosition(QTextCursor::Down, QTextCursor::MoveAnchor, 1000);
        edit->setTextCursor(c);
        edit->setFocus();

        // The longest gap between two ticks of a 1 ms timer while typing and while the diffs land.
        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        QTimer tick;
        tick.setInterval(1);
        connect(&tick, &QTimer::timeout, &tick, [&] {
            worst = std::max(worst, clock.elapsed() - last);
            last = clock.elapsed();
        });
        clock.start();
        tick.start();
        const int before = static_cast<int>(updated.count());
        for (const QChar ch : u"changed {{extra}} "_s) {
            QTest::keyClick(edit, ch.toLatin1());
            QTest::qWait(40);
        }
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > before && editor.diffView()->diff().addedLines == 1, 10000);
        QTest::qWait(200);
        tick.stop();
        qInfo("longest UI-thread stall while typing in a 2,000-line prompt: %lld ms", worst);
        QCOMPARE(editor.diffView()->diff().removedLines, 1);
        // 16 ms is the budget; allow for a loaded test machine without hiding a real regression.
        QVERIFY2(worst <= 48, qPrintable(u"stalled %1 ms"_s.arg(worst)));
    }

    // A folder registry gets a new file per version; an existing version is never overwritten.
    void saveNewVersionToFolder()
    {
        const QString folder = m_dir.filePath(u"prompts"_s);
        QVERIFY(QDir().mkpath(folder + u"/greeting"_s));
        QFile v1(folder + u"/greeting/v1.prompt"_s);
        QVERIFY(v1.open(QIODevice::WriteOnly));
        v1.write("---\nmodel: gpt-4.1\n---\nHello {{name}}\n");
        v1.close();

        PromptsPage page;
        page.show();
        SessionSpec spec;
        spec.source = SourceLocation::parse(m_log).value();
        QSignalSpy loaded(&page, &PromptsPage::loaded);
        page.openSource(spec, folder);
        QVERIFY(loaded.wait(15000));
        QTRY_VERIFY(findTop(page.tree(), u"greeting"_s));
        page.startNewVersion(u"greeting@v1"_s);
        auto *version = page.editor()->findChild<QLineEdit *>(u"newVersionEdit"_s);
        QCOMPARE(version->text(), u"v2"_s);
        auto *edit = page.editor()->findChild<QPlainTextEdit *>(u"editorText"_s);
        edit->setPlainText(u"Hello {{name}}, welcome back.\n"_s);
        QSignalSpy problems(&page, &PromptsPage::problem);
        page.editor()->findChild<QPushButton *>(u"saveVersionButton"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(folder + u"/greeting/v2.prompt"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(findChild(findTop(page.tree(), u"greeting"_s), u"v2"_s), 10000);
        QVERIFY(problems.isEmpty());

        // v2 exists now: the editor refuses to overwrite it.
        version->setText(u"v1"_s);
        page.editor()->findChild<QPushButton *>(u"saveVersionButton"_s)->click();
        QCOMPARE(problems.count(), 1);
        QVERIFY(problems.first().first().toString().contains(u"never overwritten"_s));
    }

private:
    static QTreeWidgetItem *findTop(QTreeWidget *tree, const QString &name)
    {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (tree->topLevelItem(i)->text(0) == name)
                return tree->topLevelItem(i);
        }
        return nullptr;
    }
    static QTreeWidgetItem *findChild(QTreeWidgetItem *parent, const QString &version)
    {
        for (int i = 0; parent && i < parent->childCount(); ++i) {
            if (parent->child(i)->text(0).startsWith(version)
                && (parent->child(i)->text(0).size() == version.size() || parent->child(i)->text(0).at(version.size()) == u' '))
                return parent->child(i);
        }
        return nullptr;
    }
    // Screenshots for a human to look at, when ASSAY_SCREENSHOT_DIR says where.
    static void grabTo(QWidget &w, const QString &file)
    {
        const QString dir = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300);
        w.grab().save(dir + u'/' + file);
    }

    QTemporaryDir m_dir;
    QString m_log;
};

QTEST_MAIN(TestPromptsPage)
#include "tst_promptspage.moc"
