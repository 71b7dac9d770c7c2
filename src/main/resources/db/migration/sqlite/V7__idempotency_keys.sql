-- Idempotency keys (SQLite). Keep in step with ../postgresql/V7__idempotency_keys.sql: same table,
-- columns and indexes; only the types differ.

-- One row per Idempotency-Key a user sent with a create (draft-ietf-httpapi-idempotency-key-header):
-- while the first request with it runs, who runs it and until when (a lease, so a request that died
-- with its instance frees the key); then its answer, repeated to every retry until expires_at
-- (docs/decisions/0027-idempotency-keys.md).
create table idempotency_keys (
    user_id          bigint                   not null references users (id) on delete cascade,
    key_hash         varchar(64)              not null, -- SHA-256 of the key: bounded whatever the client sent
    request_hash     varchar(64)              not null, -- SHA-256 of method, path and body: a retry must match
    claim            varchar(64)              not null, -- random, per request running it: only it may finish
    lease_expires_at timestamp with time zone not null, -- until then the request running it is presumed alive
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null, -- then the key is forgotten (default 24 h)
    response_status  integer,                           -- the answer: null while the first request runs
    response_headers text,                              -- "Name: value" lines (Content-Type, Location, ETag ...)
    response_body    blob,
    primary key (user_id, key_hash)
);

create index idempotency_keys_expires_at on idempotency_keys (expires_at);
