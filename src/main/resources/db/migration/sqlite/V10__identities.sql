-- Identities at OpenID Connect providers (SQLite). Keep in step with ../postgresql/V10__identities.sql:
-- same table, columns and indexes; only the types differ. docs/decisions/0030-identity-providers.md.

-- An account's identity at a provider: the provider's issuer and its subject (sub) name one person
-- for good; email is what the provider said when it was linked, shown to the user. provider is the
-- configured name (CARAFE_OIDC_PROVIDERS), for the label. A user without a password (made by a
-- provider) has an empty users.password_hash until they set one. unproven_address: this identity made
-- the account with an address its provider did not verify, so whoever owns that mailbox may not be
-- the person at the provider; a reset link or sign-in code that reaches the mailbox unlinks it.
create table identities (
    id           integer primary key autoincrement,
    user_id      bigint                   not null references users (id) on delete cascade,
    provider     varchar(50)              not null,
    issuer       varchar(500)             not null,
    subject      varchar(255)             not null,
    email        varchar(254),
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    unproven_address boolean not null default false
);

create unique index identities_issuer_subject on identities (issuer, subject);
create index identities_user_id on identities (user_id);
