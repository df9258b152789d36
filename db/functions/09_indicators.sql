-- Facts for the outcome indicators (migration 0011): one row per trajectory in indicator_facts,
-- kept current by statement-level triggers with transition tables on trajectories and
-- outcome_measurements, so a batch of any size costs one set-based pass per statement:
-- - new or changed trajectories rewrite the trajectory columns of every trajectory of the same
--   young person (their next start may have changed), and only the rows whose values changed;
--   the measurement columns stay as they are (a new trajectory has no measurements yet);
-- - new measurements are merged into their trajectory's row (one current value per slot, the
--   unique index outcome_measurements_current: merging equals recomputing);
-- - a superseded measurement (an update) recomputes its trajectory's row from all its current
--   measurements.
-- Every statement notes the (municipality, provider, year) whose facts changed in
-- indicator_rollups_stale (migration 0027), per transaction: the indicators' rollups of those
-- years are recomputed when next read (src/modules/indicators/service.ts).
-- The probes look up trajectories by (tenant_id, provider_id, client_reference, start_date), the
-- index trajectories_person, whose columns they all match: the plan does not depend on
-- statistics (never-analysed tables in a fresh installation used to get a tenant-wide index).
-- The trigger functions run as the caller: providers write their own facts through the same
-- policies as their trajectories.

