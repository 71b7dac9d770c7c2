-- Note search walks the owner's notes through notes_owner_newest and no longer uses the trigram
-- indexes of V2 (docs/decisions/0011-note-search-plan.md). They cost a GIN update on every note
-- written and led the planner to read every user's notes for a rare term. Keep in step with
-- ../sqlite/V6__notes_search_without_trigrams.sql. The pg_trgm extension stays: other tables may use it.
-- [jooq ignore start]
drop index if exists notes_title_trgm;
drop index if exists notes_body_trgm;
-- [jooq ignore stop]
