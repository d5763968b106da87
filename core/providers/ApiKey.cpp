#include "providers/ApiKey.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace assay {

QString ApiKey::redact(QString text) const
{
    if (!m_value.isEmpty())
        text.replace(m_value, u"[redacted key]"_s);
    return text;
}

QDebug operator<<(QDebug debug, const ApiKey &key)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << (key.isEmpty() ? "ApiKey(none)" : "ApiKey(set, hidden)");
    return debug;
}

} // namespace assay
