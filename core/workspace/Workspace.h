#pragma once

#include <QMetaType>

#include "query/OutputFilter.h"
#include "source/SourceLocation.h"
#include "util/Result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace assay {

struct SavedView {
    QString name;
    OutputFilter filter;
    QDateTime updatedAt;
};

// How far the text-search index has got. Rows with a rowid above `indexedThroughRowid`
// are not in the index yet, and queries scan them.
struct SearchIndexState {
    qint64 indexedThroughRowid = -1;
    qint64 indexedRows = 0;
    bool available = false; // the index exists in this workspace (SQLite workspaces only)
};

// Assay's own store for one source: saved views and the search index now; labels, replays
// and caches later. A SQLite file under the user's data folder by default, or an `assay`
// schema in a PostgreSQL database the team shares. Never the source itself.
//
// Like every QtSql connection, a Workspace belongs to the thread that opened it.
class Workspace {
public:
    // "<data dir>/workspaces/<name>-<hash>.sqlite"; ASSAY_WORKSPACE_DIR overrides the folder.
    static QString defaultPathFor(const SourceLocation &source);
    // `where` is a file path or a postgresql:// URL; empty means defaultPathFor(source).
    static Result<std::unique_ptr<Workspace>> open(const SourceLocation &source, const QString &where = {});
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    SqlDialect dialect() const { return m_dialect; }
    QString location() const { return m_location; } // secret-free
    QString filePath() const { return m_dialect == SqlDialect::SQLite ? m_location : QString(); }
    int schemaVersion() const { return m_version; }
    static int latestSchemaVersion();
    QSqlDatabase &db() { return m_db; }

    Result<QList<SavedView>> savedViews();
    Result<void> saveView(const QString &name, const OutputFilter &filter);
    Result<void> deleteView(const QString &name);

    Result<SearchIndexState> searchIndexState();

    // A table of Assay's own as SQL names it here: "assay.saved_views" on PostgreSQL (the
    // workspace's schema), "saved_views" in a SQLite file. Every store asks this.
    QString table(const QString &name) const;

private:
    Workspace() = default;
    Result<void> migrate();

    SqlDialect m_dialect = SqlDialect::SQLite;
    QString m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    int m_version = 0;
};

} // namespace assay

Q_DECLARE_METATYPE(assay::SavedView)
