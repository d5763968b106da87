#include "browse/OutputsModel.h"

#include "browse/BrowseWorker.h"
#include "schema/TimestampCodec.h"
#include "util/Money.h"

#include <QLocale>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

std::optional<SortField> sortFieldFor(LogField field)
{
    switch (field) {
    case LogField::CreatedAt:
        return SortField::CreatedAt;
    case LogField::InputTokens:
        return SortField::InputTokens;
    case LogField::OutputTokens:
        return SortField::OutputTokens;
    case LogField::LatencyMs:
        return SortField::LatencyMs;
    case LogField::Cost:
        return SortField::Cost;
    default:
        return std::nullopt;
    }
}

QString headerFor(LogField field)
{
    switch (field) {
    case LogField::Id:
        return u"ID"_s;
    case LogField::CreatedAt:
        return u"Time"_s;
    case LogField::Feature:
        return u"Feature"_s;
    case LogField::Output:
        return u"Output"_s;
    case LogField::Model:
        return u"Model"_s;
    case LogField::InputHash:
        return u"Input hash"_s;
    case LogField::UserId:
        return u"User"_s;
    case LogField::SessionId:
        return u"Session"_s;
    case LogField::Feedback:
        return u"Feedback"_s;
    case LogField::PromptName:
        return u"Prompt"_s;
    case LogField::PromptVersion:
        return u"Version"_s;
    case LogField::InputTokens:
        return u"In tokens"_s;
    case LogField::OutputTokens:
        return u"Out tokens"_s;
    case LogField::CacheReadTokens:
        return u"Cache read"_s;
    case LogField::CacheWriteTokens:
        return u"Cache write"_s;
    case LogField::Cost:
        return u"Cost"_s;
    case LogField::LatencyMs:
        return u"Latency"_s;
    case LogField::Status:
        return u"Status"_s;
    case LogField::Error:
        return u"Error"_s;
    case LogField::Input:
        return u"Input"_s;
    }
    return {};
}

} // namespace

OutputsModel::OutputsModel(QObject *parent)
    : QAbstractTableModel(parent), m_generation(std::make_shared<std::atomic<quint64>>(1))
{
    qRegisterMetaType<SessionSpec>();
    qRegisterMetaType<PageRequest>();
    qRegisterMetaType<PageKey>();
    qRegisterMetaType<QList<StoredCheckResult>>();
    qRegisterMetaType<QList<PageKey>>();
    qRegisterMetaType<LogSchema>();
    qRegisterMetaType<OutputRecord>();
    qRegisterMetaType<QList<OutputRecord>>();
    qRegisterMetaType<OutputFilter>();
    qRegisterMetaType<SortOrder>();
    qRegisterMetaType<SavedView>();
    qRegisterMetaType<QList<SavedView>>();

    m_fast = new BrowseWorker(m_generation);
    m_slow = new BrowseWorker(m_generation);
    m_fast->moveToThread(&m_fastThread);
    m_slow->moveToThread(&m_slowThread);
    connect(&m_fastThread, &QThread::finished, m_fast, &QObject::deleteLater);
    connect(&m_slowThread, &QThread::finished, m_slow, &QObject::deleteLater);
    m_fastThread.setObjectName(u"assay-browse-pages"_s);
    m_slowThread.setObjectName(u"assay-browse-counts"_s);

    connect(m_fast, &BrowseWorker::opened, this, &OutputsModel::onOpened);
    connect(m_fast, &BrowseWorker::openFailed, this, [this](const QString &message) {
        m_open = false;
        Q_EMIT openFailed(message);
    });
    connect(m_fast, &BrowseWorker::pageReady, this, &OutputsModel::onPageReady);
    connect(m_fast, &BrowseWorker::pageFailed, this, [this](quint64 generation, int page, const QString &message) {
        if (generation != m_generation->load())
            return;
        m_inFlight.remove(page);
        PageFailure &failure = m_failedPages[page];
        constexpr qint64 firstPauseMs = 500, longestPauseMs = 30000;
        const qint64 pause = std::min(longestPauseMs, firstPauseMs << std::min(failure.failures, 6));
        ++failure.failures;
        failure.retryAtMs = m_clock.elapsed() + pause;
        updateLoading();
        Q_EMIT errorOccurred(message);
    });
    connect(m_fast, &BrowseWorker::recordReady, this, &OutputsModel::recordReady);
    connect(m_fast, &BrowseWorker::checkResultsReady, this, &OutputsModel::checkResultsReady);
    connect(m_fast, &BrowseWorker::recordFailed, this, &OutputsModel::recordFailed);
    connect(m_fast, &BrowseWorker::searchIndexState, this, &OutputsModel::searchIndexStateChanged);
    connect(m_slow, &BrowseWorker::countReady, this, &OutputsModel::onCountReady);
    connect(m_slow, &BrowseWorker::anchorsReady, this, &OutputsModel::onAnchorsReady);
    connect(m_slow, &BrowseWorker::countFailed, this, [this](quint64 generation, const QString &message) {
        if (generation != m_generation->load())
            return;
        Q_EMIT countFailed(message);
        Q_EMIT errorOccurred(message);
    });
    // The slow lane opens its own connection; when that fails, pages still load but nothing
    // would ever count them or anchor far pages, so say so instead of "counting…" forever.
    connect(m_slow, &BrowseWorker::openFailed, this, [this](const QString &message) {
        const QString why = tr("cannot count the outputs: %1").arg(message);
        Q_EMIT countFailed(why);
        Q_EMIT errorOccurred(why);
    });
    connect(m_fast, &BrowseWorker::savedViewsReady, this, &OutputsModel::savedViewsReady);
    connect(m_fast, &BrowseWorker::savedViewsFailed, this, &OutputsModel::savedViewsFailed);
    connect(m_slow, &BrowseWorker::filterValuesReady, this, &OutputsModel::filterValuesReady);
    connect(m_slow, &BrowseWorker::checkNamesReady, this, &OutputsModel::checkNamesReady);
    m_fastThread.start();
    m_slowThread.start();
    m_clock.start();
}