-- Recompute the facts of these trajectories from the base tables (what the caller can see),
-- measurements included.
CREATE OR REPLACE FUNCTION refresh_indicator_facts(p_tenants uuid[], p_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = pg_catalog AS $f$
  WITH up AS (
  INSERT INTO public.indicator_facts AS f (tenant_id, trajectory_id, provider_id, client_reference, product_category, start_date, end_date, end_reason,
    window_end_date, new_start_within_6_months,
    score_young_person, score_parent, score_other, can_continue_without_help, goals_achieved, goals_total,
    follow_up_3, housing_3, education_work_3, income_debts_3, network_3, new_youth_care_3,
    follow_up_12, housing_12, education_work_12, income_debts_12, network_12, new_youth_care_12)
  SELECT t.tenant_id, t.id, t.provider_id, t.client_reference, t.product_category, t.start_date, t.end_date, t.end_reason,
         (t.end_date + interval '6 months')::date,
         CASE WHEN t.end_date IS NOT NULL THEN EXISTS (SELECT 1 FROM public.trajectories t2
           WHERE t2.tenant_id = t.tenant_id AND t2.provider_id = t.provider_id AND t2.client_reference = t.client_reference
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
  RETURNING f.tenant_id, f.provider_id, f.end_date
  )
  INSERT INTO public.indicator_rollups_stale (tenant_id, provider_id, year, txid)
  SELECT DISTINCT tenant_id, provider_id, extract(year FROM end_date)::smallint, txid_current() FROM up WHERE end_date IS NOT NULL
  ON CONFLICT DO NOTHING
$f$;

-- The trajectory columns of every trajectory of these young people (tenant, provider, pseudonym):
-- their keys and dates, and whether another of their trajectories started within 6 months after
-- each one's end. Rows whose values stay the same are not written (nor noted stale).
CREATE OR REPLACE FUNCTION refresh_indicator_trajectory_facts(p_tenants uuid[], p_providers uuid[], p_clients text[]) RETURNS void LANGUAGE sql
SET search_path = pg_catalog AS $f$
  WITH up AS (
    INSERT INTO public.indicator_facts AS f (tenant_id, trajectory_id, provider_id, client_reference, product_category, start_date, end_date, end_reason,
      window_end_date, new_start_within_6_months)
    SELECT t.tenant_id, t.id, t.provider_id, t.client_reference, t.product_category, t.start_date, t.end_date, t.end_reason,
           (t.end_date + interval '6 months')::date,
           CASE WHEN t.end_date IS NOT NULL THEN EXISTS (SELECT 1 FROM public.trajectories t2
             WHERE t2.tenant_id = t.tenant_id AND t2.provider_id = t.provider_id AND t2.client_reference = t.client_reference
               AND t2.start_date > t.end_date AND t2.start_date <= (t.end_date + interval '6 months')::date) END
      FROM (SELECT DISTINCT p.tenant_id, p.provider_id, p.client FROM unnest(p_tenants, p_providers, p_clients) AS p(tenant_id, provider_id, client)) p
      -- LATERAL + OFFSET 0: one index probe per young person, whatever the planner guesses.
      CROSS JOIN LATERAL (SELECT * FROM public.trajectories t1
        WHERE t1.tenant_id = p.tenant_id AND t1.provider_id = p.provider_id AND t1.client_reference = p.client OFFSET 0) t
    ON CONFLICT (tenant_id, trajectory_id) DO UPDATE SET provider_id = EXCLUDED.provider_id, client_reference = EXCLUDED.client_reference,
      product_category = EXCLUDED.product_category, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, end_reason = EXCLUDED.end_reason,
      window_end_date = EXCLUDED.window_end_date, new_start_within_6_months = EXCLUDED.new_start_within_6_months
      WHERE (f.provider_id, f.client_reference, f.product_category, f.start_date, f.end_date, f.end_reason, f.new_start_within_6_months)
        IS DISTINCT FROM (EXCLUDED.provider_id, EXCLUDED.client_reference, EXCLUDED.product_category, EXCLUDED.start_date, EXCLUDED.end_date,
                          EXCLUDED.end_reason, EXCLUDED.new_start_within_6_months)
    RETURNING f.tenant_id, f.provider_id, f.end_date
  )
  INSERT INTO public.indicator_rollups_stale (tenant_id, provider_id, year, txid)
  SELECT DISTINCT tenant_id, provider_id, extract(year FROM end_date)::smallint, txid_current() FROM up WHERE end_date IS NOT NULL
  ON CONFLICT DO NOTHING
$f$;

-- New measurements, merged into their trajectories' rows with the aggregates of
-- refresh_indicator_facts (greatest for max, or for bool_or): the same result as recomputing,
-- without reading the trajectory's other measurements. A measurement inserted already superseded
-- is history and changes nothing.
-- Written as an upsert on the primary key, not an UPDATE … FROM: each row finds its facts row by
-- the arbiter index, whatever the plan. (An UPDATE's join is planned once per session in a
-- plpgsql function: planned on the first, tiny delivery, it scanned all facts for every new
-- measurement later on.) Every trajectory has its facts row from its own insert; should one be
-- missing, the placeholder row inserted here is recomputed in full straight after.
CREATE OR REPLACE FUNCTION indicator_facts_add_measurements() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
DECLARE
  missing_tenants uuid[];
  missing_ids uuid[];
BEGIN
  WITH m AS (
    SELECT m.tenant_id, m.trajectory_id, min(m.provider_id::text)::uuid AS provider_id,
           max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'young-person') AS score_young_person,
           max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'parent') AS score_parent,
           max(m.score) FILTER (WHERE m.kind = 'satisfaction' AND m.slot = 'other') AS score_other,
           bool_or(m.can_continue_without_help) FILTER (WHERE m.kind = 'continuation') AS can_continue_without_help,
           max(m.goals_achieved) FILTER (WHERE m.kind = 'goals') AS goals_achieved,
           max(m.goals_total) FILTER (WHERE m.kind = 'goals') AS goals_total,
           bool_or(true) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS follow_up_3,
           max(m.housing) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS housing_3,
           max(m.education_work) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS education_work_3,
           max(m.income_debts) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS income_debts_3,
           max(m.network) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS network_3,
           bool_or(m.new_youth_care) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '3') AS new_youth_care_3,
           bool_or(true) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS follow_up_12,
           max(m.housing) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS housing_12,
           max(m.education_work) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS education_work_12,
           max(m.income_debts) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS income_debts_12,
           max(m.network) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS network_12,
           bool_or(m.new_youth_care) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '12') AS new_youth_care_12
      FROM changed m WHERE m.superseded_at IS NULL
     GROUP BY m.tenant_id, m.trajectory_id
  ), up AS (
    INSERT INTO public.indicator_facts AS f (tenant_id, trajectory_id, provider_id, client_reference, product_category, start_date,
      score_young_person, score_parent, score_other, can_continue_without_help, goals_achieved, goals_total,
      follow_up_3, housing_3, education_work_3, income_debts_3, network_3, new_youth_care_3,
      follow_up_12, housing_12, education_work_12, income_debts_12, network_12, new_youth_care_12)
    SELECT m.tenant_id, m.trajectory_id, m.provider_id, '', '', '-infinity',
           m.score_young_person, m.score_parent, m.score_other, m.can_continue_without_help, m.goals_achieved, m.goals_total,
           m.follow_up_3, m.housing_3, m.education_work_3, m.income_debts_3, m.network_3, m.new_youth_care_3,
           m.follow_up_12, m.housing_12, m.education_work_12, m.income_debts_12, m.network_12, m.new_youth_care_12
      FROM m
    ON CONFLICT (tenant_id, trajectory_id) DO UPDATE SET
      score_young_person = greatest(f.score_young_person, EXCLUDED.score_young_person),
      score_parent = greatest(f.score_parent, EXCLUDED.score_parent),
      score_other = greatest(f.score_other, EXCLUDED.score_other),
      can_continue_without_help = CASE WHEN EXCLUDED.can_continue_without_help IS NULL THEN f.can_continue_without_help
        WHEN f.can_continue_without_help IS NULL THEN EXCLUDED.can_continue_without_help ELSE f.can_continue_without_help OR EXCLUDED.can_continue_without_help END,
      goals_achieved = greatest(f.goals_achieved, EXCLUDED.goals_achieved),
      goals_total = greatest(f.goals_total, EXCLUDED.goals_total),
      follow_up_3 = CASE WHEN EXCLUDED.follow_up_3 THEN true ELSE f.follow_up_3 END,
      housing_3 = greatest(f.housing_3, EXCLUDED.housing_3),
      education_work_3 = greatest(f.education_work_3, EXCLUDED.education_work_3),
      income_debts_3 = greatest(f.income_debts_3, EXCLUDED.income_debts_3),
      network_3 = greatest(f.network_3, EXCLUDED.network_3),
      new_youth_care_3 = CASE WHEN EXCLUDED.new_youth_care_3 IS NULL THEN f.new_youth_care_3
        WHEN f.new_youth_care_3 IS NULL THEN EXCLUDED.new_youth_care_3 ELSE f.new_youth_care_3 OR EXCLUDED.new_youth_care_3 END,
      follow_up_12 = CASE WHEN EXCLUDED.follow_up_12 THEN true ELSE f.follow_up_12 END,
      housing_12 = greatest(f.housing_12, EXCLUDED.housing_12),
      education_work_12 = greatest(f.education_work_12, EXCLUDED.education_work_12),
      income_debts_12 = greatest(f.income_debts_12, EXCLUDED.income_debts_12),
      network_12 = greatest(f.network_12, EXCLUDED.network_12),
      new_youth_care_12 = CASE WHEN EXCLUDED.new_youth_care_12 IS NULL THEN f.new_youth_care_12
        WHEN f.new_youth_care_12 IS NULL THEN EXCLUDED.new_youth_care_12 ELSE f.new_youth_care_12 OR EXCLUDED.new_youth_care_12 END
    RETURNING f.tenant_id, f.trajectory_id, f.provider_id, f.end_date, f.xmax = 0 AS inserted
  ), stale AS (
    INSERT INTO public.indicator_rollups_stale (tenant_id, provider_id, year, txid)
    SELECT DISTINCT tenant_id, provider_id, extract(year FROM end_date)::smallint, txid_current() FROM up WHERE end_date IS NOT NULL
    ON CONFLICT DO NOTHING
  )
  SELECT array_agg(tenant_id), array_agg(trajectory_id) INTO missing_tenants, missing_ids FROM up WHERE inserted;
  IF missing_ids IS NOT NULL THEN
    PERFORM public.refresh_indicator_facts(missing_tenants, missing_ids);
  END IF;
  RETURN NULL;
