#include "browse/DetailPane.h"

#include "browse/DetailText.h"
#include "browse/JsonTreeWidget.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>

using namespace Qt::StringLiterals;
using assay::DetailPane;
using assay::LogField;
using assay::OutputRecord;

namespace {

OutputRecord fullRecord()
{
    OutputRecord r;
    r.key = 4711;
    r.createdAt = QDateTime(QDate(2026, 11, 20), QTime(9, 15, 2), Qt::UTC);
    r.values = {
        {LogField::Id, 4711},
        {LogField::Feature, u"ticket_summary"_s},
        {LogField::CreatedAt, u"2026-11-20T09:15:02Z"_s},
        {LogField::Model, u"claude-opus-4-6"_s},
        {LogField::Input, uR"({"ticket": {"subject": "Refund", "body": "I was charged twice.\nPlease help."},
                             "customer": "acme", "history": [1, 2, 3]})"_s},
        {LogField::Output, u"# Summary\n\nThe customer was **charged twice** and wants a refund.\n\n- refund\n- apologise\n"_s},
        {LogField::UserId, u"u-17"_s},
        {LogField::SessionId, u"s-99"_s},
        {LogField::Feedback, u"negative"_s},
        {LogField::PromptName, u"ticket_summary"_s},
        {LogField::PromptVersion, 7},
        {LogField::InputTokens, 1234},
        {LogField::OutputTokens, 87},
        {LogField::CacheReadTokens, 1000},
        {LogField::Cost, 0.01234567},
        {LogField::LatencyMs, 2345},
        {LogField::Status, u"ok"_s},
    };
    return r;
}

// The minimal log from log-schema.md: id, feature, created_at, output and nothing else.
OutputRecord minimalRecord(const QVariant &output)
{
    OutputRecord r;
    r.key = u"abc-1"_s;
    r.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    r.values = {
        {LogField::Id, u"abc-1"_s},
        {LogField::Feature, u"churn_risk"_s},
        {LogField::CreatedAt, 1767323045},
        {LogField::Output, output},
    };
    return r;
}

QVariant sqlNull()
{
    return QVariant(QMetaType::fromType<QString>()); // how QtSql hands over a NULL text column
}

QStringList topLevelKeys(const QTreeWidget *tree)
{
    QStringList keys;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        keys << tree->topLevelItem(i)->text(assay::JsonTreeWidget::KeyColumn);
    return keys;
}

QString metaText(const QWidget *pane, const QString &name)
{
    const auto *label = pane->findChild<QLabel *>(name);
    return label ? label->text() : QString();
}

} // namespace

class TestDetailPane : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void startsWithPlaceholder();
    void validInputShowsTreeInLoggedOrder();
    void inputTreeEdgeCases();
    void invalidInputShowsRawWithWarning();
    void missingAndNullInput();
    void markdownOutputIsRendered();
    void jsonOutputIsPrettyPrinted();
    void invalidJsonInJsonModeShowsRawWithWarning();
    void formatChoiceOverridesDetection();
    void truncatedOutputOffersShowAll();
    void truncatedJsonIsIndentedAnyway();
    void nullOutput();
    void metadataShowsOnlyPresentFields();
    void metadataFormatsFullRecord();
    void copyButtons();
    void loadingAndError();
    void hugeOutputShowsQuickly();
    void hugeInputShowsQuickly();
    void longMarkdownStaysFast();
    void breakLongLines();
    void hugeMarkdownFallsBackToText();
    void screenshots();

private:
    DetailPane *m_pane = nullptr;
};

void TestDetailPane::init()
{
    m_pane = new DetailPane;
    m_pane->resize(900, 1000);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane));
}

void TestDetailPane::cleanup()
{
    delete m_pane;
    m_pane = nullptr;
}

void TestDetailPane::startsWithPlaceholder()
{
    auto *placeholder = m_pane->findChild<QLabel *>(u"placeholderLabel"_s);
    QVERIFY(placeholder);
    QVERIFY(placeholder->isVisible());
    QCOMPARE(placeholder->text(), u"Select an output to see it here"_s);
    m_pane->showRecord(fullRecord());
    QVERIFY(!placeholder->isVisible());
    m_pane->clear();
    QVERIFY(placeholder->isVisible());
}

