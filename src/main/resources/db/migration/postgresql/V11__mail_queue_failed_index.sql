-- Failed mail is kept for CARAFE_MAIL_FAILED_RETENTION, then purged (PostgreSQL). Keep in step with
-- ../sqlite/V11__mail_queue_failed_index.sql: the same index.

-- The janitor deletes failed rows older than the retention, oldest first, in bounded batches
-- (failed_at < cutoff order by failed_at limit n), and /metrics counts the failed rows kept
-- (failed_at is not null) at each scrape: both walk this index, never the table. Partial: rows still
-- to be sent (failed_at null) are not in it, so queueing and sending mail never update it.
create index mail_queue_failed_at on mail_queue (failed_at) where failed_at is not null;
