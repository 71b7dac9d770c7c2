-- The outgoing mail queue (SQLite). Keep in step with ../postgresql/V4__mail_queue.sql.
-- A row is a mail not yet sent (docs/decisions/0009-mail-queue-in-the-database.md). The bodies hold
-- one-time links, so a row is deleted as soon as its mail is sent; rows that gave up stay, marked
-- failed_at, for an operator to inspect (their links have long expired by then).

create table mail_queue (
    id               integer primary key autoincrement,
    message_id       varchar(255)             not null, -- the Message-ID header, the same on every attempt
    recipient        varchar(254)             not null,
    subject          varchar(255)             not null,
    text_body        text                     not null,
    html_body        text                     not null,
    created_at       timestamp with time zone not null,
    due_at           timestamp with time zone not null, -- not tried before this; retries back off
    attempts         integer                  not null default 0, -- counted when a worker claims the row
    lease_owner      varchar(64),                                 -- the claim of the worker sending it
    lease_expires_at timestamp with time zone,                    -- after this another worker may take it
    last_error       varchar(500),
    failed_at        timestamp with time zone                     -- gave up: never tried again
);

-- Workers look for due rows, oldest due first.
create index mail_queue_due_at on mail_queue (due_at);
