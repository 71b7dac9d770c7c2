-- Accounts and server-side sessions (SQLite). Keep in step with ../postgresql/V1__users_and_sessions.sql:
-- same tables, columns and indexes; only the types differ.

create table users (
    id                 integer primary key autoincrement,
    email              varchar(254)             not null, -- normalised (NFKC, lower case) before it is stored
    name               varchar(100)             not null,
    password_hash      varchar(255)             not null,
    roles              varchar(200)             not null default 'user', -- comma-separated
    active             boolean                  not null default true,
    email_confirmed_at timestamp with time zone,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    last_login_at      timestamp with time zone,
    login_count        integer                  not null default 0,
    failed_logins      integer                  not null default 0,
    locked_until       timestamp with time zone
);

create unique index users_email_key on users (email);

-- One row per signed-in browser. The primary key is a SHA-256 of the cookie value, so a leaked
-- copy of this table cannot be replayed as cookies.
create table sessions (
    id_hash      varchar(64)              not null primary key,
    user_id      bigint                   not null references users (id) on delete cascade,
    csrf_token   varchar(64)              not null,
    created_at   timestamp with time zone not null,
    last_seen_at timestamp with time zone not null,
    idle_expires_at timestamp with time zone not null,
    expires_at   timestamp with time zone not null, -- absolute expiry
    auth_at      timestamp with time zone not null,
    remember     boolean                  not null default false,
    ip           varchar(64),
    user_agent   varchar(512)
);

create index sessions_user_id on sessions (user_id);
create index sessions_idle_expires_at on sessions (idle_expires_at);
create index sessions_expires_at on sessions (expires_at);
