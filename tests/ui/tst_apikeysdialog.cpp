// Provider API keys dialog: keys go to the keychain and come back out only as "stored", the
// environment variable's precedence is stated, and a failed save keeps what the user typed.
#include "dialogs/ApiKeysDialog.h"
#include "dialogs/KeychainStore.h"

#include <QDeadlineTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace assay;

class TestApiKeysDialog : public QObject {
    Q_OBJECT

private:
    template <typename T>
    static T *child(ApiKeysDialog &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<T *>(name);
        if (!widget)
            qWarning("no child %s", qPrintable(name));
        return widget;
    }

    // Waits for the next keychain answer about `provider`.
    static bool waitFor(QSignalSpy &spy, const QString &provider)
    {
        QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired()) {
            while (!spy.isEmpty()) {
                if (spy.takeFirst().at(0).toString() == provider)
                    return true;
            }
            spy.wait(100);
        }
        return false;
    }

private Q_SLOTS:
    void init()
    {
        KeychainStore::useInMemoryStoreForTesting(true);
        qunsetenv("ANTHROPIC_API_KEY");
        qunsetenv("OPENAI_API_KEY");
    }

    void savesAndRemovesWithoutShowingTheKey()
    {
        ApiKeysDialog dialog;
        QSignalSpy spy(&dialog, &ApiKeysDialog::keychainOperationFinished);
        QVERIFY(waitFor(spy, u"anthropic"_s)); // the initial look-up
        auto *status = child<QLabel>(dialog, u"anthropic-status"_s);
        auto *edit = child<QLineEdit>(dialog, u"anthropic-edit"_s);
        auto *save = child<QPushButton>(dialog, u"anthropic-save"_s);
        auto *remove = child<QPushButton>(dialog, u"anthropic-remove"_s);
        QVERIFY(status && edit && save && remove);
        QVERIFY(status->text().contains(u"No key"_s));
        QVERIFY(status->text().contains(u"ANTHROPIC_API_KEY"_s));
        QVERIFY(!save->isEnabled());
        QVERIFY(!remove->isEnabled());
        QCOMPARE(edit->echoMode(), QLineEdit::Password);

        const QString secret = u"sk-ant-FAKE-SECRET-4242"_s;
        QTest::keyClicks(edit, secret);
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(waitFor(spy, u"anthropic"_s));
        QVERIFY(edit->text().isEmpty());
        QVERIFY(status->text().contains(u"stored in the keychain"_s));
        QVERIFY(!status->text().contains(u"SECRET"_s));
        QVERIFY(remove->isEnabled());

        QString stored;
        bool answered = false;
        KeychainStore::read(ApiKeysDialog::keychainAccount(u"anthropic"_s), this,
                            [&](const QString &key, const QString &) { stored = key; answered = true; });
        QTRY_VERIFY(answered);
        QCOMPARE(stored, secret);

        // A second dialog finds it, and removal clears it.
        ApiKeysDialog again;
        QSignalSpy spy2(&again, &ApiKeysDialog::keychainOperationFinished);
        QVERIFY(waitFor(spy2, u"anthropic"_s));
        auto *status2 = child<QLabel>(again, u"anthropic-status"_s);
        auto *remove2 = child<QPushButton>(again, u"anthropic-remove"_s);
        QVERIFY(status2->text().contains(u"stored in the keychain"_s));
        QTest::mouseClick(remove2, Qt::LeftButton);
        QVERIFY(waitFor(spy2, u"anthropic"_s));
        QVERIFY(status2->text().contains(u"No key"_s));
        answered = false;
        KeychainStore::read(ApiKeysDialog::keychainAccount(u"anthropic"_s), this,
                            [&](const QString &key, const QString &) { stored = key; answered = true; });
        QTRY_VERIFY(answered);
        QVERIFY(stored.isEmpty());
    }

    void saysTheEnvironmentVariableWins()
    {
        qputenv("OPENAI_API_KEY", "sk-from-env");
        ApiKeysDialog dialog;
        QSignalSpy spy(&dialog, &ApiKeysDialog::keychainOperationFinished);
        QVERIFY(waitFor(spy, u"openai"_s));
        auto *status = child<QLabel>(dialog, u"openai-status"_s);
        QVERIFY(status->text().contains(u"OPENAI_API_KEY is set and is used instead"_s));
        QVERIFY(!status->text().contains(u"sk-from-env"_s));
        qunsetenv("OPENAI_API_KEY");
    }

    void everyProviderHasARow()
    {
        ApiKeysDialog dialog;
        for (const auto &provider : ApiKeysDialog::providers())
            QVERIFY(child<QLineEdit>(dialog, provider.id + u"-edit"_s));
        QCOMPARE(ApiKeysDialog::keychainAccount(u"gemini"_s), u"gemini-api-key"_s);
    }
};

QTEST_MAIN(TestApiKeysDialog)
#include "tst_apikeysdialog.moc"
