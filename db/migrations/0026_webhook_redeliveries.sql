-- Frozen once shipped. Issue 14, webhooks in the staff app: an admin can send a delivery again
-- (a redelivery) from the delivery log. A redelivery is a new row of webhook_deliveries for the
-- same endpoint and the same event (same event id, same body, so a receiver that already has it
-- deduplicates on Vervolg-Webhook-Id), pointing at the delivery it repeats; the original keeps
-- its own outcome, so the log stays a history.
--
-- An event was queued once per endpoint (UNIQUE (tenant_id, endpoint_id, event_id)); that stays
-- true of first deliveries, and at most one delivery of an event per endpoint is pending at a time
-- (a second click on "send again" cannot queue it twice).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

ALTER TABLE webhook_deliveries ADD COLUMN redelivery_of uuid;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_redelivery_of_fkey
  FOREIGN KEY (tenant_id, redelivery_of) REFERENCES webhook_deliveries (tenant_id, id);
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_tenant_id_endpoint_id_event_id_key;
CREATE UNIQUE INDEX webhook_deliveries_first ON webhook_deliveries (tenant_id, endpoint_id, event_id) WHERE redelivery_of IS NULL;
CREATE UNIQUE INDEX webhook_deliveries_one_pending ON webhook_deliveries (tenant_id, endpoint_id, event_id) WHERE status = 'pending';

-- A webhook secret, kept for the one page view that shows it (the staff app): creating an
-- endpoint or rotating its secret redirects (POST-redirect-GET, so a reload posts nothing again)
-- to a page that reads the row and deletes it in the same transaction. Only the admin who made
-- the secret sees it (user_id), within ten minutes; never in a URL. Encrypted like the endpoint's
-- own secret (refuse_plaintext_secret, db/functions/17_webhooks_ui.sql).
CREATE TABLE webhook_secret_reveals (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (reason IN ('created', 'rotated')),
  secret text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
);
CREATE INDEX webhook_secret_reveals_endpoint ON webhook_secret_reveals (tenant_id, endpoint_id, user_id);
GRANT SELECT, INSERT, DELETE ON webhook_secret_reveals TO vervolg_app;
