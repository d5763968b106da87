#pragma once

#include "source/SourceLocation.h"

#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimer;

namespace assay {

// "Open PostgreSQL log": host, port, database, user, password, sslmode, and whether to keep the
// password in the system keychain (KeychainStore). Starts from the last connection's fields
// (QSettings, group "postgresDialog", never the password) and fills in the password from the
// keychain whenever host, port, database and user name a source it knows.
//
// On accept: the fields are remembered, and the password is written to the keychain (checkbox
// on) or removed from it (checkbox off, after it had been filled in from there). The keychain
// write finishes on its own after the dialog has closed.
//
// Child object names: hostEdit, portSpin, databaseEdit, userEdit, passwordEdit, sslModeCombo,
// rememberPasswordCheck, keychainStatusLabel, buttonBox.
class PostgresDialog : public QDialog {
    Q_OBJECT
public:
    explicit PostgresDialog(QWidget *parent = nullptr);

    // What to open: dialect PostgreSQL, options sslmode=MODE and connect_timeout=10. The
    // password is in memory only; displayName() and identity() never contain it.
    SourceLocation location() const;
    // Fills the fields from a location (a recent source, a parsed URL). sslmode is taken from its
    // options, the other options are kept; the password field gets location.password, and
    // when that is empty the keychain is asked.
    void setLocation(const SourceLocation &location);

    bool rememberPassword() const;

    // "disable", "prefer", "require", "verify-full"; "prefer" is libpq's default.
    static QStringList sslModes();

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    // A keychain read finished: `found` says whether a password was filled in. For tests and
    // for a status line; `error` is empty unless the keychain could not be read.
    void keychainLookupFinished(bool found, const QString &error);

private:
    void loadSettings();
    void saveSettings() const;
    void scheduleKeychainLookup();
    void lookUpKeychain();
    void updateOkButton();
    void setKeychainStatus(const QString &text);

    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QComboBox *m_sslMode = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_keychainStatus = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QTimer *m_lookupDelay = nullptr;

    // The key whose answer we wait for; answers for any other key are stale and dropped.
    QString m_pendingKey;
    // The password field holds what the keychain gave for this key (not something typed).
    QString m_filledFromKey;
    // libpq options from setLocation() other than sslmode, passed through unchanged.
    QList<std::pair<QString, QString>> m_extraOptions; // sslrootcert and the like, kept as given
};

} // namespace assay