OutputsModel::~OutputsModel()
{
    m_generation->fetch_add(1); // everything queued is stale now
    if (m_fast)
        m_fast->interruptIfStale();
    if (m_slow)
        m_slow->interruptIfStale();
    m_fastThread.quit();
    m_slowThread.quit();
    m_fastThread.wait();
    m_slowThread.wait();
}

void OutputsModel::open(const SessionSpec &spec)
{
    m_spec = spec;
    m_open = false;
    beginResetModel();
    m_columns.clear();
    m_cache.clear();
    m_total = 0;
    endResetModel();
    m_generation->fetch_add(1);
    QMetaObject::invokeMethod(m_fast, [w = m_fast, spec] { w->open(spec); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_slow, [w = m_slow, spec] { w->open(spec); }, Qt::QueuedConnection);
    m_loading = true;
    Q_EMIT loadingChanged(true);
}

void OutputsModel::onOpened(const LogSchema &schema, qint64 estimate, const QString &workspaceNote)
{
    m_schema = schema;
    m_open = true;
    beginResetModel();
    m_columns.clear();
    // The columns a browser shows: everything the log has but the input, which is the
    // detail view's job. Output goes last so it can stretch.
    // What a reviewer scans first comes first; the output preview last, so it can stretch.
    static const QList<LogField> browserOrder{
        LogField::CreatedAt,    LogField::Feature,         LogField::Model,           LogField::PromptName,
        LogField::PromptVersion, LogField::Feedback,       LogField::InputTokens,     LogField::OutputTokens,
        LogField::Cost,         LogField::LatencyMs,       LogField::Status,          LogField::Error,
        LogField::UserId,       LogField::SessionId,       LogField::Id,              LogField::InputHash,
        LogField::CacheReadTokens, LogField::CacheWriteTokens, LogField::Output};
    for (LogField f : browserOrder) {
        if (schema.has(f) || f == LogField::Id)
            m_columns << f;
    }
    endResetModel();
    m_filter = {};
    m_order = {};
    m_total = 0;
    restart();
    if (estimate > 0 && !m_countExact)
        setTotal(estimate, false);
    if (!workspaceNote.isEmpty())
        Q_EMIT workspaceProblem(workspaceNote);
    Q_EMIT opened();
}

void OutputsModel::setFilter(const OutputFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    if (m_open)
        restart();
}

void OutputsModel::setSortOrder(const SortOrder &order)
{
    if (order == m_order)
        return;
    m_order = order;
    if (m_open)
        restart();
}

void OutputsModel::reload()
{
    if (m_open)
        restart();
}

void OutputsModel::restart()
{
    const quint64 generation = m_generation->fetch_add(1) + 1;
    m_fast->interruptIfStale();
    m_slow->interruptIfStale();
    beginResetModel();
    m_cache.clear();
    m_anchors.clear();
    m_anchorsComplete = false;
    m_inFlight.clear();
    m_waitingForAnchor.clear();
    m_reversedPages.clear();
    m_failedPages.clear();
    m_total = 0;
    m_countExact = false;
    endResetModel();
    Q_EMIT countChanged(0, false);
    QMetaObject::invokeMethod(m_fast, [w = m_fast] { w->refreshSearchSupport(); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_slow, [w = m_slow] { w->refreshSearchSupport(); }, Qt::QueuedConnection);
    requestPage(0);
    QMetaObject::invokeMethod(
        m_slow, [w = m_slow, generation, f = m_filter, o = m_order] { w->countAndAnchor(generation, f, o, pageSize); },
        Qt::QueuedConnection);
}

void OutputsModel::requestPage(int page) const
{
    if (m_cache.contains(page) || m_inFlight.contains(page))
        return;
    if (const auto failed = m_failedPages.constFind(page);
        failed != m_failedPages.cend() && m_clock.elapsed() < failed->retryAtMs)
        return;
    PageRequest request{m_filter, m_order, std::nullopt, false, false, pageSize};
    if (page == 0) {
        // from the top
    } else if (page < m_anchors.size()) {
        request.start = m_anchors.at(page);
        request.includeStart = true;
    } else if (const auto *previous = m_cache.find(page - 1); previous && !previous->isEmpty()) {
        request.start = PageKey{previous->last().sortValue, previous->last().key};
    } else if (m_countExact && page == (m_total - 1) / pageSize) {
        // The last page needs no anchor: it is the first page of the reversed order.
        request.reverse = true;
        request.limit = static_cast<int>(m_total - qint64(page) * pageSize);
        m_reversedPages.insert(page);
    } else {
        m_waitingForAnchor.insert(page);
        return;
    }
    m_waitingForAnchor.remove(page);
    m_inFlight.insert(page);
    const quint64 generation = m_generation->load();
    QMetaObject::invokeMethod(
        m_fast, [w = m_fast, generation, page, request] { w->fetchPage(generation, page, request); },
        Qt::QueuedConnection);
    updateLoading();
}

void OutputsModel::onPageReady(quint64 generation, int page, const QList<OutputRecord> &fetched)
{
    if (generation != m_generation->load())
        return;
    m_inFlight.remove(page);
    m_failedPages.remove(page);
    QList<OutputRecord> rows = fetched;
    if (m_reversedPages.remove(page))
        std::reverse(rows.begin(), rows.end());
    const qsizetype count = rows.size();
    m_cache.insert(page, std::move(rows));

    const qint64 first = qint64(page) * pageSize;
    if (!m_countExact) {
        if (count < pageSize)
            setTotal(first + count, true); // the end of the data, so the count is known
        else if (first + count >= m_total)
            setTotal(first + count + pageSize, false); // room to scroll on while counting
    }
    const qint64 last = std::min<qint64>(first + count, m_total) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(static_cast<int>(first), 0), index(static_cast<int>(last), columnCount() - 1));
    if (m_waitingForAnchor.contains(page + 1))
        requestPage(page + 1);
    updateLoading();
}

void OutputsModel::onCountReady(quint64 generation, qint64 count)
{
    if (generation != m_generation->load())
        return;
    setTotal(count, true);
    updateLoading();
}

void OutputsModel::onAnchorsReady(quint64 generation, const QList<PageKey> &anchors, bool complete)
{
    if (generation != m_generation->load())
        return;
    m_anchors = anchors;
    m_anchorsComplete = complete;
    const QSet<int> waiting = m_waitingForAnchor;
    for (int page : waiting)
        requestPage(page);
}

void OutputsModel::setTotal(qint64 rows, bool exact)
{
    rows = std::min<qint64>(rows, INT_MAX);
    m_countExact = exact;
    if (rows > m_total) {
        beginInsertRows({}, static_cast<int>(m_total), static_cast<int>(rows - 1));
        m_total = rows;
        endInsertRows();
    } else if (rows < m_total) {
        beginRemoveRows({}, static_cast<int>(rows), static_cast<int>(m_total - 1));
        m_total = rows;
        endRemoveRows();
    }
    Q_EMIT countChanged(m_total, exact);
}

void OutputsModel::updateLoading() const
{
    const bool loading = !m_inFlight.isEmpty();
    if (loading != m_loading) {
        m_loading = loading;
        Q_EMIT const_cast<OutputsModel *>(this)->loadingChanged(loading);
    }
}

void OutputsModel::requestRecord(const QVariant &key, qint64 maxOutputChars)
{
    QMetaObject::invokeMethod(m_fast, [w = m_fast, key, maxOutputChars] { w->fetchRecord(key, maxOutputChars); },
                              Qt::QueuedConnection);
}

void OutputsModel::requestFilterValues()
{
    QMetaObject::invokeMethod(m_slow, [w = m_slow] { w->loadFilterValues(); }, Qt::QueuedConnection);
}

void OutputsModel::refreshSearchSupport()
{
    QMetaObject::invokeMethod(m_fast, [w = m_fast] { w->refreshSearchSupport(); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_slow, [w = m_slow] { w->refreshSearchSupport(); }, Qt::QueuedConnection);
}

void OutputsModel::requestSavedViews()
{
    QMetaObject::invokeMethod(m_fast, [w = m_fast] { w->loadSavedViews(); }, Qt::QueuedConnection);
}

void OutputsModel::saveView(const QString &name, const OutputFilter &filter)
{
    QMetaObject::invokeMethod(m_fast, [w = m_fast, name, filter] { w->saveView(name, filter); }, Qt::QueuedConnection);
}

void OutputsModel::deleteView(const QString &name)
{
    QMetaObject::invokeMethod(m_fast, [w = m_fast, name] { w->deleteView(name); }, Qt::QueuedConnection);
}

QVariant OutputsModel::keyAt(int row) const
{
    const auto *rows = m_cache.find(row / pageSize);
    if (!rows || row % pageSize >= rows->size())
        return {};
    return rows->at(row % pageSize).key;
}

bool OutputsModel::isRowLoaded(int row) const
{
    const auto *rows = m_cache.find(row / pageSize);
    return rows && row % pageSize < rows->size();
}

int OutputsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_total);
}

int OutputsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant OutputsModel::displayValue(const OutputRecord &record, LogField field) const
{
    const QVariant v = record.value(field);
    if (field == LogField::CreatedAt)
        return record.createdAt.isValid() ? record.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : v.toString();
    if (v.isNull())
        return QString();
    switch (field) {
    case LogField::Cost:
        return formatUsd(v.toDouble());
    case LogField::LatencyMs:
        return QLocale().toString(v.toLongLong()) + u" ms"_s;
    case LogField::InputTokens:
    case LogField::OutputTokens:
    case LogField::CacheReadTokens:
    case LogField::CacheWriteTokens:
        return QLocale().toString(v.toLongLong());
    case LogField::Output:
    case LogField::Error: {
        QString text = v.typeId() == QMetaType::QByteArray ? QString::fromUtf8(v.toByteArray()) : v.toString();
        return text.simplified();
    }
    default:
        return v.toString();
    }
}

QVariant OutputsModel::data(const QModelIndex &idx, int role) const
{
    if (!idx.isValid() || idx.row() >= m_total || idx.column() >= m_columns.size())
        return {};
    const LogField field = m_columns.at(idx.column());
    if (role == FieldRole)
        return static_cast<int>(field);
    if (role == Qt::TextAlignmentRole)
        return isNumericLogField(field) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);

    const int page = idx.row() / pageSize;
    const auto *rows = m_cache.find(page);
    m_cache.touch(page);
    if (!rows || idx.row() % pageSize >= rows->size()) {
        requestPage(page);
        if (role == PlaceholderRole)
            return true;
        if (role == Qt::DisplayRole && idx.column() == 0)
            return u"…"_s;
        return {};
    }
    const OutputRecord &record = rows->at(idx.row() % pageSize);
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(record, field);
    case Qt::ToolTipRole:
        return field == LogField::Output || field == LogField::Error ? record.value(field) : QVariant();
    case RawValueRole:
        return record.value(field);
    case KeyRole:
        return record.key;
    case PlaceholderRole:
        return false;
    case CreatedAtRole:
        return record.createdAt;
    case IsErrorRole:
        return record.isError();
    default:
        return {};
    }
}

QVariant OutputsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return headerFor(m_columns.at(section));
    if (role == FieldRole)
        return static_cast<int>(m_columns.at(section));
    return {};
}

void OutputsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        return;
    const auto field = sortFieldFor(m_columns.at(column));
    if (!field)
        return; // only indexed-friendly numeric and time columns sort; others keep the order
    setSortOrder(SortOrder{*field, order == Qt::DescendingOrder});
}

} // namespace assay