void TestDetailPane::validInputShowsTreeInLoggedOrder()
{
    m_pane->showRecord(fullRecord());
    auto *tree = m_pane->findChild<assay::JsonTreeWidget *>(u"inputTree"_s);
    QVERIFY(tree);
    QVERIFY(tree->isVisible());
    QVERIFY(!m_pane->findChild<QLabel *>(u"inputWarning"_s)->isVisible());
    // The order the log wrote, not QJsonObject's alphabetical one.
    QCOMPARE(topLevelKeys(tree), (QStringList{u"ticket"_s, u"customer"_s, u"history"_s}));

    QTreeWidgetItem *ticket = tree->topLevelItem(0);
    QCOMPARE(ticket->text(assay::JsonTreeWidget::TypeColumn), u"object"_s);
    QVERIFY(ticket->isExpanded());
    QCOMPARE(ticket->childCount(), 2);
    QTreeWidgetItem *body = ticket->child(1);
    QCOMPARE(body->text(assay::JsonTreeWidget::KeyColumn), u"body"_s);
    QCOMPARE(body->text(assay::JsonTreeWidget::TypeColumn), u"string"_s);
    QCOMPARE(tree->fullValue(body), u"I was charged twice.\nPlease help."_s);
    QCOMPARE(assay::JsonTreeWidget::keyPath(body), u"ticket.body"_s);

    QTreeWidgetItem *history = tree->topLevelItem(2);
    QCOMPARE(history->text(assay::JsonTreeWidget::ValueColumn), u"[3 items]"_s);
    QCOMPARE(history->child(1)->text(assay::JsonTreeWidget::KeyColumn), u"[1]"_s);
    QCOMPARE(history->child(1)->text(assay::JsonTreeWidget::TypeColumn), u"number"_s);
    QCOMPARE(assay::JsonTreeWidget::keyPath(history->child(1)), u"history[1]"_s);
    QCOMPARE(tree->fullValue(history), u"[1, 2, 3]"_s);
}

void TestDetailPane::inputTreeEdgeCases()
{
    OutputRecord r = fullRecord();
    // \ud83d\ude00 is the JSON escape of one emoji (a surrogate pair).
    r.values[LogField::Input] =
        uR"({"emoji": "\ud83d\ude00", "q": "a\"b\\c\/d", "n": -1.5e3, "ok": true, "none": null,
             "nested": {"deep": {"deeper": 1}}, "empty": {}, "list": []})"_s;
    m_pane->showRecord(r);
    auto *tree = m_pane->findChild<assay::JsonTreeWidget *>(u"inputTree"_s);
    QVERIFY(tree->isVisible());
    QCOMPARE(tree->topLevelItem(0)->text(assay::JsonTreeWidget::ValueColumn), QString::fromUcs4(U"\U0001F600", 1));
    QCOMPARE(tree->fullValue(tree->topLevelItem(1)), uR"(a"b\c/d)"_s);
    QCOMPARE(tree->topLevelItem(2)->text(assay::JsonTreeWidget::ValueColumn), u"-1.5e3"_s); // digits as logged
    QCOMPARE(tree->topLevelItem(3)->text(assay::JsonTreeWidget::TypeColumn), u"boolean"_s);
    QCOMPARE(tree->topLevelItem(4)->text(assay::JsonTreeWidget::TypeColumn), u"null"_s);
    QTreeWidgetItem *nested = tree->topLevelItem(5);
    QVERIFY(nested->isExpanded());
    QVERIFY(nested->child(0)->isExpanded()); // two levels open
    QCOMPARE(nested->child(0)->child(0)->childCount(), 0);
    QCOMPARE(assay::JsonTreeWidget::keyPath(nested->child(0)->child(0)), u"nested.deep.deeper"_s);
    QCOMPARE(tree->topLevelItem(6)->text(assay::JsonTreeWidget::ValueColumn), u"{0 keys}"_s);
    QCOMPARE(tree->topLevelItem(7)->text(assay::JsonTreeWidget::ValueColumn), u"[0 items]"_s);

    // A scalar is valid JSON too: one row.
    r.values[LogField::Input] = uR"("just a string")"_s;
    m_pane->showRecord(r);
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(assay::JsonTreeWidget::ValueColumn), u"just a string"_s);
    // Top-level arrays list their items.
    r.values[LogField::Input] = uR"([{"a": 1}, 2])"_s;
    m_pane->showRecord(r);
    QCOMPARE(topLevelKeys(tree), (QStringList{u"[0]"_s, u"[1]"_s}));
    QCOMPARE(assay::JsonTreeWidget::keyPath(tree->topLevelItem(0)->child(0)), u"[0].a"_s);
}

