#include "dialogs/PostgresDialog.h"

#include "dialogs/KeychainStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const auto kSettingsGroup = "postgresDialog"_L1;
constexpr int kDefaultPort = 5432;
constexpr int kLookupDelayMs = 400;

QString sslModeHelp(const QString &mode)
{
    if (mode == "disable"_L1)
        return u"No encryption: only for a database on this machine or a trusted network."_s;
    if (mode == "prefer"_L1)
        return u"Encrypt when the server offers it (libpq's default); the server's certificate is not checked."_s;
    if (mode == "require"_L1)
        return u"Always encrypt; the server's certificate is not checked."_s;
    if (mode == "verify-full"_L1)
        return u"Always encrypt and check that the certificate is valid and names this host "
               "(needs the CA certificate in ~/.postgresql/root.crt)."_s;
    return {};
}

} // namespace

PostgresDialog::PostgresDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Open PostgreSQL log"));

    auto *intro = new QLabel(tr("Connect to the database that holds your AI output log. "
                                "Assay only reads from it."),
                             this);
    intro->setWordWrap(true);

    m_host = new QLineEdit(this);
    m_host->setObjectName(u"hostEdit"_s);
    m_host->setPlaceholderText(u"localhost"_s);

    m_port = new QSpinBox(this);
    m_port->setObjectName(u"portSpin"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(kDefaultPort);
    m_port->setGroupSeparatorShown(false);

    m_database = new QLineEdit(this);
    m_database->setObjectName(u"databaseEdit"_s);
    m_database->setPlaceholderText(tr("e.g. product"));

    m_user = new QLineEdit(this);
    m_user->setObjectName(u"userEdit"_s);
    m_user->setPlaceholderText(tr("e.g. readonly"));

    m_password = new QLineEdit(this);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("empty: PGPASSWORD or ~/.pgpass"));

    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(u"sslModeCombo"_s);
    for (const QString &mode : sslModes()) {
        m_sslMode->addItem(mode, mode);
        m_sslMode->setItemData(m_sslMode->count() - 1, sslModeHelp(mode), Qt::ToolTipRole);
    }
    m_sslMode->setCurrentIndex(m_sslMode->findData(u"prefer"_s));

    m_remember = new QCheckBox(tr("Remember password in the system keychain"), this);
    m_remember->setObjectName(u"rememberPasswordCheck"_s);
    if (!KeychainStore::isAvailable()) {
        m_remember->setEnabled(false);
        m_remember->setToolTip(KeychainStore::unavailableReason());
    } else {
        m_remember->setToolTip(tr("Stored by the operating system's keychain under \"%1\", never in Assay's "
                                  "settings or files.")
                                   .arg(KeychainStore::serviceName()));
    }

    m_keychainStatus = new QLabel(this);
    m_keychainStatus->setObjectName(u"keychainStatusLabel"_s);
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->setForegroundRole(QPalette::PlaceholderText);
    m_keychainStatus->setVisible(false);

    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(new QLabel(tr("Port:"), this));
    hostRow->addWidget(m_port);

    auto *hostLabel = new QLabel(tr("&Host:"), this);
    hostLabel->setBuddy(m_host); // a row holding a layout gets no buddy of its own
    auto *form = new QFormLayout;
    form->addRow(hostLabel, hostRow);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("&SSL mode:"), m_sslMode);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_keychainStatus);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(u"buttonBox"_s);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Open"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PostgresDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PostgresDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    m_lookupDelay = new QTimer(this);
    m_lookupDelay->setSingleShot(true);
    m_lookupDelay->setInterval(kLookupDelayMs);
    connect(m_lookupDelay, &QTimer::timeout, this, &PostgresDialog::lookUpKeychain);

    for (QLineEdit *edit : {m_host, m_database, m_user}) {
        connect(edit, &QLineEdit::textChanged, this, &PostgresDialog::scheduleKeychainLookup);
        connect(edit, &QLineEdit::textChanged, this, &PostgresDialog::updateOkButton);
    }
    connect(m_port, &QSpinBox::valueChanged, this, &PostgresDialog::scheduleKeychainLookup);
    // Typing over a password from the keychain makes it the user's own.
    connect(m_password, &QLineEdit::textEdited, this, [this] {
        m_filledFromKey.clear();
        setKeychainStatus(QString());
    });

    loadSettings();
    updateOkButton();
    m_lookupDelay->stop();
    lookUpKeychain();
    setMinimumWidth(460);
}

QStringList PostgresDialog::sslModes()
{
    return {u"disable"_s, u"prefer"_s, u"require"_s, u"verify-full"_s};
}

SourceLocation PostgresDialog::location() const
{
    SourceLocation loc;
    loc.dialect = SqlDialect::PostgreSQL;
    loc.host = m_host->text().trimmed();
    if (loc.host.isEmpty())
        loc.host = u"localhost"_s;
    loc.port = m_port->value();
    loc.database = m_database->text().trimmed();
    loc.user = m_user->text().trimmed();
    loc.password = m_password->text();
    loc.setOption(u"sslmode"_s, m_sslMode->currentData().toString());
    for (const auto &[key, value] : m_extraOptions)
        loc.setOption(key, value);
    if (loc.option(u"connect_timeout"_s).isEmpty())
        loc.setOption(u"connect_timeout"_s, u"10"_s);
    return loc;
}

