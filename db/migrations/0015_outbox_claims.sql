-- Frozen once shipped. Issue 10, item 6: no message sent twice.
--
-- Delivery becomes claim → send (outside any transaction) → record. A claimed message is
-- `sending` until `claimed_until` (its lease). A row still `sending` after its lease is a message
-- whose outcome nobody recorded — the process died after the send, or the transport's answer never
-- came — so the next run asks the transport whether it has it before sending it again.
--
-- vervolg_jobs already has SELECT, UPDATE on outbox and a policy that sees every row (0001); the
-- app role only inserts and reads its tenant's rows. Neither needs a new grant.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
ALTER TABLE outbox ADD CONSTRAINT outbox_sending_has_lease CHECK (status <> 'sending' OR claimed_until IS NOT NULL);
-- The claim looks for due pending rows (outbox_due, 0001) and for sending rows whose lease ran out.
CREATE INDEX outbox_lease ON outbox (claimed_until) WHERE status = 'sending';
