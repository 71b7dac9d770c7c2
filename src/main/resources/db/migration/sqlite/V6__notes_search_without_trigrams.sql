-- Keeps the migration versions in step with ../postgresql/V6__notes_search_without_trigrams.sql,
-- which drops PostgreSQL's trigram indexes on notes (docs/decisions/0011-note-search-plan.md).
-- SQLite never had them: its notes already have only the owner index, which search walks.
select 1;