void TestDetailPane::invalidInputShowsRawWithWarning()
{
    OutputRecord r = fullRecord();
    const QString broken = u"{'ticket': 'python repr, not JSON'}"_s;
    r.values[LogField::Input] = broken;
    m_pane->showRecord(r);

    auto *raw = m_pane->findChild<QPlainTextEdit *>(u"inputRaw"_s);
    auto *warning = m_pane->findChild<QLabel *>(u"inputWarning"_s);
    QVERIFY(raw && warning);
    QVERIFY(raw->isVisible());
    QVERIFY(raw->isReadOnly());
    QCOMPARE(raw->toPlainText(), broken);
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().startsWith(u"Input is not valid JSON: "_s), qPrintable(warning->text()));
    // Qt's parser gives up at the first quote or just after it.
    QVERIFY(warning->text().contains(u" at offset 1"_s) || warning->text().contains(u" at offset 2"_s));
    QVERIFY(!m_pane->findChild<QWidget *>(u"inputTree"_s)->isVisible());

    // The next valid record brings the tree back and the warning goes.
    m_pane->showRecord(fullRecord());
    QVERIFY(!warning->isVisible());
    QVERIFY(m_pane->findChild<QWidget *>(u"inputTree"_s)->isVisible());
}

void TestDetailPane::missingAndNullInput()
{
    m_pane->showRecord(minimalRecord(u"hi"_s));
    auto *message = m_pane->findChild<QLabel *>(u"inputMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(u"no input"_s));
    QVERIFY(!m_pane->findChild<QToolButton *>(u"copyInputButton"_s)->isEnabled());
    QVERIFY(!m_pane->findChild<QWidget *>(u"inputView"_s)->isVisible()); // one line, not a pane

    OutputRecord r = fullRecord();
    r.values[LogField::Input] = sqlNull();
    m_pane->showRecord(r);
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), u"(NULL)"_s);

    m_pane->showRecord(fullRecord());
    QVERIFY(!message->isVisible());
    QVERIFY(m_pane->findChild<QWidget *>(u"inputTree"_s)->isVisible());
    QTRY_VERIFY(m_pane->findChild<QWidget *>(u"inputTree"_s)->height() >= 120);
}

void TestDetailPane::markdownOutputIsRendered()
{
    m_pane->showRecord(fullRecord());
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Markdown);
    auto *browser = m_pane->findChild<QTextBrowser *>(u"outputMarkdown"_s);
    QVERIFY(browser);
    QVERIFY(browser->isVisible());
    bool hasHeading = false;
    for (QTextBlock b = browser->document()->begin(); b.isValid(); b = b.next())
        hasHeading = hasHeading || (b.blockFormat().headingLevel() == 1 && b.text() == u"Summary");
    QVERIFY(hasHeading);
    QVERIFY(!browser->document()->toPlainText().contains(u"**"_s)); // bold rendered, not shown
    auto *selector = m_pane->findChild<QComboBox *>(u"formatSelector"_s);
    QCOMPARE(selector->itemText(0), u"Auto (Markdown)"_s);

    // Each record gets a fresh document; the old ones must not pile up.
    for (int i = 0; i < 3; ++i)
        m_pane->showRecord(fullRecord());
    QCOMPARE(browser->findChildren<QTextDocument *>(Qt::FindDirectChildrenOnly).size(), 1);
}

void TestDetailPane::jsonOutputIsPrettyPrinted()
{
    m_pane->showRecord(minimalRecord(u"{\"risk\":\"high\",\"reasons\":[\"late payments\",\"support tickets\"]}"_s));
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Json);
    auto *text = m_pane->findChild<QPlainTextEdit *>(u"outputText"_s);
    QVERIFY(text->isVisible());
    const QString shown = text->toPlainText();
    QVERIFY2(shown.startsWith(u"{\n    \"risk\": \"high\",\n    \"reasons\": [\n"_s), qPrintable(shown));
    QVERIFY(text->font().fixedPitch() || QFontInfo(text->font()).fixedPitch());
    QVERIFY(!m_pane->findChild<QLabel *>(u"outputNote"_s)->isVisible());
}

