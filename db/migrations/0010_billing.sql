-- Frozen once shipped. Billing through Stripe (issue 5): each municipality's subscription state,
-- the Stripe events already processed, and the daily usage reports.
--
-- - billing_accounts: one row per municipality, created on first need (no row = status 'none',
--   which is never read-only). Its members may read it under the tenant policy (app_enter needs
--   it for every role, to answer 402 on writes past the grace period); the billing routes
--   themselves are for admins only.
-- - stripe_events: has no tenant and no policy for the request role at all. The webhook (called
--   by Stripe, no tenant context) claims an event id and maps a Stripe customer to its
--   municipality only through two SECURITY DEFINER functions (db/functions/10_billing.sql), and then does its work
--   inside that municipality's ordinary tenant context. So the request role still cannot read
--   another tenant's billing row.
-- - usage_reports: one row per municipality and day; the unique key (and the meter event
--   identifier sent to Stripe) make a retried day report nothing twice.
--
-- app_enter gained two result columns here, the path municipality's billing status and whether it
-- is read-only now (db/functions/03_request_entry.sql).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE billing_accounts (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  plan text NOT NULL DEFAULT 'stripe' CHECK (plan IN ('stripe', 'free', 'manual')),
  status text NOT NULL DEFAULT 'none' CHECK (status IN ('none', 'trialing', 'active', 'past-due', 'canceled')),
  stripe_customer_id text UNIQUE,
  stripe_subscription_id text,
  -- The subscription's own creation time (Stripe 'created', unix seconds): an older subscription's
  -- events never overwrite the state of a newer one.
  stripe_subscription_created bigint,
  -- The Stripe status as last read from the subscription object itself (not from an event).
  stripe_status text,
  current_period_end timestamptz,
  canceled_at timestamptz,
  grace_until timestamptz,
  plan_note text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'canceled' OR grace_until IS NOT NULL)
);

CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  tenant_id uuid REFERENCES tenants(id),
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE usage_reports (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  day date NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0),
  meter_event_identifier text NOT NULL UNIQUE,
  stripe_customer_id text NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, day)
);

GRANT SELECT, INSERT, UPDATE ON billing_accounts TO vervolg_app;
GRANT SELECT, INSERT ON usage_reports TO vervolg_app;
