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
        QStringList options;
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
                options << u"%1=%2"_s.arg(key, value);
            } else {
                return fail(u"unsupported connection parameter in URL: %1"_s.arg(key));
            }
        }
        if (loc.database.isEmpty())
            loc.database = loc.user.isEmpty() ? qEnvironmentVariable("PGDATABASE") : loc.user;
        if (loc.user.isEmpty())
            loc.user = qEnvironmentVariable("PGUSER");
        if (!options.join(u';').contains("connect_timeout"_L1))
            options << u"connect_timeout=10"_s;
        loc.connectOptions = options.join(u';');
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

QString SourceLocation::identity() const
{
    if (dialect == SqlDialect::SQLite)
        return u"sqlite:"_s + QFileInfo(path).canonicalFilePath();
    return displayName();
}

} // namespace assay
