#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace assay {

// What went wrong, in one sentence a user can act on.
struct Failure {
    QString message;
};

inline Failure fail(QString message)
{
    return Failure{std::move(message)};
}

// A value or a Failure. (std::expected would do, but it is C++23 and we build as C++20.)
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Failure failure) : m_error(std::move(failure.message)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    T &value() & { return *m_value; }
    const T &value() const & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    T &operator*() { return *m_value; }
    const T &operator*() const { return *m_value; }

    const QString &error() const { return m_error; }
    T valueOr(T fallback) const & { return m_value ? *m_value : std::move(fallback); }

private:
    std::optional<T> m_value;
    QString m_error;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Failure failure) : m_failed(true), m_error(std::move(failure.message)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const QString &error() const { return m_error; }

private:
    bool m_failed = false;
    QString m_error;
};

} // namespace assay
