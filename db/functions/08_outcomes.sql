-- Outcome reporting by providers (migration 0009): trajectories and measurements.
--
-- A measurement is never changed; a newer one for the same slot supersedes it (superseded_at set,
-- once). Row-level security: providers write only rows with their own provider_id (outside any
-- tenant context); municipal staff read their own tenant's rows.
CREATE OR REPLACE FUNCTION refuse_measurement_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  -- The only change a measurement ever sees: being superseded, once.
  IF TG_OP = 'UPDATE' AND OLD.superseded_at IS NULL AND NEW.superseded_at IS NOT NULL
     AND (to_jsonb(NEW) - 'superseded_at') = (to_jsonb(OLD) - 'superseded_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'outcome measurements are kept as delivered; deliver a new value instead' USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE OR REPLACE TRIGGER outcome_measurements_history BEFORE UPDATE OR DELETE ON outcome_measurements
  FOR EACH ROW EXECUTE FUNCTION refuse_measurement_change();

-- In the policies, (SELECT app_…()) makes each an InitPlan, evaluated once per statement instead of
-- once per row: a batch writes and probes 10,000 rows at a time (as indicator_facts does, 0011).
SELECT vervolg_row_security('outcome_batches');
DROP POLICY IF EXISTS outcome_batches_provider ON outcome_batches;
CREATE POLICY outcome_batches_provider ON outcome_batches
  USING (provider_id = (SELECT app_provider_id())) WITH CHECK (provider_id = (SELECT app_provider_id()));

SELECT vervolg_row_security('trajectories');
DROP POLICY IF EXISTS trajectories_read ON trajectories;
CREATE POLICY trajectories_read ON trajectories FOR SELECT
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
DROP POLICY IF EXISTS trajectories_provider_insert ON trajectories;
CREATE POLICY trajectories_provider_insert ON trajectories FOR INSERT
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));
DROP POLICY IF EXISTS trajectories_provider_update ON trajectories;
CREATE POLICY trajectories_provider_update ON trajectories FOR UPDATE
  USING ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()))
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));

SELECT vervolg_row_security('trajectory_revisions');
DROP POLICY IF EXISTS trajectory_revisions_read ON trajectory_revisions;
CREATE POLICY trajectory_revisions_read ON trajectory_revisions FOR SELECT
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
DROP POLICY IF EXISTS trajectory_revisions_provider_insert ON trajectory_revisions;
CREATE POLICY trajectory_revisions_provider_insert ON trajectory_revisions FOR INSERT
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));

SELECT vervolg_row_security('outcome_measurements');
DROP POLICY IF EXISTS outcome_measurements_read ON outcome_measurements;
CREATE POLICY outcome_measurements_read ON outcome_measurements FOR SELECT
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
DROP POLICY IF EXISTS outcome_measurements_provider_insert ON outcome_measurements;
CREATE POLICY outcome_measurements_provider_insert ON outcome_measurements FOR INSERT
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));
DROP POLICY IF EXISTS outcome_measurements_provider_update ON outcome_measurements;
CREATE POLICY outcome_measurements_provider_update ON outcome_measurements FOR UPDATE
  USING ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()))
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));

-- A trajectory may be linked to an agreement of the contract's municipality, and a goals
-- measurement names the agreement's goals. A provider has no access to agreements (they hold the
-- young person's personal data); this returns only the goals' ids, of agreements that name the
-- provider (agreements.provider_ids) in municipalities where it holds a contract, and only to a
-- provider principal: another provider's or an unrelated agreement looks exactly like one that
-- does not exist.
-- A goal is named by its id when the plan gives it one, else by its position (1, 2, …).
CREATE OR REPLACE FUNCTION outcome_agreement_goals(p_ids text)
  RETURNS TABLE (tenant_id uuid, id uuid, goal_ids text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT a.tenant_id, a.id,
         coalesce((SELECT array_agg(coalesce(g.value->>'id', g.ordinality::text) ORDER BY g.ordinality)
                     FROM jsonb_array_elements(coalesce(a.plan->'goals', '[]'::jsonb)) WITH ORDINALITY AS g), '{}')
    FROM agreements a
   WHERE a.id IN (SELECT value::uuid FROM json_array_elements_text(p_ids::json))
     AND app_tenant_id() IS NULL AND app_provider_id() IS NOT NULL
     AND app_provider_id() = ANY (a.provider_ids)
     AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = a.tenant_id AND c.provider_id = app_provider_id())
$f$;
REVOKE ALL ON FUNCTION outcome_agreement_goals(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outcome_agreement_goals(text) TO vervolg_app;
