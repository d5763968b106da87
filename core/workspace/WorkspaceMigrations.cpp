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
            // Prompt versions being written: Assay's own until someone saves them to the registry.
            {3, u"prompt drafts"_s,
             {u"CREATE TABLE prompt_drafts (id INTEGER PRIMARY KEY AUTOINCREMENT, prompt_name TEXT NOT NULL, "
              "base_version TEXT, template TEXT NOT NULL, model TEXT, temperature REAL, max_tokens INTEGER, "
              "labels TEXT, author TEXT, note TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"_s,
              u"CREATE INDEX prompt_drafts_by_name ON prompt_drafts (prompt_name, updated_at)"_s}},
        };
    }
    return {
        {1, u"saved views and workspace facts"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.meta (key TEXT PRIMARY KEY, value TEXT)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.saved_views (name TEXT PRIMARY KEY, filter_json TEXT NOT NULL, "
          "created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)"_s}},
        // PostgreSQL sources search with ILIKE; the step keeps version numbers aligned.
        {2, u"(text search runs in the source on PostgreSQL)"_s, {}},
        {3, u"prompt drafts"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.prompt_drafts (id BIGSERIAL PRIMARY KEY, prompt_name TEXT NOT NULL, "
          "base_version TEXT, template TEXT NOT NULL, model TEXT, temperature DOUBLE PRECISION, max_tokens INTEGER, "
          "labels TEXT, author TEXT, note TEXT, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS prompt_drafts_by_name ON assay.prompt_drafts (prompt_name, updated_at)"_s}},
    };
}

} // namespace assay
