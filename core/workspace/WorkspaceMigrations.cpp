#include "workspace/WorkspaceMigrations.h"

using namespace Qt::StringLiterals;

namespace assay {

QList<WorkspaceMigration> workspaceMigrations(SqlDialect dialect)
{
    if (dialect == SqlDialect::SQLite) {
        return {
            {1, u"saved views and workspace facts"_s,
             {u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"_s,
              u"CREATE TABLE saved_views (name TEXT PRIMARY KEY, filter_json TEXT NOT NULL, "
              "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"_s}},
            // Contentless: the index keeps only trigrams, the text stays in the log. rowid is
            // the log's rowid, so a query can join the two with "rowid IN (...)".
            {2, u"trigram text-search index over outputs and inputs"_s,
             {u"CREATE VIRTUAL TABLE output_search USING fts5(output, input, content='', columnsize=0, "
              "tokenize='trigram')"_s,
              u"CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL, "
              "indexed_rows INTEGER NOT NULL, updated_at TEXT NOT NULL)"_s,
              u"INSERT INTO search_state VALUES (1, -1, 0, '')"_s}},
        };
    }
    return {
        {1, u"saved views and workspace facts"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.meta (key TEXT PRIMARY KEY, value TEXT)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.saved_views (name TEXT PRIMARY KEY, filter_json TEXT NOT NULL, "
          "created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)"_s}},
        // PostgreSQL sources search with ILIKE; the step keeps version numbers aligned.
        {2, u"(text search runs in the source on PostgreSQL)"_s, {}},
    };
}

} // namespace assay