void TestDetailPane::invalidJsonInJsonModeShowsRawWithWarning()
{
    const QString broken = u"{\"risk\": high}"_s;
    m_pane->showRecord(minimalRecord(broken));
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Text); // Auto: not JSON
    m_pane->setFormatChoice(DetailPane::FormatChoice::Json);
    auto *text = m_pane->findChild<QPlainTextEdit *>(u"outputText"_s);
    auto *note = m_pane->findChild<QLabel *>(u"outputNote"_s);
    QCOMPARE(text->toPlainText(), broken);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().startsWith(u"Output is not valid JSON: "_s), qPrintable(note->text()));
    QVERIFY(note->text().contains(u"at offset "_s));
    m_pane->setFormatChoice(DetailPane::FormatChoice::Auto);
    QVERIFY(!note->isVisible());
}

void TestDetailPane::formatChoiceOverridesDetection()
{
    m_pane->showRecord(fullRecord());
    m_pane->setFormatChoice(DetailPane::FormatChoice::Text);
    auto *text = m_pane->findChild<QPlainTextEdit *>(u"outputText"_s);
    QVERIFY(text->isVisible());
    QVERIFY(text->toPlainText().startsWith(u"# Summary"_s));
    // The choice sticks for the next record, as a reviewer stepping through expects.
    m_pane->showRecord(fullRecord());
    QCOMPARE(m_pane->formatChoice(), DetailPane::FormatChoice::Text);
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Text);
    m_pane->setFormatChoice(DetailPane::FormatChoice::Markdown);
    QVERIFY(m_pane->findChild<QTextBrowser *>(u"outputMarkdown"_s)->isVisible());
}

void TestDetailPane::truncatedOutputOffersShowAll()
{
    OutputRecord r = minimalRecord(QString(256 * 1024, u'x'));
    r.outputTruncated = true;
    r.outputBytes = 2200000;
    m_pane->showRecord(r);

    auto *banner = m_pane->findChild<QWidget *>(u"truncationBanner"_s);
    auto *button = m_pane->findChild<QPushButton *>(u"showAllButton"_s);
    QVERIFY(banner && button);
    QVERIFY(banner->isVisible());
    QCOMPARE(metaText(m_pane, u"truncationLabel"_s), u"Showing the first 256 KB of 2.1 MB"_s);
    QCOMPARE(button->text(), u"Show all (2.1 MB)"_s);

    QSignalSpy spy(m_pane, &DetailPane::showAllRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0), QVariant(u"abc-1"_s));
    QVERIFY(!button->isEnabled()); // one request per record

    m_pane->showRecord(minimalRecord(u"short"_s));
    QVERIFY(!banner->isVisible());
}

void TestDetailPane::truncatedJsonIsIndentedAnyway()
{
    OutputRecord r = minimalRecord(u"{\"items\":[{\"name\":\"a\"},{\"name\":\"b"_s);
    r.outputTruncated = true;
    r.outputBytes = 5000000;
    m_pane->showRecord(r);
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Json);
    auto *text = m_pane->findChild<QPlainTextEdit *>(u"outputText"_s);
    QVERIFY(text->toPlainText().startsWith(u"{\n    \"items\": [\n"_s));
    QVERIFY(metaText(m_pane, u"outputNote"_s).contains(u"cut off"_s));
}

void TestDetailPane::nullOutput()
{
    m_pane->showRecord(minimalRecord(sqlNull()));
    auto *message = m_pane->findChild<QLabel *>(u"outputMessage"_s);
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), u"(NULL)"_s);
    QVERIFY(!m_pane->findChild<QToolButton *>(u"copyOutputButton"_s)->isEnabled());

    OutputRecord failed = minimalRecord(sqlNull());
    failed.values[LogField::Status] = u"error"_s;
    failed.values[LogField::Error] = u"overloaded_error: 529"_s;
    m_pane->showRecord(failed);
    QCOMPARE(message->text(), u"(no output: the call failed)"_s);
    auto *error = m_pane->findChild<QLabel *>(u"meta_error"_s);
    QVERIFY(error);
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), u"overloaded_error: 529"_s);
    QVERIFY(error->styleSheet().contains(u"color"_s));
    QVERIFY(m_pane->findChild<QLabel *>(u"meta_status"_s)->styleSheet().contains(u"color"_s));
}