END $f$;

-- A measurement superseded (or otherwise changed): its trajectory's row from all current ones.
CREATE OR REPLACE FUNCTION indicator_facts_from_measurements() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
BEGIN
  PERFORM public.refresh_indicator_facts(array_agg(c.tenant_id), array_agg(c.trajectory_id)) FROM changed c;
  RETURN NULL;
END $f$;

-- Every trajectory of the young people concerned: their next start may have moved. On an update,
-- the young person before the change too, and the year a trajectory was in before is noted stale
-- as well as the one it is in now (its end date may have moved it).
CREATE OR REPLACE FUNCTION indicator_facts_from_trajectories() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM public.refresh_indicator_trajectory_facts(array_agg(p.tenant_id), array_agg(p.provider_id), array_agg(p.client_reference))
       FROM (SELECT tenant_id, provider_id, client_reference FROM changed
             UNION SELECT tenant_id, provider_id, client_reference FROM before) p;
    -- Every year the updated trajectories were in, without a join of the two transition tables
    -- (they have no statistics; a nested loop over thousands of rows each): noting a year stale
    -- too often only costs its next reader a recompute.
    INSERT INTO public.indicator_rollups_stale (tenant_id, provider_id, year, txid)
    SELECT DISTINCT b.tenant_id, b.provider_id, extract(year FROM b.end_date)::smallint, txid_current()
      FROM before b WHERE b.end_date IS NOT NULL
    ON CONFLICT DO NOTHING;
  ELSE
    PERFORM public.refresh_indicator_trajectory_facts(array_agg(p.tenant_id), array_agg(p.provider_id), array_agg(p.client_reference))
       FROM (SELECT DISTINCT tenant_id, provider_id, client_reference FROM changed) p;
  END IF;
  RETURN NULL;
