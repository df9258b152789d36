-- Frozen: never edit a migration that has shipped; add a new one instead.
-- Webhooks for municipalities: endpoints that subscribe to agreement events, and a delivery log
-- that a scheduled job works through (signed requests, retries with backoff).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

-- An integration's receiving URL. Deleting one through the API sets disabled_at (final; the row
-- stays so the delivery log keeps what it refers to); active is the reversible pause switch.
CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  url text NOT NULL CHECK (length(url) <= 2048 AND url ~ '^https?://'),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  events text[] NOT NULL CHECK (cardinality(events) > 0
    AND events <@ ARRAY['agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired',
                        'agreement.completed', 'agreement.amended']::text[]),
  -- The HMAC signing key. Stored as is, because every delivery must be signed with it (a hash
  -- would not do). Encrypting it at rest with a key held outside the database (a Worker secret)
  -- is future work; until then only the tenant's own requests and the delivery job can read it
  -- (row-level security and grants below), and the API shows it once, when it is created.
  -- A deleted endpoint's secret is erased: nothing will be signed with it again.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (length(secret) >= 32 OR disabled_at IS NOT NULL),
  CHECK (disabled_at IS NULL OR NOT active)
);

-- One row per event per endpoint: the work of the delivery job and the log integrators read.
CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  -- 'ping' is the test event an admin sends to one endpoint; no endpoint can subscribe to it.
  event_type text NOT NULL CHECK (event_type IN ('agreement.sent', 'agreement.signed', 'agreement.declined',
    'agreement.expired', 'agreement.completed', 'agreement.amended', 'ping')),
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, event_id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant_id, endpoint_id, id);

-- Requests manage endpoints and write deliveries (in the transaction of the change that caused
-- the event); only the job updates a delivery. Nobody deletes either.
GRANT SELECT, INSERT, UPDATE ON webhook_endpoints TO vervolg_app;
GRANT SELECT, INSERT ON webhook_deliveries TO vervolg_app;
GRANT SELECT ON webhook_endpoints TO vervolg_jobs;
GRANT SELECT, UPDATE ON webhook_deliveries TO vervolg_jobs;