void TestDetailPane::metadataShowsOnlyPresentFields()
{
    m_pane->showRecord(fullRecord());
    QVERIFY(m_pane->findChild<QLabel *>(u"meta_model"_s));
    m_pane->showRecord(minimalRecord(u"fine"_s));

    auto *form = m_pane->findChild<QWidget *>(u"metadataForm"_s);
    QVERIFY(form && form->isVisible());
    QCOMPARE(metaText(m_pane, u"meta_id_text"_s), u"abc-1"_s);
    QCOMPARE(metaText(m_pane, u"meta_feature"_s), u"churn_risk"_s);
    QVERIFY(metaText(m_pane, u"meta_created_at"_s).startsWith(u"2026-01-02 03:04:05 UTC"_s));
    for (const auto *absent : {"meta_model", "meta_user_id", "meta_session_id", "meta_feedback", "meta_prompt",
                               "meta_tokens", "meta_cost", "meta_latency_ms", "meta_status", "meta_error",
                               "meta_input_hash"}) {
        QVERIFY2(!m_pane->findChild<QWidget *>(QLatin1StringView(absent)), absent);
    }
    // Three rows (id, created, feature), each a caption and a value.
    QCOMPARE(form->findChildren<QLabel *>().size(), 6);
}

void TestDetailPane::metadataFormatsFullRecord()
{
    m_pane->showRecord(fullRecord());
    QCOMPARE(metaText(m_pane, u"meta_model"_s), u"claude-opus-4-6"_s);
    QCOMPARE(metaText(m_pane, u"meta_user_id"_s), u"u-17"_s);
    QCOMPARE(metaText(m_pane, u"meta_session_id"_s), u"s-99"_s);
    QCOMPARE(metaText(m_pane, u"meta_feedback"_s), u"negative"_s);
    QCOMPARE(metaText(m_pane, u"meta_prompt"_s), u"ticket_summary@7"_s);
    QCOMPARE(metaText(m_pane, u"meta_cost"_s), u"$0.0123"_s);
    const QLocale locale;
    QCOMPARE(metaText(m_pane, u"meta_latency_ms"_s), u"%1 ms"_s.arg(locale.toString(2345)));
    const QString tokens = metaText(m_pane, u"meta_tokens"_s);
    QVERIFY2(tokens.contains(locale.toString(1234) + u" in"_s) && tokens.contains(u"87 out"_s)
                 && tokens.contains(locale.toString(1000) + u" cache read"_s) && !tokens.contains(u"write"_s),
             qPrintable(tokens));
    QCOMPARE(metaText(m_pane, u"meta_status"_s), u"ok"_s);
    QVERIFY(m_pane->findChild<QLabel *>(u"meta_status"_s)->styleSheet().isEmpty());
}

