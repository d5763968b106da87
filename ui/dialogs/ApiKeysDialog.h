#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace assay {

// Settings ▸ Provider API keys: sets and removes the keys replays use, in the system keychain
// (service "Assay", account "<provider>-api-key", the names core/providers reads). A key the
// provider's usual environment variable supplies wins over the keychain, and the dialog says so.
// Keys are write-only here: the dialog shows whether one is stored, never the key itself.
//
// Child object names per provider P (anthropic, openai, gemini, openai-compatible):
// "P-status", "P-edit", "P-save", "P-remove".
class ApiKeysDialog : public QDialog {
    Q_OBJECT
public:
    struct Provider {
        QString id;        // "anthropic"
        QString label;     // "Anthropic"
        QString envVar;    // "ANTHROPIC_API_KEY"
        QString altEnvVar; // a second variable the provider's SDK also reads, or empty
    };
    static const QList<Provider> &providers();
    static QString keychainAccount(const QString &providerId); // "anthropic-api-key"

    explicit ApiKeysDialog(QWidget *parent = nullptr);

Q_SIGNALS:
    // A keychain read, write or removal finished (tests wait for it); `error` empty on success.
    void keychainOperationFinished(const QString &providerId, const QString &error);

private:
    struct Row {
        Provider provider;
        QLabel *status = nullptr;
        QLineEdit *edit = nullptr;
        QPushButton *save = nullptr;
        QPushButton *remove = nullptr;
    };
    void refresh(Row &row);
    void save(Row &row);
    void remove(Row &row);
    void setStatus(Row &row, bool storedInKeychain, const QString &error);
    Row *rowFor(const QString &providerId);

    QList<Row> m_rows;
};

} // namespace assay
