// Frozen once shipped. Billing through Stripe (issue 5): each municipality's subscription state,
// the Stripe events already processed, and the daily usage reports.
//
// - billing_accounts: one row per municipality, created on first need (no row = status 'none',
//   which is never read-only). Its members may read it under the tenant policy (app_enter needs
//   it for every role, to answer 402 on writes past the grace period); the billing routes
//   themselves are for admins only.
// - stripe_events: has no tenant and no policy for the request role at all. The webhook (called
//   by Stripe, no tenant context) claims an event id and maps a Stripe customer to its
//   municipality only through the two SECURITY DEFINER functions below, and then does its work
//   inside that municipality's ordinary tenant context. So the request role still cannot read
//   another tenant's billing row.
// - usage_reports: one row per municipality and day; the unique key (and the meter event
//   identifier sent to Stripe) make a retried day report nothing twice.
//
// app_enter (0002) is replaced with the same arguments and two more result columns, the path
// municipality's billing status and whether it is read-only now, so the access check needs no
// extra round trip. A function's result type cannot be changed in place, hence DROP + CREATE.
export const name = '0010_billing';

export const up = /* sql */ `
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

ALTER TABLE billing_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_accounts_tenant ON billing_accounts
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

ALTER TABLE stripe_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE stripe_events FORCE ROW LEVEL SECURITY;

ALTER TABLE usage_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_reports_tenant ON usage_reports
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

GRANT SELECT, INSERT, UPDATE ON billing_accounts TO vervolg_app;
GRANT SELECT, INSERT ON usage_reports TO vervolg_app;

-- The webhook's two look-ups before a tenant context exists. Given a verified event, record its id
-- (true the first time, false on a redelivery) ...
CREATE FUNCTION billing_claim_event(p_event_id text, p_type text)
  RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
BEGIN
  INSERT INTO stripe_events (id, type) VALUES (p_event_id, p_type) ON CONFLICT (id) DO NOTHING;
  RETURN FOUND;
END $f$;

-- ... and find the municipality a Stripe customer belongs to (only the id; the rest is read in its
-- tenant context). The event row remembers the tenant, for tracing.
CREATE FUNCTION billing_tenant_for_customer(p_customer_id text, p_event_id text)
  RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
DECLARE
  t uuid;
BEGIN
  SELECT b.tenant_id INTO t FROM billing_accounts b WHERE b.stripe_customer_id = p_customer_id;
  IF t IS NOT NULL AND p_event_id IS NOT NULL THEN
    UPDATE stripe_events SET tenant_id = t WHERE id = p_event_id;
  END IF;
  RETURN t;
END $f$;

-- The usage job's list of municipalities with a live subscription and no report for the day yet.
CREATE FUNCTION billing_usage_due(p_day date)
  RETURNS TABLE (tenant_id uuid, stripe_customer_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT b.tenant_id, b.stripe_customer_id FROM billing_accounts b
   WHERE b.plan = 'stripe' AND b.status IN ('trialing', 'active', 'past-due')
     AND b.stripe_customer_id IS NOT NULL AND b.stripe_subscription_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM usage_reports u WHERE u.tenant_id = b.tenant_id AND u.day = p_day)
$f$;

REVOKE ALL ON FUNCTION billing_claim_event(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION billing_tenant_for_customer(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION billing_usage_due(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_claim_event(text, text), billing_tenant_for_customer(text, text), billing_usage_due(date) TO vervolg_app;

DROP FUNCTION app_enter(text, text, text, text, integer, timestamptz, uuid, uuid);
CREATE FUNCTION app_enter(
  p_role text,
  p_session_id text,
  p_secret_hash text,
  p_api_key_hash text,
  p_idle_seconds integer,
  p_now timestamptz,
  p_tenant_id uuid,
  p_provider_id uuid
) RETURNS TABLE (
  kind text,
  user_id uuid,
  email text,
  name text,
  is_platform_operator boolean,
  two_factor_enabled boolean,
  two_factor_verified boolean,
  api_key_id uuid,
  key_provider_id uuid,
  scopes text[],
  tenant_roles text[],
  tenant_requires_two_factor boolean,
  provider_roles text[],
  tenant_billing_status text,
  tenant_read_only boolean
) LANGUAGE plpgsql AS $f$
DECLARE
  s record;
  k record;
BEGIN
  IF p_role NOT IN ('vervolg_app', 'vervolg_jobs') THEN
    RAISE EXCEPTION 'app_enter: unknown role %', p_role;
  END IF;
  PERFORM pg_catalog.set_config('role', p_role, true);

  IF p_api_key_hash IS NOT NULL THEN
    SELECT a.id, a.provider_id, a.scopes, a.expires_at, a.revoked_at INTO k FROM public.auth_api_key(p_api_key_hash) a;
    IF NOT FOUND OR k.revoked_at IS NOT NULL OR (k.expires_at IS NOT NULL AND k.expires_at <= p_now) THEN
      RETURN;
    END IF;
    kind := 'api-key'; api_key_id := k.id; key_provider_id := k.provider_id; scopes := k.scopes;
    IF p_provider_id IS NOT NULL AND p_provider_id = k.provider_id THEN
      PERFORM pg_catalog.set_config('app.provider_id', k.provider_id::text, true);
    END IF;
    RETURN NEXT;
    RETURN;
  END IF;

  IF p_session_id IS NULL THEN
    RETURN;
  END IF;
  SELECT se.id, se.secret_hash, se.two_factor_verified, se.last_verified_at,
         u.id AS uid, u.email, u.name, u.is_platform_operator, u.totp_enabled_at
    INTO s
    FROM public.sessions se JOIN public.users u ON u.id = se.user_id
   WHERE se.id = p_session_id;
  -- Comparing SHA-256 hashes of a 160-bit secret: an attacker cannot steer the hash, so the
  -- comparison's timing reveals nothing usable.
  IF NOT FOUND OR s.secret_hash <> p_secret_hash THEN
    RETURN;
  END IF;
  IF p_now - s.last_verified_at >= pg_catalog.make_interval(secs => p_idle_seconds) THEN
    DELETE FROM public.sessions WHERE id = s.id;
    RETURN;
  END IF;
  IF p_now - s.last_verified_at >= interval '5 minutes' THEN
    UPDATE public.sessions SET last_verified_at = p_now WHERE id = s.id;
  END IF;
  PERFORM pg_catalog.set_config('app.user_id', s.uid::text, true);
  kind := 'user'; user_id := s.uid; email := s.email; name := s.name;
  is_platform_operator := s.is_platform_operator;
  two_factor_enabled := s.totp_enabled_at IS NOT NULL;
  two_factor_verified := s.two_factor_verified;

  IF p_tenant_id IS NOT NULL THEN
    SELECT m.roles, t.require_two_factor INTO tenant_roles, tenant_requires_two_factor
      FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
     WHERE m.tenant_id = p_tenant_id AND m.user_id = s.uid;
    IF FOUND THEN
      PERFORM pg_catalog.set_config('app.tenant_id', p_tenant_id::text, true);
      -- Read in the tenant's own context (RLS), by primary key: one index probe more, no round trip.
      SELECT b.status, (b.plan = 'stripe' AND b.status = 'canceled' AND b.grace_until <= p_now)
        INTO tenant_billing_status, tenant_read_only
        FROM public.billing_accounts b WHERE b.tenant_id = p_tenant_id;
    END IF;
  END IF;
  IF p_provider_id IS NOT NULL THEN
    SELECT pm.roles INTO provider_roles
      FROM public.provider_members pm
     WHERE pm.provider_id = p_provider_id AND pm.user_id = s.uid;
    IF FOUND THEN
      PERFORM pg_catalog.set_config('app.provider_id', p_provider_id::text, true);
    END IF;
  END IF;
  RETURN NEXT;
END $f$;

REVOKE ALL ON FUNCTION app_enter(text, text, text, text, integer, timestamptz, uuid, uuid) FROM PUBLIC;
`;