void TestDetailPane::copyButtons()
{
    OutputRecord r = fullRecord();
    m_pane->showRecord(r);
    QClipboard *clipboard = QGuiApplication::clipboard();
    QTest::mouseClick(m_pane->findChild<QToolButton *>(u"copyOutputButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), r.value(LogField::Output).toString());
    QTest::mouseClick(m_pane->findChild<QToolButton *>(u"copyInputButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), r.value(LogField::Input).toString());
    QTest::mouseClick(m_pane->findChild<QToolButton *>(u"copyIdButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), u"4711"_s);
}

void TestDetailPane::loadingAndError()
{
    auto *loading = m_pane->findChild<QLabel *>(u"loadingLabel"_s);
    m_pane->showLoading();
    QVERIFY(loading->isVisible()); // nothing on screen yet: say so at once

    m_pane->showRecord(fullRecord());
    auto *recordPage = m_pane->findChild<QWidget *>(u"recordPage"_s);
    m_pane->showLoading();
    QVERIFY(recordPage->isVisible()); // the old record stays for a moment, dimmed
    QVERIFY(!recordPage->isEnabled());
    QTRY_VERIFY(loading->isVisible());

    m_pane->showLoading();
    m_pane->showRecord(fullRecord()); // answered quickly: no "Loading…" flash at all
    QTest::qWait(300);
    QVERIFY(recordPage->isVisible());
    QVERIFY(recordPage->isEnabled());

    m_pane->showError(u"The database is locked."_s);
    auto *error = m_pane->findChild<QLabel *>(u"errorLabel"_s);
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), u"The database is locked."_s);
}

void TestDetailPane::hugeOutputShowsQuickly()
{
    QString prose;
    for (int line = 0; prose.size() < 2 * 1024 * 1024; ++line)
        prose += u"Line %1: the customer asked about their invoice and the agent answered politely.\n"_s.arg(line);
    QString json = u"{\"rows\": ["_s;
    while (json.size() < 2 * 1024 * 1024)
        json += u"{\"id\": 12, \"text\": \"some logged text value\"},"_s;
    json += u"{}]}"_s;
    // One line with no break opportunity is Qt's worst case (quadratic wrapping).
    const QString oneLine = QString(2 * 1024 * 1024, u'a');
    QString proseLine;
    while (proseLine.size() < 2 * 1024 * 1024)
        proseLine += u"The quick brown fox jumps over the lazy dog. "_s;
    const QString jsonWithHugeString = u"{\"blob\": \""_s + QString(2 * 1024 * 1024, u'x') + u"\"}"_s;

    for (const QString &output : {prose, json, oneLine, proseLine, jsonWithHugeString}) {
        QElapsedTimer timer;
        timer.start();
        m_pane->showRecord(minimalRecord(output));
        QCoreApplication::processEvents(); // includes the first layout and paint
        const qint64 ms = timer.elapsed();
        qInfo("2 MB output (%s) shown in %lld ms", qPrintable(assay::contentFormatName(m_pane->effectiveFormat())),
              static_cast<long long>(ms));
        QVERIFY2(ms < 3000, qPrintable(u"took %1 ms"_s.arg(ms)));
    }
    QVERIFY(metaText(m_pane, u"outputNote"_s).contains(u"cut for display"_s));
}

void TestDetailPane::hugeInputShowsQuickly()
{
    QString input = u"{\"document\": \""_s + QString(1024 * 1024, u'd') + u"\", \"rows\": ["_s;
    for (int i = 0; i < 50000; ++i)
        input += u"{\"n\": %1, \"tags\": [\"a\", \"b\"]},"_s.arg(i);
    input += u"null]}"_s;
    OutputRecord r = fullRecord();
    r.values[LogField::Input] = input;
    QElapsedTimer timer;
    timer.start();
    m_pane->showRecord(r);
    QCoreApplication::processEvents();
    qInfo("%lld KB input shown as a tree in %lld ms", static_cast<long long>(input.size() / 1024),
          static_cast<long long>(timer.elapsed()));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));

    auto *tree = m_pane->findChild<assay::JsonTreeWidget *>(u"inputTree"_s);
    QCOMPARE(topLevelKeys(tree), (QStringList{u"document"_s, u"rows"_s}));
    QTreeWidgetItem *rows = tree->topLevelItem(1);
    QCOMPARE(rows->text(assay::JsonTreeWidget::ValueColumn), u"[%1 items]"_s.arg(QLocale().toString(50001)));
    QCOMPARE(rows->childCount(), 1001); // the first 1,000 and a "… more" line
    QVERIFY(rows->child(1000)->text(assay::JsonTreeWidget::ValueColumn).contains(u"more"_s));
    QCOMPARE(tree->fullValue(tree->topLevelItem(0)).size(), 1024 * 1024); // shown short, copied whole
}

void TestDetailPane::longMarkdownStaysFast()
{
    // Lists and tables just under the limits that keep Qt's Markdown import fast.
    QString numbered;
    for (int i = 1; i <= 2900; ++i)
        numbered += u"%1. item number %1 with **bold**\n"_s.arg(i);
    QString table = u"| a | b |\n|---|---|\n"_s;
    for (int i = 0; i < 950; ++i)
        table += u"| cell %1 | other cell |\n"_s.arg(i);
    for (const QString &markdown : {numbered, table}) {
        QElapsedTimer timer;
        timer.start();
        m_pane->showRecord(minimalRecord(markdown));
        QCoreApplication::processEvents();
        qInfo("Markdown of %lld KB shown in %lld ms", static_cast<long long>(markdown.size() / 1024),
              static_cast<long long>(timer.elapsed()));
        QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Markdown);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
    }

    QString tooLong;
    for (int i = 1; i <= 3100; ++i)
        tooLong += u"- item %1\n"_s.arg(i);
    m_pane->showRecord(minimalRecord(tooLong));
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Text);
    QVERIFY(metaText(m_pane, u"outputNote"_s).contains(u"list items"_s));
}