void PostgresDialog::setLocation(const SourceLocation &location)
{
    m_host->setText(location.host);
    m_port->setValue(location.port > 0 ? location.port : kDefaultPort);
    m_database->setText(location.database);
    m_user->setText(location.user);
    m_extraOptions.clear();
    for (const auto &[key, value] : location.options) {
        if (key != "sslmode"_L1) {
            m_extraOptions.append({key, value});
            continue;
        }
        if (m_sslMode->findData(value) < 0)
            m_sslMode->addItem(value, value); // "allow", "verify-ca": libpq knows them too
        m_sslMode->setCurrentIndex(m_sslMode->findData(value));
    }
    // Empty unless the location carries one; then the keychain is asked.
    m_password->setText(location.password);
    m_filledFromKey.clear();
    setKeychainStatus(QString());
    m_lookupDelay->stop();
    lookUpKeychain();
}

bool PostgresDialog::rememberPassword() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void PostgresDialog::accept()
{
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    saveSettings();
    const SourceLocation loc = location();
    const QString key = KeychainStore::keyFor(loc);
    // The application outlives the dialog: a failed write is still reported (without the password).
    QObject *context = QCoreApplication::instance();
    if (rememberPassword() && !loc.password.isEmpty()) {
        if (m_filledFromKey != key) {
            KeychainStore::write(key, loc.password, context, [key](const QString &error) {
                if (!error.isEmpty())
                    qWarning("cannot store the password for %s in the keychain: %s", qPrintable(key),
                             qPrintable(error));
            });
        }
    } else if (KeychainStore::isAvailable() && !m_remember->isChecked() && m_filledFromKey == key) {
        KeychainStore::remove(key, context, [key](const QString &error) {
            if (!error.isEmpty())
                qWarning("cannot remove the password for %s from the keychain: %s", qPrintable(key), qPrintable(error));
        });
    }
    QDialog::accept();
}

void PostgresDialog::loadSettings()
{
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    m_host->setText(settings.value(u"host"_s).toString());
    m_port->setValue(settings.value(u"port"_s, kDefaultPort).toInt());
    m_database->setText(settings.value(u"database"_s).toString());
    m_user->setText(settings.value(u"user"_s).toString());
    const int ssl = m_sslMode->findData(settings.value(u"sslmode"_s, u"prefer"_s).toString());
    if (ssl >= 0)
        m_sslMode->setCurrentIndex(ssl);
    m_remember->setChecked(KeychainStore::isAvailable() && settings.value(u"rememberPassword"_s, false).toBool());
}

void PostgresDialog::saveSettings() const
{
    // Everything but the password: that goes to the keychain or nowhere.
    QSettings settings;
    settings.beginGroup(kSettingsGroup);
    settings.setValue(u"host"_s, m_host->text().trimmed());
    settings.setValue(u"port"_s, m_port->value());
    settings.setValue(u"database"_s, m_database->text().trimmed());
    settings.setValue(u"user"_s, m_user->text().trimmed());
    settings.setValue(u"sslmode"_s, m_sslMode->currentData().toString());
    if (KeychainStore::isAvailable())
        settings.setValue(u"rememberPassword"_s, m_remember->isChecked());
}

void PostgresDialog::scheduleKeychainLookup()
{
    m_lookupDelay->start();
}

void PostgresDialog::lookUpKeychain()
{
    if (!KeychainStore::isAvailable())
        return;
    const SourceLocation loc = location();
    const QString key = KeychainStore::keyFor(loc);
    if (key == m_filledFromKey)
        return;
    // A password that belongs to another source must not be sent to this one.
    if (!m_filledFromKey.isEmpty()) {
        m_password->clear();
        m_filledFromKey.clear();
        setKeychainStatus(QString());
    }
    if (!m_password->text().isEmpty() || m_host->text().trimmed().isEmpty() || loc.database.isEmpty()) {
        m_pendingKey.clear();
        return;
    }
    m_pendingKey = key;
    KeychainStore::read(key, this, [this, key](const QString &password, const QString &error) {
        if (key != m_pendingKey)
            return; // the fields changed since; a newer lookup is on its way
        m_pendingKey.clear();
        if (!error.isEmpty()) {
            // Only worth a line when the user relies on the keychain; a desktop without one is common.
            if (m_remember->isChecked())
                setKeychainStatus(tr("Password not filled in: %1.").arg(error));
            Q_EMIT keychainLookupFinished(false, error);
            return;
        }
        const bool fill = !password.isEmpty() && m_password->text().isEmpty();
        if (fill) {
            m_password->setText(password);
            m_filledFromKey = key;
            m_remember->setChecked(true);
            setKeychainStatus(tr("Password filled in from the system keychain."));
        }
        Q_EMIT keychainLookupFinished(fill, QString());
    });
}

void PostgresDialog::updateOkButton()
{
    const bool complete = !m_host->text().trimmed().isEmpty() && !m_database->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(complete);
}

void PostgresDialog::setKeychainStatus(const QString &text)
{
    m_keychainStatus->setText(text);
    m_keychainStatus->setVisible(!text.isEmpty());
    if (isVisible()) {
        // Grow to show a (wrapped) status line rather than clip it.
        layout()->activate();
        const int needed =
            layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : layout()->totalSizeHint().height();
        if (needed > height())
            resize(width(), needed);
    }
}

} // namespace assay
