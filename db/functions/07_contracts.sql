-- Contracts between a municipality and a care provider (migration 0008). While a contract is a
-- draft, version 1 may still change; after that every version is immutable (trigger, for every
-- role). The provider reads its own contracts (provider_id = app.provider_id, with no tenant
-- entered) but never writes them; the budget ledger is the municipality's own.
CREATE OR REPLACE FUNCTION refuse_contract_version_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
DECLARE
  contract_status text;
BEGIN
  SELECT c.status INTO contract_status FROM public.contracts c WHERE c.tenant_id = OLD.tenant_id AND c.id = OLD.contract_id;
  IF TG_OP = 'UPDATE' AND OLD.version = 1 AND contract_status = 'draft'
     AND NEW.tenant_id = OLD.tenant_id AND NEW.contract_id = OLD.contract_id AND NEW.version = OLD.version THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'contract version % is in force or history and cannot change', OLD.version USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE OR REPLACE TRIGGER contract_versions_immutable BEFORE UPDATE OR DELETE ON contract_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_contract_version_change();

SELECT vervolg_tenant_table('contracts');
DROP POLICY IF EXISTS contracts_provider_read ON contracts;
CREATE POLICY contracts_provider_read ON contracts FOR SELECT
  USING (app_tenant_id() IS NULL AND provider_id = app_provider_id());
SELECT vervolg_tenant_table('contract_versions');
DROP POLICY IF EXISTS contract_versions_provider_read ON contract_versions;
CREATE POLICY contract_versions_provider_read ON contract_versions FOR SELECT
  USING (app_tenant_id() IS NULL AND provider_id = app_provider_id());
SELECT vervolg_tenant_table('contract_products');
DROP POLICY IF EXISTS contract_products_provider_read ON contract_products;
CREATE POLICY contract_products_provider_read ON contract_products FOR SELECT
  USING (app_tenant_id() IS NULL AND provider_id = app_provider_id());
SELECT vervolg_tenant_table('contract_targets');
DROP POLICY IF EXISTS contract_targets_provider_read ON contract_targets;
CREATE POLICY contract_targets_provider_read ON contract_targets FOR SELECT
  USING (app_tenant_id() IS NULL AND provider_id = app_provider_id());
SELECT vervolg_tenant_table('contract_budget_entries');
SELECT vervolg_tenant_table('contract_budget_alerts');

-- The scheduled job needs to know which municipalities have contract work on a day: an active
-- contract whose notice alert is due (from noticeAlertDays before the deadline until the end date)
-- and not yet sent for that deadline, or an automatic renewal whose end date has passed. Only
-- tenant ids leave this function; the job then handles each tenant in an ordinary request-role
-- transaction under row-level security. The deadline is end_date minus the notice period with the
-- day clamped to the month (the service computes it the same way).
CREATE OR REPLACE FUNCTION tenants_with_contract_work(p_today date)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT DISTINCT c.tenant_id FROM contracts c
   WHERE c.status = 'active'
     AND ((c.renewal = 'automatic' AND c.end_date < p_today)
          OR (p_today >= (c.end_date - make_interval(months => c.notice_period_months))::date - c.notice_alert_days
              AND p_today <= c.end_date
              AND c.notice_alerted_for IS DISTINCT FROM (c.end_date - make_interval(months => c.notice_period_months))::date))
$f$;
REVOKE ALL ON FUNCTION tenants_with_contract_work(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_contract_work(date) TO vervolg_app;
