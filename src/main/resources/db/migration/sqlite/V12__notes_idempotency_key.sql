-- A note made by a request with an Idempotency-Key keeps the key's hash (SHA-256, hex), so a retry
-- whose first request created the note and died before its answer was kept finds that note instead
-- of making a second (docs/decisions/0027-idempotency-keys.md). Keep in step with ../postgresql/V12__notes_idempotency_key.sql.

alter table notes add column idempotency_key varchar(64);

-- Only keyed notes are indexed: a create without a key pays nothing for it.
create index notes_owner_idempotency_key on notes (owner_id, idempotency_key) where idempotency_key is not null;
