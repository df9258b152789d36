-- One statement to enter a request: switch to the request role, validate the session (or API key)
-- and enter the municipality or provider named in the path, if the person belongs to it. It
-- replaces three round trips per request with one. It also returns the path municipality's billing
-- status and whether it is read-only now, so the access check needs no extra round trip.
--
-- SECURITY INVOKER on purpose: it is called by the owner at the start of the transaction, and its
-- first act is to switch to vervolg_app; every read after that is under row-level security
-- (memberships are visible through the person's own user id, set just before). No SET clause: a
-- function-level SET would undo the transaction-local settings this function exists to make, so
-- every name in the body is schema-qualified instead.
--
-- A function's result type cannot be changed by CREATE OR REPLACE. The first app_enter (migration
-- 0002) lacked the two billing columns; a database migrated before 0010 by the old runner still
-- has it, so that one is dropped first. Change the result type again the same way: drop the
-- function when its result columns are not the ones below. (Migration 0022 added key_tenant_id:
-- a municipality's own API key.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
              WHERE p.oid = pg_catalog.to_regprocedure('public.app_enter(text, text, text, text, integer, timestamptz, uuid, uuid)')
                AND NOT ('key_tenant_id' = ANY (p.proargnames))) THEN
    DROP FUNCTION public.app_enter(text, text, text, text, integer, timestamptz, uuid, uuid);
  END IF;
END $$;
CREATE OR REPLACE FUNCTION app_enter(
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
  key_tenant_id uuid,
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
    SELECT a.id, a.provider_id, a.tenant_id, a.scopes, a.expires_at, a.revoked_at INTO k FROM public.auth_api_key(p_api_key_hash) a;
    IF NOT FOUND OR k.revoked_at IS NOT NULL OR (k.expires_at IS NOT NULL AND k.expires_at <= p_now) THEN
      RETURN;
    END IF;
    kind := 'api-key'; api_key_id := k.id; key_provider_id := k.provider_id; key_tenant_id := k.tenant_id; scopes := k.scopes;
    IF p_provider_id IS NOT NULL AND p_provider_id = k.provider_id THEN
      PERFORM pg_catalog.set_config('app.provider_id', k.provider_id::text, true);
    END IF;
    -- A municipality's own key (0022) enters its municipality, and only that one.
    IF p_tenant_id IS NOT NULL AND p_tenant_id = k.tenant_id THEN
      PERFORM pg_catalog.set_config('app.tenant_id', k.tenant_id::text, true);
      SELECT b.status, (b.plan = 'stripe' AND b.status = 'canceled' AND b.grace_until <= p_now)
        INTO tenant_billing_status, tenant_read_only
        FROM public.billing_accounts b WHERE b.tenant_id = p_tenant_id;
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
