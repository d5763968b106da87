#include "providers/ProviderErrorText.h"

using namespace Qt::StringLiterals;

namespace assay::errortext {

namespace {
QString requestIdSuffix(const QString &requestId)
{
    return requestId.isEmpty() ? QString() : u" (request id %1)"_s.arg(requestId);
}
} // namespace

QString httpError(ProviderKind kind, int httpStatus, const ProviderError &error, const QString &requestId)
{
    QString text = u"%1 answered HTTP %2"_s.arg(providerDisplayName(kind)).arg(httpStatus);
    if (!error.type.isEmpty())
        text += u' ' + error.type;
    if (!error.message.isEmpty())
        text += u": "_s + error.message;
    return text + requestIdSuffix(requestId.isEmpty() ? error.requestId : requestId);
}

QString transportError(ProviderKind kind, QNetworkReply::NetworkError code, const QString &qtMessage)
{
    QString what;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        what = u"the connection was refused (is the server running at that address?)"_s;
        break;
    case QNetworkReply::RemoteHostClosedError:
        what = u"the server closed the connection before the response was complete"_s;
        break;
    case QNetworkReply::HostNotFoundError:
        what = u"the host name could not be resolved"_s;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        what = u"the TLS handshake failed (%1)"_s.arg(qtMessage);
        break;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        what = u"the network is unavailable"_s;
        break;
    default:
        what = qtMessage.isEmpty() ? u"a network error occurred"_s : qtMessage;
        break;
    }
    return u"%1: %2"_s.arg(providerDisplayName(kind), what);
}

QString protocolError(ProviderKind kind, const QString &what, const QString &requestId)
{
    return u"%1: %2"_s.arg(providerDisplayName(kind), what) + requestIdSuffix(requestId);
}

QString attemptsSuffix(int attempts)
{
    return attempts > 1 ? u" (gave up after %1 attempts)"_s.arg(attempts) : QString();
}

} // namespace assay::errortext
