-- Applied on every migrate, after the migrations, in file-name order, in the migration's
-- transaction. Everything here is idempotent (CREATE OR REPLACE, DROP … IF EXISTS + CREATE), and
-- what is written here is the live definition: change it here, not in a migration.
-- To remove a function, trigger or policy, write its DROP … IF EXISTS here: a file that merely
-- stops creating it leaves it behind in every database that already has it. Tables, columns and
-- their data (and table grants) belong in db/migrations. After editing, `npm run db:bundle`.
--
-- Context helpers. STABLE and reading transaction-local settings only.
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $f$;
CREATE OR REPLACE FUNCTION app_provider_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT NULLIF(current_setting('app.provider_id', true), '')::uuid $f$;
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $f$;
CREATE OR REPLACE FUNCTION app_is_operator() RETURNS boolean LANGUAGE sql STABLE
  AS $f$ SELECT coalesce(current_setting('app.operator', true), '') = 'on' $f$;

-- Row-level security, declared once per table (see DESIGN.md, "Tenancy").
-- vervolg_row_security: ENABLE + FORCE, so the owner is subject to the policies too; with no
-- policy for a role, that role sees nothing (fail closed).
CREATE OR REPLACE FUNCTION vervolg_row_security(p_table regclass) RETURNS void
  LANGUAGE plpgsql SET search_path = public, pg_catalog AS $f$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
END $f$;

-- vervolg_tenant_table: the standard tenant table. Row-level security as above and one policy,
-- <table>_tenant, for every command: a row is visible and writable only inside its own tenant's
-- context (tenant_id = app_tenant_id()). p_role narrows the policy to one role (default: all).
-- Dropped and created again on every migrate, so a change here reaches every table.
CREATE OR REPLACE FUNCTION vervolg_tenant_table(p_table regclass, p_role name DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql SET search_path = public, pg_catalog AS $f$
DECLARE
  policy name := (SELECT c.relname FROM pg_class c WHERE c.oid = p_table) || '_tenant';
BEGIN
  PERFORM vervolg_row_security(p_table);
  EXECUTE format('DROP POLICY IF EXISTS %I ON %s', policy, p_table);
  EXECUTE format('CREATE POLICY %I ON %s TO %s USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
                 policy, p_table, coalesce(quote_ident(p_role), 'PUBLIC'));
END $f$;
REVOKE ALL ON FUNCTION vervolg_row_security(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION vervolg_tenant_table(regclass, name) FROM PUBLIC;