END $f$;

CREATE OR REPLACE TRIGGER indicator_facts_measurements_insert AFTER INSERT ON outcome_measurements
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_add_measurements();
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

-- The rollups (migration 0027) and their stale years: the same visibility as the facts, and
-- written by whoever reads or writes them — a municipality recomputes its own rollups when it
-- reads them, a provider its own (its view of the figures) and notes its own years stale.
SELECT vervolg_row_security('indicator_rollups');
DROP POLICY IF EXISTS indicator_rollups_owner ON indicator_rollups;
CREATE POLICY indicator_rollups_owner ON indicator_rollups
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
SELECT vervolg_row_security('indicator_rollup_days');
DROP POLICY IF EXISTS indicator_rollup_days_owner ON indicator_rollup_days;
CREATE POLICY indicator_rollup_days_owner ON indicator_rollup_days
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
SELECT vervolg_row_security('indicator_rollups_stale');
DROP POLICY IF EXISTS indicator_rollups_stale_owner ON indicator_rollups_stale;
CREATE POLICY indicator_rollups_stale_owner ON indicator_rollups_stale
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));

-- The scheduled job (src/modules/indicators/jobs.ts) recomputes stale years in the background, so
-- notes of a year nobody reads do not pile up and the first read after a delivery finds its
-- rollups ready. This returns only which (municipality, year) pairs are stale, the longest-waiting
-- first; the job then recomputes each in an ordinary request-role transaction under row-level
-- security, in the municipality's context, exactly as a reader would.
CREATE OR REPLACE FUNCTION indicator_years_stale(p_limit integer)
  RETURNS TABLE (tenant_id uuid, year smallint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT s.tenant_id, s.year FROM indicator_rollups_stale s
   GROUP BY s.tenant_id, s.year ORDER BY min(s.txid), s.tenant_id, s.year LIMIT p_limit
$f$;
REVOKE ALL ON FUNCTION indicator_years_stale(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION indicator_years_stale(integer) TO vervolg_app;
