#pragma once

#include <QByteArray>
#include <QString>

class QDebug;

namespace assay {

// An API key held so that it cannot be printed by accident: there is no conversion to QString,
// QDebug shows only whether one is set, and redact() scrubs it from text that came back from a
// server (some error messages quote the key they rejected).
class ApiKey {
public:
    ApiKey() = default;
    explicit ApiKey(QString value) : m_value(std::move(value).trimmed()) {}

    bool isEmpty() const { return m_value.isEmpty(); }
    // The key's bytes, for the one request header that carries it. Never log the result.
    QByteArray revealForHeader() const { return m_value.toUtf8(); }
    // `text` with every occurrence of the key replaced by "[redacted key]".
    QString redact(QString text) const;

private:
    QString m_value;
};

QDebug operator<<(QDebug debug, const ApiKey &key);

} // namespace assay
