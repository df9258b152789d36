-- The platform foundation (migration 0001): append-only processing log, secrets at rest, the
-- look-ups that happen before any context exists, and row-level security of the platform tables.

-- Append-only tables: a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the owner included.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE OR REPLACE TRIGGER processing_log_append_only BEFORE UPDATE OR DELETE ON processing_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER processing_log_no_truncate BEFORE TRUNCATE ON processing_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Secrets at rest (migration 0013): TOTP keys and webhook signing secrets are stored encrypted by
-- the app (src/platform/secrets.ts), under a key the database never sees. New plaintext is
-- refused by triggers, whoever writes it: any INSERT, or an UPDATE that sets the column, must
-- store the encrypted form (or NULL / the '' of a deleted endpoint). Existing rows are not
-- checked, so old values keep working until `npm run secrets:reencrypt` encrypts them.
CREATE OR REPLACE FUNCTION refuse_plaintext_secret() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_catalog AS $f$
DECLARE
  v text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
  IF v IS NOT NULL AND v <> '' AND v !~ '^enc1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' THEN
    RAISE EXCEPTION 'refused to store a plaintext secret in %.%: it must be encrypted (src/platform/secrets.ts)', TG_TABLE_NAME, TG_ARGV[0];
  END IF;
  RETURN NEW;
END $f$;
CREATE OR REPLACE TRIGGER users_totp_key_encrypted BEFORE INSERT OR UPDATE OF totp_key ON users
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_secret('totp_key');

-- Look-ups by secret that must happen before any context exists. SECURITY DEFINER with a pinned
-- search_path; each returns only what the caller needs to set the context, given the token's hash.
-- auth_api_key's result gained tenant_id (a municipality's key, migration 0022). A function's result
-- type cannot be changed by CREATE OR REPLACE: the older one is dropped first.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
              WHERE p.oid = pg_catalog.to_regprocedure('public.auth_api_key(text)')
                AND NOT ('tenant_id' = ANY (p.proargnames))) THEN
    DROP FUNCTION public.auth_api_key(text);
  END IF;
END $$;
CREATE OR REPLACE FUNCTION auth_api_key(p_key_hash text)
  RETURNS TABLE (id uuid, provider_id uuid, tenant_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
BEGIN
  -- last_used_at is kept to the minute so a busy key does not write on every request.
  UPDATE api_keys k SET last_used_at = now()
   WHERE k.key_hash = p_key_hash AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
  RETURN QUERY SELECT k.id, k.provider_id, k.tenant_id, k.scopes, k.expires_at, k.revoked_at
    FROM api_keys k WHERE k.key_hash = p_key_hash;
END $f$;

CREATE OR REPLACE FUNCTION resolve_invitation(p_token_hash text)
  RETURNS TABLE (id uuid, tenant_id uuid, provider_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT i.id, i.tenant_id, i.provider_id FROM invitations i WHERE i.token_hash = p_token_hash
$f$;

REVOKE ALL ON FUNCTION auth_api_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION resolve_invitation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_api_key(text), resolve_invitation(text) TO vervolg_app;

-- Whether a member of the current municipality is also the platform operator or works for another
-- municipality or a provider (migration 0012). A municipality admin cannot see those rows, and
-- must not reset the second factor of such a person: that factor guards access the admin does not
-- govern. Answers only for members of the municipality the caller is in (app_tenant_id()); for
-- anyone else it answers NULL, so it cannot be used to probe other people's affiliations.
CREATE OR REPLACE FUNCTION member_has_access_elsewhere(p_user_id uuid)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = app_tenant_id() AND m.user_id = p_user_id) THEN NULL
    ELSE EXISTS (SELECT 1 FROM users u WHERE u.id = p_user_id AND u.is_platform_operator)
      OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p_user_id AND m.tenant_id <> app_tenant_id())
      OR EXISTS (SELECT 1 FROM provider_members pm WHERE pm.user_id = p_user_id)
  END
