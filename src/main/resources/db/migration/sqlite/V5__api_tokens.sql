-- API tokens for scripts (SQLite). Keep in step with ../postgresql/V5__api_tokens.sql: same table,
-- columns and indexes; only the types differ.

-- A token authenticates /api requests as `Authorization: Bearer carafe_...`. Only a SHA-256 of the
-- secret is kept, so a leaked copy of this table cannot be replayed (docs/decisions/0012-api-tokens.md).
create table api_tokens (
    id           integer primary key autoincrement,
    user_id      bigint                   not null references users (id) on delete cascade,
    name         varchar(100)             not null, -- the user's label, e.g. "backup script"
    token_hash   varchar(64)              not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,          -- written at most once a minute per token
    expires_at   timestamp with time zone not null
);

create unique index api_tokens_token_hash on api_tokens (token_hash);
create index api_tokens_user_newest on api_tokens (user_id, created_at desc, id desc);
create index api_tokens_expires_at on api_tokens (expires_at);
