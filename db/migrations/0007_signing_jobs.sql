-- Frozen once shipped. The scheduled job needs to know which municipalities have signing links to
-- expire or to remind about. This returns only those tenant ids; the job then handles each tenant
-- in an ordinary request-role transaction under row-level security.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE INDEX signers_open ON signers (expires_at) WHERE status IN ('waiting', 'notified');