$f$;
REVOKE ALL ON FUNCTION member_has_access_elsewhere(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_has_access_elsewhere(uuid) TO vervolg_app;

-- Row-level security. The tenant row itself: visible to its members, to the operator, and inside
-- its own tenant context.
SELECT vervolg_row_security('tenants');
DROP POLICY IF EXISTS tenants_visible ON tenants;
CREATE POLICY tenants_visible ON tenants
  USING (id = app_tenant_id() OR app_is_operator()
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = app_user_id())
         OR EXISTS (SELECT 1 FROM provider_relations r WHERE r.tenant_id = tenants.id AND r.provider_id = app_provider_id()))
  WITH CHECK (id = app_tenant_id() OR app_is_operator());

-- Inside a tenant: that tenant's members. Outside: a person sees their own memberships.
SELECT vervolg_row_security('memberships');
DROP POLICY IF EXISTS memberships_tenant ON memberships;
CREATE POLICY memberships_tenant ON memberships
  USING (tenant_id = app_tenant_id() OR (app_tenant_id() IS NULL AND user_id = app_user_id()))
  WITH CHECK (tenant_id = app_tenant_id());

-- Inside a tenant: the providers it works with. Outside: a provider sees its own relations.
SELECT vervolg_row_security('provider_relations');
DROP POLICY IF EXISTS provider_relations_tenant ON provider_relations;
CREATE POLICY provider_relations_tenant ON provider_relations
  USING (tenant_id = app_tenant_id() OR (app_tenant_id() IS NULL AND provider_id = app_provider_id()))
  WITH CHECK (tenant_id = app_tenant_id());

-- Invitations belong to the municipality or the provider that sent them.
SELECT vervolg_row_security('invitations');
DROP POLICY IF EXISTS invitations_owner ON invitations;
CREATE POLICY invitations_owner ON invitations
  USING (tenant_id = app_tenant_id() OR provider_id = app_provider_id())
  WITH CHECK (tenant_id = app_tenant_id() OR provider_id = app_provider_id());

SELECT vervolg_row_security('processing_log');
DROP POLICY IF EXISTS processing_log_read ON processing_log;
CREATE POLICY processing_log_read ON processing_log FOR SELECT
  USING (tenant_id = app_tenant_id());
-- Platform-level events (no tenant) may be written from any context; tenant events only in it.
DROP POLICY IF EXISTS processing_log_append ON processing_log;
CREATE POLICY processing_log_append ON processing_log FOR INSERT
  WITH CHECK (tenant_id IS NULL OR tenant_id = app_tenant_id());

-- Requests write messages of their tenant (or of no tenant); the delivery job sees every row.
SELECT vervolg_row_security('outbox');
DROP POLICY IF EXISTS outbox_tenant ON outbox;
DROP POLICY IF EXISTS outbox_delivery ON outbox;
CREATE POLICY outbox_tenant ON outbox TO vervolg_app
  USING (tenant_id = app_tenant_id())
  WITH CHECK (tenant_id IS NULL OR tenant_id = app_tenant_id());
CREATE POLICY outbox_delivery ON outbox TO vervolg_jobs USING (true) WITH CHECK (true);

-- Inside a provider: its members. Outside: a person sees their own provider memberships.
SELECT vervolg_row_security('provider_members');
DROP POLICY IF EXISTS provider_members_owner ON provider_members;
CREATE POLICY provider_members_owner ON provider_members
  USING (provider_id = app_provider_id() OR (app_provider_id() IS NULL AND user_id = app_user_id()))
  WITH CHECK (provider_id = app_provider_id());

-- A provider's keys inside that provider; a municipality's keys (0022) inside that municipality.
SELECT vervolg_row_security('api_keys');
DROP POLICY IF EXISTS api_keys_owner ON api_keys;
CREATE POLICY api_keys_owner ON api_keys
  USING (provider_id = app_provider_id() OR tenant_id = app_tenant_id())
  WITH CHECK (provider_id = app_provider_id() OR tenant_id = app_tenant_id());

-- A municipality's theme (0016): its own tenant's rows only, like every tenant table.
SELECT vervolg_tenant_table('tenant_themes');