void TestDetailPane::breakLongLines()
{
    using assay::detail::breakLongLines;
    const QString shortText = u"short\nlines\n"_s;
    QCOMPARE(breakLongLines(shortText, 10).text, shortText);
    QCOMPARE(breakLongLines(shortText, 10).cutLines, 0);

    const auto hard = breakLongLines(u"abcdefghijkl\nxy"_s, 5);
    QCOMPARE(hard.text, u"abcde\nfghij\nkl\nxy"_s);
    QCOMPARE(hard.cutLines, 1);
    // Prefers the space near the cut, keeping it at the end of the line.
    QCOMPARE(breakLongLines(u"aaaaaa bbbbbbbbb"_s, 8).text, u"aaaaaa \nbbbbbbbb\nb"_s);
    // Never splits a surrogate pair.
    const QString emoji = u"abcd"_s + QString::fromUcs4(U"\U0001F600\U0001F600", 2); // two UTF-16 units each
    const auto kept = breakLongLines(emoji, 5);
    QCOMPARE(QString(kept.text).remove(u'\n'), emoji);
    QVERIFY(!kept.text.section(u'\n', 0, 0).back().isHighSurrogate());

    QCOMPARE(assay::detail::formatByteSize(812), u"812 bytes"_s);
    QCOMPARE(assay::detail::formatByteSize(256 * 1024), u"256 KB"_s);
    QCOMPARE(assay::detail::formatByteSize(2200000), u"2.1 MB"_s);
    QCOMPARE(assay::detail::formatByteSize(2 * 1024 * 1024), u"2 MB"_s);
}

void TestDetailPane::hugeMarkdownFallsBackToText()
{
    QString markdown = u"# Report\n\n"_s;
    while (markdown.size() < DetailPane::kMarkdownRenderLimit + 1000)
        markdown += u"A paragraph with **bold** text that goes on for a while.\n\n"_s;
    m_pane->showRecord(minimalRecord(markdown));
    QCOMPARE(m_pane->effectiveFormat(), assay::ContentFormat::Text);
    QVERIFY(m_pane->findChild<QPlainTextEdit *>(u"outputText"_s)->isVisible());
    QVERIFY(metaText(m_pane, u"outputNote"_s).contains(u"200 KB"_s));
    QCOMPARE(m_pane->findChild<QComboBox *>(u"formatSelector"_s)->itemText(0), u"Auto (Markdown)"_s);
}

void TestDetailPane::screenshots()
{
    const QByteArray dir = qgetenv("ASSAY_SCREENSHOT");
    if (dir.isEmpty())
        QSKIP("set ASSAY_SCREENSHOT=<dir> to write screenshots of the pane");
    const QString base = QString::fromLocal8Bit(dir) + u"/detailpane"_s;
    const auto shoot = [this](const QString &path) {
        QTest::qWait(50); // let pending layout requests run, as the event loop would before painting
        QVERIFY(m_pane->grab().save(path));
    };
    m_pane->showRecord(fullRecord());
    shoot(base + u"-markdown.png"_s);

    OutputRecord r = fullRecord();
    r.values[LogField::Input] = u"{'ticket': 'python repr, not JSON'}"_s;
    r.values[LogField::Output] = u"{\"risk\":\"high\",\"score\":0.91,\"reasons\":[\"late payments\",\"3 tickets\"]"_s;
    r.values[LogField::Feedback] = u"positive"_s;
    r.outputTruncated = true;
    r.outputBytes = 2200000;
    m_pane->showRecord(r);
    shoot(base + u"-json.png"_s);

    OutputRecord failed = minimalRecord(sqlNull());
    failed.values[LogField::Status] = u"error"_s;
    failed.values[LogField::Error] = u"overloaded_error: Overloaded (HTTP 529) after 3 retries"_s;
    m_pane->showRecord(failed);
    shoot(base + u"-failed.png"_s);
    m_pane->resize(520, 800); // a narrow side pane next to the outputs table
    m_pane->showRecord(fullRecord());
    shoot(base + u"-narrow.png"_s);
}

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
