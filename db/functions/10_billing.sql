-- Billing through Stripe (migration 0010).
--
-- billing_accounts: members of a municipality may read its row under the tenant policy (app_enter
-- needs it for every role, to answer 402 on writes past the grace period). stripe_events has no
-- tenant and no policy at all: the webhook (called by Stripe, no tenant context) claims an event id
-- and maps a Stripe customer to its municipality only through the SECURITY DEFINER functions below,
-- and then does its work inside that municipality's ordinary tenant context.
SELECT vervolg_tenant_table('billing_accounts');
SELECT vervolg_row_security('stripe_events');
SELECT vervolg_tenant_table('usage_reports');

-- The webhook's two look-ups before a tenant context exists. Given a verified event, record its id
-- (true the first time, false on a redelivery) ...
CREATE OR REPLACE FUNCTION billing_claim_event(p_event_id text, p_type text)
  RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
BEGIN
  INSERT INTO stripe_events (id, type) VALUES (p_event_id, p_type) ON CONFLICT (id) DO NOTHING;
  RETURN FOUND;
END $f$;

-- ... and find the municipality a Stripe customer belongs to (only the id; the rest is read in its
-- tenant context). The event row remembers the tenant, for tracing.
CREATE OR REPLACE FUNCTION billing_tenant_for_customer(p_customer_id text, p_event_id text)
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
CREATE OR REPLACE FUNCTION billing_usage_due(p_day date)
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
