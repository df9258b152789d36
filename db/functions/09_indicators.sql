-- Facts for the outcome indicators (migration 0011): one row per trajectory in indicator_facts,
-- kept current by statement-level triggers with transition tables on trajectories and
-- outcome_measurements, so a batch of any size costs one set-based refresh per statement. A new
-- or changed trajectory refreshes every trajectory of the same young person (their next start may
-- have changed). The trigger functions run as the caller: providers write their own facts through
-- the same policies as their trajectories.

-- Recompute the facts of these trajectories from the base tables (what the caller can see).
CREATE OR REPLACE FUNCTION refresh_indicator_facts(p_tenants uuid[], p_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = pg_catalog AS $f$
  INSERT INTO public.indicator_facts AS f (tenant_id, trajectory_id, provider_id, client_reference, product_category, start_date, end_date, end_reason,
    window_end_date, new_start_within_6_months,
    score_young_person, score_parent, score_other, can_continue_without_help, goals_achieved, goals_total,
    follow_up_3, housing_3, education_work_3, income_debts_3, network_3, new_youth_care_3,
    follow_up_12, housing_12, education_work_12, income_debts_12, network_12, new_youth_care_12)
  SELECT t.tenant_id, t.id, t.provider_id, t.client_reference, t.product_category, t.start_date, t.end_date, t.end_reason,
         (t.end_date + interval '6 months')::date,
         CASE WHEN t.end_date IS NOT NULL THEN EXISTS (SELECT 1 FROM public.trajectories t2
           WHERE t2.tenant_id = t.tenant_id AND t2.client_reference = t.client_reference AND t2.provider_id = t.provider_id
             AND t2.start_date > t.end_date AND t2.start_date <= (t.end_date + interval '6 months')::date) END,
         m.*
    FROM (SELECT DISTINCT k.tenant_id, k.id FROM unnest(p_tenants, p_ids) AS k(tenant_id, id)) k
    -- LATERAL + LIMIT: one primary-key probe per id, whatever the planner guesses about the
    -- unnest (a hash join here rescans every trajectory under row-level security: seconds).
    CROSS JOIN LATERAL (SELECT * FROM public.trajectories t1 WHERE t1.tenant_id = k.tenant_id AND t1.id = k.id LIMIT 1) t
    LEFT JOIN LATERAL (
      SELECT max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'young-person'),
             max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'parent'),
             max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'other'),
             bool_or(m.can_continue_without_help) FILTER (WHERE m.kind = 'continuation'),
             max(m.goals_achieved) FILTER (WHERE m.kind = 'goals'),
             max(m.goals_total) FILTER (WHERE m.kind = 'goals'),
         bool_or(true) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         max(m.housing) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         max(m.education_work) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         max(m.income_debts) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         max(m.network) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         bool_or(m.new_youth_care) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3'),
         bool_or(true) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12'),
         max(m.housing) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12'),
         max(m.education_work) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12'),
         max(m.income_debts) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12'),
         max(m.network) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12'),
         bool_or(m.new_youth_care) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12')
        FROM public.outcome_measurements m
       WHERE m.tenant_id = t.tenant_id AND m.trajectory_id = t.id AND m.superseded_at IS NULL
    ) m ON true
  ON CONFLICT (tenant_id, trajectory_id) DO UPDATE SET provider_id = EXCLUDED.provider_id, client_reference = EXCLUDED.client_reference, product_category = EXCLUDED.product_category, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, end_reason = EXCLUDED.end_reason, window_end_date = EXCLUDED.window_end_date, new_start_within_6_months = EXCLUDED.new_start_within_6_months, score_young_person = EXCLUDED.score_young_person, score_parent = EXCLUDED.score_parent, score_other = EXCLUDED.score_other, can_continue_without_help = EXCLUDED.can_continue_without_help, goals_achieved = EXCLUDED.goals_achieved, goals_total = EXCLUDED.goals_total, follow_up_3 = EXCLUDED.follow_up_3, housing_3 = EXCLUDED.housing_3, education_work_3 = EXCLUDED.education_work_3, income_debts_3 = EXCLUDED.income_debts_3, network_3 = EXCLUDED.network_3, new_youth_care_3 = EXCLUDED.new_youth_care_3, follow_up_12 = EXCLUDED.follow_up_12, housing_12 = EXCLUDED.housing_12, education_work_12 = EXCLUDED.education_work_12, income_debts_12 = EXCLUDED.income_debts_12, network_12 = EXCLUDED.network_12, new_youth_care_12 = EXCLUDED.new_youth_care_12
$f$;

CREATE OR REPLACE FUNCTION indicator_facts_from_measurements() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
BEGIN
  PERFORM public.refresh_indicator_facts(array_agg(c.tenant_id), array_agg(c.trajectory_id)) FROM changed c;
  RETURN NULL;
END $f$;

-- Every trajectory of the young people concerned: their next start may have moved.
CREATE OR REPLACE FUNCTION indicator_facts_from_trajectories() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
BEGIN
  -- LATERAL + OFFSET 0: an index probe (tenant_id, client_reference) per young person, never a
  -- rescan of all trajectories per row (the planner has no statistics for transition tables).
  IF TG_OP = 'UPDATE' THEN
    PERFORM public.refresh_indicator_facts(array_agg(t.tenant_id), array_agg(t.id))
       FROM (SELECT tenant_id, provider_id, client_reference FROM changed
             UNION SELECT tenant_id, provider_id, client_reference FROM before) p
       CROSS JOIN LATERAL (SELECT t1.tenant_id, t1.id FROM public.trajectories t1
         WHERE t1.tenant_id = p.tenant_id AND t1.client_reference = p.client_reference AND t1.provider_id = p.provider_id OFFSET 0) t;
  ELSE
    PERFORM public.refresh_indicator_facts(array_agg(t.tenant_id), array_agg(t.id))
       FROM (SELECT DISTINCT tenant_id, provider_id, client_reference FROM changed) p
       CROSS JOIN LATERAL (SELECT t1.tenant_id, t1.id FROM public.trajectories t1
         WHERE t1.tenant_id = p.tenant_id AND t1.client_reference = p.client_reference AND t1.provider_id = p.provider_id OFFSET 0) t;
  END IF;
  RETURN NULL;
END $f$;

CREATE OR REPLACE TRIGGER indicator_facts_measurements_insert AFTER INSERT ON outcome_measurements
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_measurements();
CREATE OR REPLACE TRIGGER indicator_facts_measurements_update AFTER UPDATE ON outcome_measurements
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_measurements();
CREATE OR REPLACE TRIGGER indicator_facts_trajectories_insert AFTER INSERT ON trajectories
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_trajectories();
CREATE OR REPLACE TRIGGER indicator_facts_trajectories_update AFTER UPDATE ON trajectories
  REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_trajectories();

-- The same visibility as trajectories; (SELECT …) makes each an InitPlan, evaluated once.
SELECT vervolg_row_security('indicator_facts');
DROP POLICY IF EXISTS indicator_facts_read ON indicator_facts;
CREATE POLICY indicator_facts_read ON indicator_facts FOR SELECT
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
DROP POLICY IF EXISTS indicator_facts_provider_insert ON indicator_facts;
CREATE POLICY indicator_facts_provider_insert ON indicator_facts FOR INSERT
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));
DROP POLICY IF EXISTS indicator_facts_provider_update ON indicator_facts;
CREATE POLICY indicator_facts_provider_update ON indicator_facts FOR UPDATE
  USING ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()))
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));
