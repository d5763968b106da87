#include "dialogs/ApiKeysDialog.h"

#include "dialogs/KeychainStore.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// The variable that currently supplies the key, if any: the provider's SDK reads it first, and so do we.
QString environmentSource(const ApiKeysDialog::Provider &provider)
{
    for (const QString &name : {provider.envVar, provider.altEnvVar}) {
        if (!name.isEmpty() && !qEnvironmentVariableIsEmpty(name.toLatin1().constData()))
            return name;
    }
    return {};
}

} // namespace

const QList<ApiKeysDialog::Provider> &ApiKeysDialog::providers()
{
    static const QList<Provider> list{
        {u"anthropic"_s, u"Anthropic"_s, u"ANTHROPIC_API_KEY"_s, {}},
        {u"openai"_s, u"OpenAI"_s, u"OPENAI_API_KEY"_s, {}},
        {u"gemini"_s, u"Google Gemini"_s, u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s},
        {u"openai-compatible"_s, u"OpenAI-compatible server"_s, u"OPENAI_COMPATIBLE_API_KEY"_s, {}},
    };
    return list;
}

QString ApiKeysDialog::keychainAccount(const QString &providerId)
{
    return providerId + u"-api-key"_s;
}

ApiKeysDialog::ApiKeysDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Provider API keys"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Replays call the providers with these keys. They are kept in the system keychain "
                                "only, never in a file, the workspace or a log. A key in the provider's usual "
                                "environment variable takes precedence."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *grid = new QGridLayout;
    const bool available = KeychainStore::isAvailable();
    int line = 0;
    for (const Provider &provider : providers()) {
        Row row;
        row.provider = provider;
        row.status = new QLabel(this);
        row.status->setObjectName(provider.id + u"-status"_s);
        row.edit = new QLineEdit(this);
        row.edit->setObjectName(provider.id + u"-edit"_s);
        row.edit->setEchoMode(QLineEdit::Password);
        row.edit->setPlaceholderText(tr("Paste a new key"));
        row.save = new QPushButton(tr("Save"), this);
        row.save->setObjectName(provider.id + u"-save"_s);
        row.save->setEnabled(false);
        row.remove = new QPushButton(tr("Remove"), this);
        row.remove->setObjectName(provider.id + u"-remove"_s);
        row.remove->setEnabled(false);
        if (!available) {
            row.edit->setEnabled(false);
            row.edit->setToolTip(KeychainStore::unavailableReason());
        }
        grid->addWidget(new QLabel(provider.label, this), line, 0);
        grid->addWidget(row.edit, line, 1);
        grid->addWidget(row.save, line, 2);
        grid->addWidget(row.remove, line, 3);
        grid->addWidget(row.status, line + 1, 1, 1, 3);
        line += 2;
        m_rows.append(row);
    }
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // Connections capture the provider id, not the Row: m_rows is fully built by now, but
    // looking the row up keeps the lambdas valid whatever happens to the list.
    for (Row &row : m_rows) {
        const QString id = row.provider.id;
        connect(row.edit, &QLineEdit::textChanged, this, [this, id](const QString &text) {
            if (Row *r = rowFor(id))
                r->save->setEnabled(!text.trimmed().isEmpty());
        });
        connect(row.edit, &QLineEdit::returnPressed, this, [this, id] {
            if (Row *r = rowFor(id); r && r->save->isEnabled())
                save(*r);
        });
        connect(row.save, &QPushButton::clicked, this, [this, id] {
            if (Row *r = rowFor(id))
                save(*r);
        });
        connect(row.remove, &QPushButton::clicked, this, [this, id] {
            if (Row *r = rowFor(id))
                remove(*r);
        });
        refresh(row);
    }
    resize(620, sizeHint().height());
}

ApiKeysDialog::Row *ApiKeysDialog::rowFor(const QString &providerId)
{
    for (Row &row : m_rows) {
        if (row.provider.id == providerId)
            return &row;
    }
    return nullptr;
}

void ApiKeysDialog::refresh(Row &row)
{
    if (!KeychainStore::isAvailable()) {
        setStatus(row, false, KeychainStore::unavailableReason());
        return;
    }
    row.status->setText(tr("Checking the keychain…"));
    const QString id = row.provider.id;
    KeychainStore::read(keychainAccount(id), this, [this, id](const QString &key, const QString &error) {
        if (Row *r = rowFor(id))
            setStatus(*r, !key.isEmpty(), error);
        Q_EMIT keychainOperationFinished(id, error);
    });
}

void ApiKeysDialog::save(Row &row)
{
    const QString key = row.edit->text().trimmed();
    if (key.isEmpty())
        return;
    const QString id = row.provider.id;
    row.save->setEnabled(false);
    row.status->setText(tr("Saving…"));
    KeychainStore::write(keychainAccount(id), key, this, [this, id](const QString &error) {
        if (Row *r = rowFor(id)) {
            // The typed key stays in the field when saving failed, so nothing is lost.
            if (error.isEmpty())
                r->edit->clear();
            else
                r->save->setEnabled(true);
            setStatus(*r, error.isEmpty(), error);
        }
        Q_EMIT keychainOperationFinished(id, error);
    });
}

void ApiKeysDialog::remove(Row &row)
{
    const QString id = row.provider.id;
    row.remove->setEnabled(false);
    row.status->setText(tr("Removing…"));
    KeychainStore::remove(keychainAccount(id), this, [this, id](const QString &error) {
        if (Row *r = rowFor(id))
            setStatus(*r, !error.isEmpty(), error);
        Q_EMIT keychainOperationFinished(id, error);
    });
}

void ApiKeysDialog::setStatus(Row &row, bool storedInKeychain, const QString &error)
{
    row.remove->setEnabled(storedInKeychain && error.isEmpty());
    const QString fromEnvironment = environmentSource(row.provider);
    QString text;
    if (!error.isEmpty())
        text = tr("Keychain: %1").arg(error);
    else if (storedInKeychain)
        text = tr("A key is stored in the keychain.");
    else
        text = tr("No key in the keychain.");
    if (!fromEnvironment.isEmpty())
        text += u' ' + tr("%1 is set and is used instead.").arg(fromEnvironment);
    else if (!storedInKeychain && row.provider.id == u"openai-compatible"_s)
        text += u' ' + tr("Local servers usually need none.");
    else if (!storedInKeychain)
        text += u' ' + tr("Set %1 or save one here to run replays.").arg(row.provider.envVar);
    row.status->setText(text);
}

} // namespace assay
