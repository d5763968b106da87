#include "source/SourceLocation.h"

#include <QFileInfo>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace assay {

Result<SourceLocation> SourceLocation::parse(const QString &rawText)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return fail(u"no source given: pass a SQLite file or a postgresql:// URL"_s);

    SourceLocation loc;
    if (text.startsWith("postgresql://"_L1) || text.startsWith("postgres://"_L1)) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid())
            return fail(u"not a valid PostgreSQL URL: %1"_s.arg(url.errorString()));
        loc.dialect = SqlDialect::PostgreSQL;
        loc.host = url.host().isEmpty() ? u"localhost"_s : url.host();
        loc.port = url.port(5432);
        loc.database = url.path().mid(1);
        loc.user = url.userName();
        loc.password = url.password();
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            // Only libpq keywords that are safe to forward; a stray "password=" stays out of logs.
            static const QStringList allowed{u"sslmode"_s,       u"sslrootcert"_s,     u"sslcert"_s,
                                             u"sslkey"_s,        u"connect_timeout"_s, u"application_name"_s,
                                             u"target_session_attrs"_s, u"options"_s};
            if (key == "password"_L1) {
                loc.password = value;
            } else if (key == "user"_L1) {
                loc.user = value;
            } else if (key == "host"_L1) {
                loc.host = value;
            } else if (allowed.contains(key)) {
                // QPSQL turns every ';' of its option string into a separator, quoted or not.
                if (value.contains(u';'))
                    return fail(u"connection parameter %1 contains ';', which the Qt PostgreSQL driver cannot pass on"_s.arg(key));
                loc.setOption(key, value);
            } else {
                return fail(u"unsupported connection parameter in URL: %1"_s.arg(key));
            }
        }
        if (loc.database.isEmpty())
            loc.database = loc.user.isEmpty() ? qEnvironmentVariable("PGDATABASE") : loc.user;
        if (loc.user.isEmpty())
            loc.user = qEnvironmentVariable("PGUSER");
        if (loc.option(u"connect_timeout"_s).isEmpty())
            loc.setOption(u"connect_timeout"_s, u"10"_s);
        return loc;
    }

    QString path = text;
    if (path.startsWith("file://"_L1))
        path = QUrl(path).toLocalFile();
    else if (path.startsWith("file:"_L1))
        path = path.mid(5);
    if (path.startsWith("sqlite:"_L1))
        path = path.mid(7);
    loc.dialect = SqlDialect::SQLite;
    loc.path = QFileInfo(path).absoluteFilePath();
    return loc;
}

QString SourceLocation::displayName() const
{
    if (dialect == SqlDialect::SQLite)
        return path;
    QString who = user.isEmpty() ? QString() : user + u'@';
    return u"postgresql://%1%2:%3/%4"_s.arg(who, host).arg(port).arg(database);
}

QString SourceLocation::toText() const
{
    if (dialect == SqlDialect::SQLite)
        return path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPath(u'/' + database);
    // Encoded by hand: QUrlQuery leaves '&', '=', '+' and '#' of a value ambiguous.
    QStringList items;
    for (const auto &[key, value] : options)
        items << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value));
    if (!items.isEmpty())
        url.setQuery(items.join(u'&'), QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

QString SourceLocation::option(const QString &key) const
{
    for (const auto &[k, v] : options) {
        if (k == key)
            return v;
    }
    return {};
}

void SourceLocation::setOption(const QString &key, const QString &value)
{
    for (auto &[k, v] : options) {
        if (k == key) {
            v = value;
            return;
        }
    }
    options.append({key, value});
}

QString SourceLocation::qpsqlConnectOptions() const
{
    QStringList out;
    for (auto [key, value] : options) {
        value.replace(u'\\', "\\\\"_L1).replace(u'\'', "\\'"_L1);
        out << key + u"='"_s + value + u'\'';
    }
    return out.join(u';');
}

QString SourceLocation::identity() const
{
    if (dialect == SqlDialect::SQLite)
        return u"sqlite:"_s + QFileInfo(path).canonicalFilePath();
    return displayName();
}

} // namespace assay
