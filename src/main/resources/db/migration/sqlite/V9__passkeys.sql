-- Passkeys (SQLite). Keep in step with ../postgresql/V9__passkeys.sql: same tables, columns and indexes;
-- only the types differ. docs/decisions/0028-passkeys.md.

-- One row per passkey (a WebAuthn credential). credential_id is the authenticator's id (base64url);
-- credential_data its attested credential data (AAGUID, id and COSE public key; base64), from which
-- each assertion's signature is checked. user_handle is the user's WebAuthn id (random, the same for
-- all their passkeys), which a discoverable credential hands back at a passwordless sign-in.
create table passkeys (
    id              integer primary key autoincrement,
    user_id         bigint                   not null references users (id) on delete cascade,
    credential_id   varchar(1400)            not null,
    user_handle     varchar(100)             not null,
    credential_data varchar(4000)            not null,
    sign_count      bigint                   not null,
    transports      varchar(200),
    uv_initialized  boolean                  not null,
    backup_eligible boolean                  not null,
    backup_state    boolean                  not null,
    name            varchar(100)             not null,
    created_at      timestamp with time zone not null,
    last_used_at    timestamp with time zone
);

create unique index passkeys_credential_id on passkeys (credential_id);
create index passkeys_user_id on passkeys (user_id);

-- A ceremony a browser has begun and another request finishes (a passkey challenge; later a code or a
-- sign-in at an identity provider): one per browser and kind, a new one replacing it, taken once.
-- browser_hash is the SHA-256 of the browser's carafe_browser cookie. Kept here, or in Redis with
-- CARAFE_REDIS_URL, so any instance can finish what another began.
create table ceremonies (
    browser_hash varchar(64)              not null,
    kind         varchar(32)              not null,
    state        varchar(2000)            not null,
    expires_at   timestamp with time zone not null,
    primary key (browser_hash, kind)
);

create index ceremonies_expires_at on ceremonies (expires_at);
