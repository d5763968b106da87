#include "providers/ApiKeys.h"

#include <QEventLoop>
#include <QTimer>
#include <QtGlobal>

#ifdef ASSAY_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

using namespace Qt::StringLiterals;

namespace assay::apikeys {

namespace {

std::function<std::optional<QString>(const QString &)> &testReader()
{
    static std::function<std::optional<QString>(const QString &)> reader;
    return reader;
}

// The stored key, nullopt when there is none; `error` says why the keychain could not be read.
std::optional<QString> readKeychain(const QString &account, QString &error)
{
    if (testReader())
        return testReader()(account);
#ifdef ASSAY_HAVE_KEYCHAIN
    QKeychain::ReadPasswordJob job(keychainService());
    job.setAutoDelete(false);
    job.setKey(account);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    job.start();
    if (!finished) {
        // A keychain that never answers (a locked wallet nobody unlocks) must not hang a replay.
        QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!finished) {
        error = u"the system keychain did not answer within 30 s"_s;
        return std::nullopt;
    }
    if (job.error() == QKeychain::NoError)
        return job.textData();
    if (job.error() != QKeychain::EntryNotFound)
        error = u"the system keychain could not be read (%1)"_s.arg(job.errorString());
    return std::nullopt;
#else
    Q_UNUSED(account)
    error = u"this build has no keychain support"_s;
    return std::nullopt;
#endif
}

} // namespace

QStringList keyVariables(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return {u"ANTHROPIC_API_KEY"_s};
    case ProviderKind::OpenAi:
        return {u"OPENAI_API_KEY"_s};
    case ProviderKind::Gemini:
        return {u"GOOGLE_API_KEY"_s, u"GEMINI_API_KEY"_s};
    case ProviderKind::OpenAiCompatible:
        return {u"OPENAI_COMPATIBLE_API_KEY"_s};
    }
    return {};
}

QStringList baseUrlVariables(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return {u"ANTHROPIC_BASE_URL"_s};
    case ProviderKind::OpenAi:
        return {u"OPENAI_BASE_URL"_s};
    case ProviderKind::Gemini:
        return {u"GEMINI_BASE_URL"_s, u"GOOGLE_GEMINI_BASE_URL"_s};
    case ProviderKind::OpenAiCompatible:
        return {u"OPENAI_COMPATIBLE_BASE_URL"_s};
    }
    return {};
}

QString keychainService()
{
    return u"Assay"_s;
}

QString keychainAccount(ProviderKind kind)
{
    return providerId(kind) + u"-api-key"_s;
}

QUrl defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return QUrl(u"https://api.anthropic.com"_s);
    case ProviderKind::OpenAi:
        return QUrl(u"https://api.openai.com/v1"_s);
    case ProviderKind::Gemini:
        return QUrl(u"https://generativelanguage.googleapis.com"_s);
    case ProviderKind::OpenAiCompatible:
        return {};
    }
    return {};
}

Result<ApiKey> find(ProviderKind kind)
{
    const QStringList variables = keyVariables(kind);
    for (const QString &variable : variables) {
        const QString value = qEnvironmentVariable(variable.toLatin1().constData()).trimmed();
        if (!value.isEmpty())
            return ApiKey(value);
    }
    QString keychainError;
    const std::optional<QString> stored = readKeychain(keychainAccount(kind), keychainError);
    if (stored && !stored->trimmed().isEmpty())
        return ApiKey(*stored);
    if (kind == ProviderKind::OpenAiCompatible)
        return ApiKey(); // local servers usually want no key
    QString message = u"No %1 API key: set %2 or store one in the system keychain (Settings > Provider API keys)"_s.arg(
        providerDisplayName(kind), variables.join(u" or "_s));
    if (!keychainError.isEmpty())
        message += u"; %1"_s.arg(keychainError);
    return fail(message + u'.');
}

Result<QUrl> baseUrl(ProviderKind kind, const QString &explicitUrl)
{
    QString text = explicitUrl.trimmed();
    QString origin = u"--base-url"_s;
    if (text.isEmpty()) {
        for (const QString &variable : baseUrlVariables(kind)) {
            text = qEnvironmentVariable(variable.toLatin1().constData()).trimmed();
            if (!text.isEmpty()) {
                origin = variable;
                break;
            }
        }
    }
    if (text.isEmpty()) {
        if (kind == ProviderKind::OpenAiCompatible)
            return fail(u"An OpenAI-compatible server needs a base URL, such as http://localhost:11434/v1 "
                        "(Ollama), http://localhost:8000/v1 (vLLM) or http://localhost:8080/v1 (llama.cpp)."_s);
        return defaultBaseUrl(kind);
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || url.host().isEmpty())
        return fail(u"%1 '%2' is not an http:// or https:// URL with a host."_s.arg(origin, text));
    if (!url.userInfo().isEmpty())
        return fail(u"%1 must not carry a user name or password; use the API key variables instead."_s.arg(origin));
    return url;
}

void setKeychainReaderForTesting(std::function<std::optional<QString>(const QString &account)> reader)
{
    testReader() = std::move(reader);
}

} // namespace assay::apikeys
