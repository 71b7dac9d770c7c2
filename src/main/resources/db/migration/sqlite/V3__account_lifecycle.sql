-- One-time tokens and the security audit trail (SQLite). Keep in step with
-- ../postgresql/V3__account_lifecycle.sql: same tables, columns and indexes; only the types differ.

-- Email confirmation, password reset and email change links. Only a SHA-256 of the token is kept,
-- so a leaked copy of this table cannot be used to take over accounts.
create table one_time_tokens (
    token_hash varchar(64)              not null primary key,
    user_id    bigint                   not null references users (id) on delete cascade,
    purpose    varchar(32)              not null, -- confirm_email | reset_password | change_email
    email      varchar(254),                      -- the address the link was sent to (the new one for change_email)
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone
);

create index one_time_tokens_user_purpose on one_time_tokens (user_id, purpose);
create index one_time_tokens_expires_at on one_time_tokens (expires_at);

-- Security events: who, what, when, from where. A user sees their own on the account page.
create table audit_events (
    id         integer primary key autoincrement,
    user_id    bigint references users (id) on delete cascade, -- null when no account matched (unknown email)
    actor_id   bigint references users (id) on delete set null, -- who did it, when not the user (an admin)
    type       varchar(40)              not null,
    ip         varchar(64),
    user_agent varchar(512),
    detail     varchar(500),
    created_at timestamp with time zone not null
);

create index audit_events_user_newest on audit_events (user_id, id desc);
create index audit_events_created_at on audit_events (created_at);
