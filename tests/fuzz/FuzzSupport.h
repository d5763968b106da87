#pragma once

// Shared by the libFuzzer harnesses: Qt's messages silenced (a parser's qWarning is not a
// finding), a failed invariant reported and aborted on (libFuzzer saves the input), and the
// bytes as Qt types.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

inline void init()
{
    qInstallMessageHandler(quietMessages);
}

// The bytes, copied: a QByteArray of the fuzzer's buffer keeps ASan's bounds on the copy.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// Strings as the fuzzer meant them and as a file would hold them: UTF-8, lone surrogates
// included only where JSON escapes can make them.
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// A QString through UTF-8 and back, for comparing what was read with what was written and read
// again: a lone surrogate (only a JSON escape makes one) becomes U+FFFD on one path and may stay
// an escape on the other, and is no finding either way.
inline QString viaUtf8(const QString &s)
{
    return QString::fromUtf8(s.toUtf8());
}

[[noreturn]] inline void invariantFailed(const char *what, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
    std::abort();
}

} // namespace fuzz

#define FUZZ_CHECK(cond)                                                                                              \
    do {                                                                                                              \
        if (!(cond))                                                                                                  \
            fuzz::invariantFailed(#cond, __FILE__, __LINE__);                                                         \
    } while (false)

#define FUZZ_INIT()                                                                                                   \
    extern "C" int LLVMFuzzerInitialize(int *, char ***)                                                              \
    {                                                                                                                 \
        fuzz::init();                                                                                                 \
        return 0;                                                                                                     \
    }
