#pragma once

#include <QString>

#include <functional>

class QObject;

namespace assay {

struct SourceLocation;

// Database passwords in the system keychain (QtKeychain: Secret Service, KWallet, macOS Keychain,
// Windows Credential Store), under the service "Assay" and a secret-free key, the source's
// displayName(). Every call is asynchronous: the callback runs later on the thread of `context`,
// and not at all once `context` is destroyed. Passwords are never written anywhere else and never
// logged; error texts never contain them.
//
// Built without QtKeychain (ASSAY_HAVE_KEYCHAIN undefined) every call reports unavailableReason().
class KeychainStore {
public:
    using ReadCallback = std::function<void(QString password, QString error)>;
    using DoneCallback = std::function<void(QString error)>;

    // Whether passwords can be stored at all in this build.
    static bool isAvailable();
    // Why not, as a sentence for a tooltip; empty when isAvailable().
    static QString unavailableReason();

    static QString serviceName(); // "Assay"
    // The key a source's password is stored under: location.displayName(), which holds no password.
    static QString keyFor(const SourceLocation &location);

    // `password` is empty, and `error` too, when nothing is stored under `key`.
    static void read(const QString &key, QObject *context, ReadCallback callback);
    // `callback` may be empty; `error` is empty on success.
    static void write(const QString &key, const QString &password, QObject *context, DoneCallback callback = {});
    // Deleting a key that holds nothing succeeds.
    static void remove(const QString &key, QObject *context, DoneCallback callback = {});

    // Tests: keep passwords in a process-local map instead of the system keychain (which an
    // offscreen test run usually cannot reach). Also makes isAvailable() true. Clears the map.
    static void useInMemoryStoreForTesting(bool enabled);

private:
    KeychainStore() = delete;
};

} // namespace assay
