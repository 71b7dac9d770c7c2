-- Second factors (SQLite). Keep in step with ../postgresql/V8__second_factors.sql: same
-- tables, columns and indexes; only the types differ. docs/decisions/0026-second-factors.md.

-- How each session was authenticated (RFC 8176 amr values, comma-separated: "pwd,otp"), and whether
-- it is a pending sign-in: a password accepted, a second factor still due. A pending session opens
-- nothing and lives five minutes; it is kept here so any instance can finish the sign-in.
alter table sessions add column amr varchar(100) not null default 'pwd';
alter table sessions add column pending boolean not null default false;

-- One authenticator app per user. The RFC 6238 secret is sealed with AES-GCM under a key derived
-- from CARAFE_SECRET_KEY; key_id names that key, so a rotated key can still open older secrets.
-- confirmed_at is null while enrolment waits for a first code. last_used_step is the 30-second step
-- of the last accepted code: only a later step is accepted, so no code works twice.
create table totp_factors (
    user_id        bigint                   not null primary key references users (id) on delete cascade,
    secret_sealed  varchar(200)             not null,
    key_id         varchar(16)              not null,
    created_at     timestamp with time zone not null,
    confirmed_at   timestamp with time zone,
    last_used_step bigint                   not null default 0
);

-- Single-use codes for when the authenticator is lost. A code is "locator-secret": the locator finds
-- the row, the secret (60 random bits) is kept only as an Argon2id hash (ASVS 6.5.2).
create table recovery_codes (
    id           integer primary key autoincrement,
    user_id      bigint                   not null references users (id) on delete cascade,
    locator      varchar(8)               not null,
    secret_hash  varchar(255)             not null,
    created_at   timestamp with time zone not null,
    used_at      timestamp with time zone
);

create unique index recovery_codes_user_locator on recovery_codes (user_id, locator);

-- Browsers that may skip the second factor ("remember this device"). The device cookie carries a
-- random token; only its SHA-256 is kept. Forgotten at every password or factor change.
create table remembered_devices (
    id           integer primary key autoincrement,
    user_id      bigint                   not null references users (id) on delete cascade,
    token_hash   varchar(64)              not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    ip           varchar(64),
    user_agent   varchar(512)
);

create unique index remembered_devices_token_hash on remembered_devices (token_hash);
create index remembered_devices_user_id on remembered_devices (user_id);
create index remembered_devices_expires_at on remembered_devices (expires_at);
