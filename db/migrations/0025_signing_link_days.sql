-- Frozen once shipped. Issue 14: how many days a signer's link stays valid becomes a setting of
-- each municipality (1 to 60 days). NULL: the installation's default (SIGNING_LINK_DAYS), so a
-- municipality that never chose follows the platform when it changes.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

ALTER TABLE tenants ADD COLUMN signing_link_days integer CHECK (signing_link_days BETWEEN 1 AND 60);
