-- Notes, the example resource (SQLite). Keep in step with ../postgresql/V2__notes.sql.

create table notes (
    id         integer primary key autoincrement,
    owner_id   bigint                   not null references users (id) on delete cascade,
    title      varchar(200)             not null,
    body       text                     not null default '',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    version    integer                  not null default 1 -- the ETag; bumped by every update
);

-- Listing: one user's notes, newest first, paged by (created_at, id). The index serves it in order,
-- and search scans only the rows of that one user (docs/decisions/0007-note-search.md).
create index notes_owner_newest on notes (owner_id, created_at desc, id desc);
