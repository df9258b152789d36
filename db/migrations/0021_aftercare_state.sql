-- Frozen once shipped. Issue 13, keeping every young person in view: what the signals of one
-- agreement are computed from, kept per agreement so that the caseload of 5,000 young people reads
-- one narrow row each instead of two years of records. Written only by refresh_aftercare_state
-- (db/functions/12_aftercare.sql), from triggers on every table it summarises, in the same
-- transaction as the change: it is never stale. The signals themselves depend on today, so they
-- are computed when read (aftercare_signals), from this row, the agreement and the settings.
--
-- aftercare_signal_notices: each signal once notified (the aftercare.signal webhook), by agreement,
-- signal and the day it began; a signal that clears and comes back later is notified again.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE aftercare_state (
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  last_contact_on date,
  next_review_on date,
  checklist_open boolean NOT NULL DEFAULT true,
  framework text,
  condition_not_kept_since date,
  risk_without_action_since date,
  help_asked_on date,
  follow_up_3_reported boolean NOT NULL DEFAULT false,
  follow_up_12_reported boolean NOT NULL DEFAULT false,
  signing_sent_at timestamptz,
  link_expires_at timestamptz,
  -- The days that follow from the agreement alone (date of birth, departure, status), worked out
  -- once here rather than on every read: interval arithmetic per row is what a caseload of
  -- thousands would otherwise spend its time on.
  -- The agreement's status and aftercare start, copied: the signals then read this table alone.
  status text NOT NULL,
  aftercare_start_date date NOT NULL,
  handover_from date,
  turns_23_on date,
  follow_up_3_on date,
  follow_up_12_on date,
  follow_up_end_on date,
  stuck_since date,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, agreement_id),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id)
);
GRANT SELECT ON aftercare_state TO vervolg_app;

CREATE INDEX aftercare_state_in_view ON aftercare_state (tenant_id, turns_23_on)
  WHERE status IN ('sent', 'active', 'amending', 'amendment-sent', 'declined', 'expired');

CREATE TABLE aftercare_signal_notices (
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  signal text NOT NULL,
  since date NOT NULL,
  notified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, agreement_id, signal, since),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id)
);
GRANT SELECT, INSERT ON aftercare_signal_notices TO vervolg_app;

-- The weekly digest per municipality: when it last went out (no row: never).
ALTER TABLE aftercare_settings ADD COLUMN digest_sent_on date;

-- The aftercare.signal webhook event (src/modules/aftercare/events.ts): the checks of migration
-- 0008 name the allowed event types, so they are replaced with the longer list.
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_events_check;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_events_check CHECK (cardinality(events) > 0
  AND events <@ ARRAY['agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired',
                      'agreement.completed', 'agreement.amended', 'aftercare.signal',
                      'contract.budget-warning', 'contract.notice-deadline', 'contract.renewed']::text[]);
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_type_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_type_check CHECK (event_type IN (
  'agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired', 'agreement.completed', 'agreement.amended',
  'aftercare.signal', 'contract.budget-warning', 'contract.notice-deadline', 'contract.renewed', 'ping'));
