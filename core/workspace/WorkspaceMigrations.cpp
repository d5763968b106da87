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
            // Reviewer labels: an append-only history (undo appends compensating rows, nothing is
            // ever deleted); the current label per (output, reviewer) is the newest row. Review
            // sessions keep their sample, per-item notes and a decision log.
            {4, u"reviewer labels and review sessions"_s,
             {u"CREATE TABLE label_events (id INTEGER PRIMARY KEY AUTOINCREMENT, output_key TEXT NOT NULL, "
              "reviewer TEXT NOT NULL, label TEXT CHECK (label IN ('positive', 'negative', 'edited')), note TEXT, "
              "tags TEXT, corrected_output TEXT, labelled_at TEXT NOT NULL, batch_id TEXT, action TEXT NOT NULL)"_s,
              u"CREATE INDEX label_events_by_output ON label_events (output_key, reviewer, id)"_s,
              u"CREATE INDEX label_events_by_reviewer ON label_events (reviewer, id)"_s,
              u"CREATE VIEW current_labels AS SELECT e.* FROM label_events e WHERE e.label IS NOT NULL AND e.id = "
              "(SELECT max(l.id) FROM label_events l WHERE l.output_key = e.output_key AND l.reviewer = e.reviewer)"_s,
              u"CREATE TABLE review_sessions (name TEXT PRIMARY KEY, params TEXT NOT NULL, status TEXT NOT NULL, "
              "created_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"_s,
              u"CREATE TABLE review_items (session_name TEXT NOT NULL, position INTEGER NOT NULL, "
              "output_key TEXT NOT NULL, feature TEXT, note TEXT, PRIMARY KEY (session_name, position))"_s,
              u"CREATE TABLE review_decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, session_name TEXT NOT NULL, "
              "author TEXT, text TEXT NOT NULL, created_at TEXT NOT NULL)"_s}},
            // Usage rollups of the log (core/analytics/UsageRollups.h): one row per UTC hour x feature x
            // model x prompt x tier band, with sums and a latency histogram; cost is priced at query
            // time. The state row holds the rowid watermark of incremental refreshes. Monthly
            // budgets: feature '' is the overall budget.
            {5, u"usage rollups and budgets"_s,
             {u"CREATE TABLE usage_rollup (hour INTEGER, feature TEXT, model TEXT, prompt_name TEXT, "
              "prompt_version TEXT, band INTEGER NOT NULL, calls INTEGER NOT NULL, input_tokens INTEGER NOT NULL, "
              "output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL, "
              "logged_usd REAL NOT NULL, logged_calls INTEGER NOT NULL, unlogged_calls INTEGER NOT NULL, "
              "no_usage_calls INTEGER NOT NULL, priced_input INTEGER NOT NULL, priced_output INTEGER NOT NULL, "
              "priced_cache_read INTEGER NOT NULL, priced_cache_write INTEGER NOT NULL, errors INTEGER NOT NULL, "
              "feedback_positive INTEGER NOT NULL, feedback_negative INTEGER NOT NULL, "
              "feedback_edited INTEGER NOT NULL, latency_hist BLOB)"_s,
              u"CREATE INDEX usage_rollup_by_hour ON usage_rollup (hour)"_s,
              u"CREATE TABLE usage_rollup_state (id INTEGER PRIMARY KEY CHECK (id = 1), log_key TEXT NOT NULL, "
              "thresholds TEXT NOT NULL, watermark INTEGER NOT NULL, rows_seen INTEGER NOT NULL, "
              "watermark_check TEXT NOT NULL, updated_at TEXT NOT NULL)"_s,
              u"CREATE TABLE budgets (feature TEXT NOT NULL PRIMARY KEY, monthly_usd REAL NOT NULL CHECK (monthly_usd > 0), "
              "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"_s}},
            // Replay runs: a run's targets and cases are written when it is planned, and one result
            // row per case x target as each call completes, so a killed run resumes where it was.
            // A case row holds the prompt as rendered for its target (or why it could not be).
            // Pairwise judgements and automatic checks will get their own tables keyed by
            // (run_id, case_no, target_no); replay_results.checks is kept free for a check summary.
            {6, u"replay runs, datasets and the response cache"_s,
             {u"CREATE TABLE replay_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, "
              "created_by TEXT, source TEXT NOT NULL, spec TEXT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL)"_s,
              u"CREATE TABLE replay_targets (run_id INTEGER NOT NULL REFERENCES replay_runs (id), target_no INTEGER NOT NULL, "
              "prompt_name TEXT NOT NULL, prompt_version TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, "
              "parameters TEXT NOT NULL, PRIMARY KEY (run_id, target_no))"_s,
              u"CREATE TABLE replay_cases (run_id INTEGER NOT NULL REFERENCES replay_runs (id), case_no INTEGER NOT NULL, "
              "target_no INTEGER NOT NULL, output_key TEXT NOT NULL, rendered_prompt TEXT, render_error TEXT, "
              "est_input_tokens INTEGER NOT NULL, est_output_tokens INTEGER NOT NULL, est_cost_usd REAL, "
              "PRIMARY KEY (run_id, case_no, target_no))"_s,
              u"CREATE TABLE replay_results (run_id INTEGER NOT NULL REFERENCES replay_runs (id), case_no INTEGER NOT NULL, "
              "target_no INTEGER NOT NULL, status TEXT NOT NULL, output TEXT, input_tokens INTEGER, output_tokens INTEGER, "
              "cache_read_tokens INTEGER, cache_write_tokens INTEGER, cost_usd REAL, latency_ms INTEGER, attempts INTEGER, "
              "http_status INTEGER, request_id TEXT, stop_reason TEXT, error TEXT, from_cache INTEGER NOT NULL DEFAULT 0, "
              "checks TEXT, completed_at TEXT NOT NULL, PRIMARY KEY (run_id, case_no, target_no))"_s,
              u"CREATE TABLE replay_datasets (name TEXT PRIMARY KEY, created_at TEXT NOT NULL, created_by TEXT, note TEXT)"_s,
              u"CREATE TABLE replay_dataset_items (dataset TEXT NOT NULL REFERENCES replay_datasets (name), "
              "position INTEGER NOT NULL, output_key TEXT NOT NULL, PRIMARY KEY (dataset, position))"_s,
              u"CREATE TABLE replay_cache (cache_key TEXT PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, "
              "output TEXT, input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, "
              "cache_write_tokens INTEGER, latency_ms INTEGER, request_id TEXT, stop_reason TEXT, created_at TEXT NOT NULL)"_s}},
            // Automatic checks: a check set per prompt or feature (scope "prompt:NAME", "feature:NAME"),
            // and one result row per output subject and check, keyed by the set's fingerprint; the
            // input hash says whether the output (or what it was checked with) changed since.
            {7, u"check sets and check results"_s,
             {u"CREATE TABLE check_sets (scope TEXT PRIMARY KEY, definition TEXT NOT NULL, origin TEXT, "
              "updated_by TEXT, updated_at TEXT NOT NULL)"_s,
              u"CREATE TABLE check_results (subject TEXT NOT NULL, set_fingerprint TEXT NOT NULL, "
              "input_hash TEXT NOT NULL, check_no INTEGER NOT NULL, check_name TEXT NOT NULL, passed INTEGER NOT NULL, "
              "applicable INTEGER NOT NULL, score REAL NOT NULL, reason TEXT, checked_at TEXT NOT NULL, "
              "PRIMARY KEY (subject, set_fingerprint, check_no))"_s,
              // Only failures are looked up by check ("fails check X"): a partial index keeps writes cheap.
              u"CREATE INDEX check_results_failing ON check_results (check_name, subject) "
              "WHERE passed = 0 AND applicable = 1"_s}},
            // Blind pairwise judging (core/eval/JudgingStore.h): a session's pairs are drawn once and
            // fixed, with the side shown on the left per pair; verdicts are append-only, an undo being
            // a row that retracts an earlier one, so every verdict ever given can be audited.
            {8, u"blind pairwise judging sessions and verdicts"_s,
             {u"CREATE TABLE judging_sessions (name TEXT PRIMARY KEY, run_id INTEGER NOT NULL, side_a TEXT NOT NULL, "
              "side_b TEXT NOT NULL, seed INTEGER NOT NULL, size INTEGER NOT NULL, created_by TEXT, created_at TEXT NOT NULL)"_s,
              u"CREATE TABLE judging_pairs (session_name TEXT NOT NULL REFERENCES judging_sessions (name), "
              "pair_no INTEGER NOT NULL, case_no INTEGER NOT NULL, a_on_left INTEGER NOT NULL, "
              "PRIMARY KEY (session_name, pair_no))"_s,
              u"CREATE TABLE judging_verdicts (id INTEGER PRIMARY KEY AUTOINCREMENT, session_name TEXT NOT NULL, "
              "pair_no INTEGER NOT NULL, judge TEXT NOT NULL, choice TEXT NOT NULL, note TEXT, retracts INTEGER, "
              "created_at TEXT NOT NULL)"_s,
              u"CREATE INDEX judging_verdicts_by_pair ON judging_verdicts (session_name, pair_no, judge, id)"_s}},
            // The judge model (core/eval/JudgeRunStore.h): a judge run is a replay run whose cases are
            // the rendered judge prompts, two per pair (positions swapped); judge_runs links it to its
            // session with what identifies it on a rerun, judge_outcomes keeps each order's reply read.
            {9, u"judge model runs and their outcomes"_s,
             {u"CREATE TABLE judge_runs (run_id INTEGER PRIMARY KEY REFERENCES replay_runs (id), "
              "session_name TEXT NOT NULL REFERENCES judging_sessions (name), provider TEXT NOT NULL, "
              "model TEXT NOT NULL, base_url TEXT NOT NULL, rubric_fingerprint TEXT NOT NULL, rubric TEXT NOT NULL, "
              "criteria TEXT NOT NULL, created_at TEXT NOT NULL)"_s,
              u"CREATE INDEX judge_runs_by_session ON judge_runs (session_name, run_id)"_s,
              u"CREATE TABLE judge_outcomes (run_id INTEGER NOT NULL REFERENCES judge_runs (run_id), "
              "pair_no INTEGER NOT NULL, order_no INTEGER NOT NULL CHECK (order_no IN (1, 2)), status TEXT NOT NULL, "
              "choice TEXT, reason TEXT, raw TEXT, problem TEXT, settled_at TEXT NOT NULL, "
              "PRIMARY KEY (run_id, pair_no, order_no))"_s}},
            // One bound per feature (and prompt), measure and check; '' is "any prompt" / "no check".
            {10, u"quality targets"_s,
             {u"CREATE TABLE quality_targets (feature TEXT NOT NULL, prompt TEXT NOT NULL, metric TEXT NOT NULL, "
              "check_name TEXT NOT NULL, limit_value REAL NOT NULL, window_seconds INTEGER NOT NULL, "
              "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (feature, prompt, metric, check_name))"_s}},
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
        {4, u"reviewer labels and review sessions"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.label_events (id BIGSERIAL PRIMARY KEY, output_key TEXT NOT NULL, "
          "reviewer TEXT NOT NULL, label TEXT CHECK (label IN ('positive', 'negative', 'edited')), note TEXT, "
          "tags TEXT, corrected_output TEXT, labelled_at TIMESTAMPTZ NOT NULL, batch_id TEXT, action TEXT NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS label_events_by_output ON assay.label_events (output_key, reviewer, id)"_s,
          u"CREATE INDEX IF NOT EXISTS label_events_by_reviewer ON assay.label_events (reviewer, id)"_s,
          u"CREATE OR REPLACE VIEW assay.current_labels AS SELECT e.* FROM assay.label_events e WHERE e.label IS NOT NULL "
          "AND e.id = (SELECT max(l.id) FROM assay.label_events l WHERE l.output_key = e.output_key "
          "AND l.reviewer = e.reviewer)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.review_sessions (name TEXT PRIMARY KEY, params TEXT NOT NULL, "
          "status TEXT NOT NULL, created_by TEXT, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.review_items (session_name TEXT NOT NULL, position INTEGER NOT NULL, "
          "output_key TEXT NOT NULL, feature TEXT, note TEXT, PRIMARY KEY (session_name, position))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.review_decisions (id BIGSERIAL PRIMARY KEY, session_name TEXT NOT NULL, "
          "author TEXT, text TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)"_s}},
        // PostgreSQL logs aggregate in the database, so rollups are SQLite-only; budgets are shared.
        {5, u"budgets (usage rollups are SQLite-only)"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.budgets (feature TEXT NOT NULL PRIMARY KEY, "
          "monthly_usd DOUBLE PRECISION NOT NULL CHECK (monthly_usd > 0), created_at TIMESTAMPTZ NOT NULL, "
          "updated_at TIMESTAMPTZ NOT NULL)"_s}},
        {6, u"replay runs, datasets and the response cache"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.replay_runs (id BIGSERIAL PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, "
          "created_by TEXT, source TEXT NOT NULL, spec TEXT NOT NULL, status TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_targets (run_id BIGINT NOT NULL REFERENCES assay.replay_runs (id), "
          "target_no INTEGER NOT NULL, prompt_name TEXT NOT NULL, prompt_version TEXT NOT NULL, provider TEXT NOT NULL, "
          "model TEXT NOT NULL, parameters TEXT NOT NULL, PRIMARY KEY (run_id, target_no))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_cases (run_id BIGINT NOT NULL REFERENCES assay.replay_runs (id), "
          "case_no INTEGER NOT NULL, target_no INTEGER NOT NULL, output_key TEXT NOT NULL, rendered_prompt TEXT, "
          "render_error TEXT, est_input_tokens BIGINT NOT NULL, est_output_tokens BIGINT NOT NULL, "
          "est_cost_usd DOUBLE PRECISION, PRIMARY KEY (run_id, case_no, target_no))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_results (run_id BIGINT NOT NULL REFERENCES assay.replay_runs (id), "
          "case_no INTEGER NOT NULL, target_no INTEGER NOT NULL, status TEXT NOT NULL, output TEXT, input_tokens BIGINT, "
          "output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT, cost_usd DOUBLE PRECISION, "
          "latency_ms BIGINT, attempts INTEGER, http_status INTEGER, request_id TEXT, stop_reason TEXT, error TEXT, "
          "from_cache INTEGER NOT NULL DEFAULT 0, checks TEXT, completed_at TIMESTAMPTZ NOT NULL, "
          "PRIMARY KEY (run_id, case_no, target_no))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_datasets (name TEXT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, "
          "created_by TEXT, note TEXT)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_dataset_items (dataset TEXT NOT NULL REFERENCES assay.replay_datasets (name), "
          "position INTEGER NOT NULL, output_key TEXT NOT NULL, PRIMARY KEY (dataset, position))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.replay_cache (cache_key TEXT PRIMARY KEY, provider TEXT NOT NULL, "
          "model TEXT NOT NULL, output TEXT, input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT, "
          "cache_write_tokens BIGINT, latency_ms BIGINT, request_id TEXT, stop_reason TEXT, "
          "created_at TIMESTAMPTZ NOT NULL)"_s}},
        {7, u"check sets and check results"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.check_sets (scope TEXT PRIMARY KEY, definition TEXT NOT NULL, origin TEXT, "
          "updated_by TEXT, updated_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.check_results (subject TEXT NOT NULL, set_fingerprint TEXT NOT NULL, "
          "input_hash TEXT NOT NULL, check_no INTEGER NOT NULL, check_name TEXT NOT NULL, passed INTEGER NOT NULL, "
          "applicable INTEGER NOT NULL, score DOUBLE PRECISION NOT NULL, reason TEXT, checked_at TIMESTAMPTZ NOT NULL, "
          "PRIMARY KEY (subject, set_fingerprint, check_no))"_s,
          u"CREATE INDEX IF NOT EXISTS check_results_failing ON assay.check_results "
          "(check_name, subject) WHERE passed = 0 AND applicable = 1"_s}},
        {8, u"blind pairwise judging sessions and verdicts"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.judging_sessions (name TEXT PRIMARY KEY, run_id BIGINT NOT NULL, "
          "side_a TEXT NOT NULL, side_b TEXT NOT NULL, seed BIGINT NOT NULL, size INTEGER NOT NULL, created_by TEXT, "
          "created_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.judging_pairs (session_name TEXT NOT NULL "
          "REFERENCES assay.judging_sessions (name), pair_no INTEGER NOT NULL, case_no INTEGER NOT NULL, "
          "a_on_left INTEGER NOT NULL, PRIMARY KEY (session_name, pair_no))"_s,
          u"CREATE TABLE IF NOT EXISTS assay.judging_verdicts (id BIGSERIAL PRIMARY KEY, session_name TEXT NOT NULL, "
          "pair_no INTEGER NOT NULL, judge TEXT NOT NULL, choice TEXT NOT NULL, note TEXT, retracts BIGINT, "
          "created_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS judging_verdicts_by_pair ON assay.judging_verdicts "
          "(session_name, pair_no, judge, id)"_s}},
        {9, u"judge model runs and their outcomes"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.judge_runs (run_id BIGINT PRIMARY KEY REFERENCES assay.replay_runs (id), "
          "session_name TEXT NOT NULL REFERENCES assay.judging_sessions (name), provider TEXT NOT NULL, "
          "model TEXT NOT NULL, base_url TEXT NOT NULL, rubric_fingerprint TEXT NOT NULL, rubric TEXT NOT NULL, "
          "criteria TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS judge_runs_by_session ON assay.judge_runs (session_name, run_id)"_s,
          u"CREATE TABLE IF NOT EXISTS assay.judge_outcomes (run_id BIGINT NOT NULL REFERENCES assay.judge_runs (run_id), "
          "pair_no INTEGER NOT NULL, order_no INTEGER NOT NULL CHECK (order_no IN (1, 2)), status TEXT NOT NULL, "
          "choice TEXT, reason TEXT, raw TEXT, problem TEXT, settled_at TIMESTAMPTZ NOT NULL, "
          "PRIMARY KEY (run_id, pair_no, order_no))"_s}},
        {10, u"quality targets"_s,
         {u"CREATE TABLE IF NOT EXISTS assay.quality_targets (feature TEXT NOT NULL, prompt TEXT NOT NULL, "
          "metric TEXT NOT NULL, check_name TEXT NOT NULL, limit_value DOUBLE PRECISION NOT NULL, "
          "window_seconds BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, "
          "PRIMARY KEY (feature, prompt, metric, check_name))"_s}},
    };
}

} // namespace assay
