#include "dialogs/KeychainStore.h"

#include "source/SourceLocation.h"

#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

#ifdef ASSAY_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

using namespace Qt::StringLiterals;

namespace assay {

namespace {

// Only touched from the GUI thread (tests), like the dialogs that use it.
struct MemoryStore {
    bool enabled = false;
    QHash<QString, QString> passwords;
};

MemoryStore &memoryStore()
{
    static MemoryStore store;
    return store;
}

// Runs `fn` on the next event loop turn, in the thread of `context`, unless it is gone by then:
// callers get the same asynchronous behaviour whichever backend answers.
void later(QObject *context, std::function<void()> fn)
{
    QMetaObject::invokeMethod(context, std::move(fn), Qt::QueuedConnection);
}

#ifdef ASSAY_HAVE_KEYCHAIN
QString describe(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::NoBackendAvailable:
        return u"no system keychain is available (%1)"_s.arg(job->errorString());
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return u"access to the system keychain was denied (%1)"_s.arg(job->errorString());
    default:
        return u"the system keychain reported an error (%1)"_s.arg(job->errorString());
    }
}
#endif

} // namespace

bool KeychainStore::isAvailable()
{
#ifdef ASSAY_HAVE_KEYCHAIN
    return true;
#else
    return memoryStore().enabled;
#endif
}

QString KeychainStore::unavailableReason()
{
    if (isAvailable())
        return {};
    return u"This build of Assay has no system keychain support (it was built without QtKeychain). "
           "Set PGPASSWORD or use ~/.pgpass instead."_s;
}

QString KeychainStore::serviceName()
{
    return u"Assay"_s;
}

QString KeychainStore::keyFor(const SourceLocation &location)
{
    return location.displayName();
}

void KeychainStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    Q_ASSERT(context);
    if (memoryStore().enabled) {
        const QString password = memoryStore().passwords.value(key);
        later(context, [callback, password] { callback(password, QString()); });
        return;
    }
#ifdef ASSAY_HAVE_KEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        const auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (finished->error() == QKeychain::EntryNotFound)
            callback(QString(), QString());
        else if (finished->error() != QKeychain::NoError)
            callback(QString(), describe(finished));
        else
            callback(readJob->textData(), QString());
    });
    job->start();
#else
    later(context, [callback] { callback(QString(), unavailableReason()); });
#endif
}

void KeychainStore::write(const QString &key, const QString &password, QObject *context, DoneCallback callback)
{
    Q_ASSERT(context);
    if (memoryStore().enabled) {
        memoryStore().passwords.insert(key, password);
        if (callback)
            later(context, [callback] { callback(QString()); });
        return;
    }
#ifdef ASSAY_HAVE_KEYCHAIN
    // The job has no parent: it completes even when the dialog that asked for it has closed.
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(password);
    QObject::connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        if (callback)
            callback(describe(finished));
    });
    job->start();
#else
    Q_UNUSED(password)
    if (callback)
        later(context, [callback] { callback(unavailableReason()); });
#endif
}

void KeychainStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    Q_ASSERT(context);
    if (memoryStore().enabled) {
        memoryStore().passwords.remove(key);
        if (callback)
            later(context, [callback] { callback(QString()); });
        return;
    }
#ifdef ASSAY_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [callback](QKeychain::Job *finished) {
        if (!callback)
            return;
        callback(finished->error() == QKeychain::EntryNotFound ? QString() : describe(finished));
    });
    job->start();
#else
    if (callback)
        later(context, [callback] { callback(unavailableReason()); });
#endif
}

void KeychainStore::useInMemoryStoreForTesting(bool enabled)
{
    memoryStore().enabled = enabled;
    memoryStore().passwords.clear();
}

} // namespace assay
