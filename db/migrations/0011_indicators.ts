// Frozen once shipped. Facts for the outcome indicators: one row per trajectory with what the
// indicators need — the trajectory's grouping keys, its end, the next start of the same young
// person at the same provider, and its current measurements side by side.
//
// Why a derived table: the indicators of a municipality read a year's cohort with all its
// current measurements. From the base tables that is a join of ~45,000 trajectories with ~180,000
// of ~800,000 measurements at a million records, and every row pays the row-level security check
// (current_setting per row): seconds, not the 200 ms the dashboard needs. Here the cohort is one
// index range of narrow rows, and the policies compare with InitPlans (`(SELECT app_tenant_id())`,
// evaluated once per query) instead of per row.
//
// Kept current by statement-level triggers with transition tables on trajectories and
// outcome_measurements, so a batch of any size costs one set-based refresh per statement. A new
// or changed trajectory refreshes every trajectory of the same young person (their next start may
// have changed). The trigger functions run as the caller: providers write their own facts through
// the same policies as their trajectories. No foreign key to trajectories: the rows are derived
// and written only by these triggers, and a key check per row would double the ingest cost.
export const name = '0011_indicators';

const followUp = (m: string) => `
         bool_or(true) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}'),
         max(m.housing) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}'),
         max(m.education_work) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}'),
         max(m.income_debts) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}'),
         max(m.network) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}'),
         bool_or(m.new_youth_care) FILTER (WHERE m.kind = 'follow-up' AND m.slot = '${m}')`;

const COLUMNS = `tenant_id, trajectory_id, provider_id, client_reference, product_category, start_date, end_date, end_reason,
    window_end_date, new_start_within_6_months,
    score_young_person, score_parent, score_other, can_continue_without_help, goals_achieved, goals_total,
    follow_up_3, housing_3, education_work_3, income_debts_3, network_3, new_youth_care_3,
    follow_up_12, housing_12, education_work_12, income_debts_12, network_12, new_youth_care_12`;

const UPDATES = COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'tenant_id' && c !== 'trajectory_id')
  .map((c) => `${c} = EXCLUDED.${c}`)
  .join(', ');

export const up = /* sql */ `
CREATE TABLE indicator_facts (
  tenant_id uuid NOT NULL,
  trajectory_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  client_reference text NOT NULL,
  product_category text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  end_reason text,
  -- end_date + 6 months, and whether another trajectory of the same young person (same provider:
  -- pseudonyms are per provider) started in (end_date, end_date + 6 months]: "no new start within
  -- 6 months" without a lookup or date arithmetic per row.
  window_end_date date,
  new_start_within_6_months boolean,
  score_young_person smallint,
  score_parent smallint,
  score_other smallint,
  can_continue_without_help boolean,
  goals_achieved integer,
  goals_total integer,
  follow_up_3 boolean,
  housing_3 text,
  education_work_3 text,
  income_debts_3 text,
  network_3 text,
  new_youth_care_3 boolean,
  follow_up_12 boolean,
  housing_12 text,
  education_work_12 text,
  income_debts_12 text,
  network_12 text,
  new_youth_care_12 boolean,
  PRIMARY KEY (tenant_id, trajectory_id)
);
CREATE INDEX indicator_facts_ended ON indicator_facts (tenant_id, end_date) WHERE end_date IS NOT NULL;

-- Recompute the facts of these trajectories from the base tables (what the caller can see).
CREATE FUNCTION refresh_indicator_facts(p_tenants uuid[], p_ids uuid[]) RETURNS void LANGUAGE sql
SET search_path = pg_catalog AS $f$
  INSERT INTO public.indicator_facts AS f (${COLUMNS})
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
             max(m.goals_total) FILTER (WHERE m.kind = 'goals'),${followUp('3')},${followUp('12')}
        FROM public.outcome_measurements m
       WHERE m.tenant_id = t.tenant_id AND m.trajectory_id = t.id AND m.superseded_at IS NULL
    ) m ON true
  ON CONFLICT (tenant_id, trajectory_id) DO UPDATE SET ${UPDATES}
$f$;

CREATE FUNCTION indicator_facts_from_measurements() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$
BEGIN
  PERFORM public.refresh_indicator_facts(array_agg(c.tenant_id), array_agg(c.trajectory_id)) FROM changed c;
  RETURN NULL;
END $f$;

-- Every trajectory of the young people concerned: their next start may have moved.
CREATE FUNCTION indicator_facts_from_trajectories() RETURNS trigger LANGUAGE plpgsql
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

CREATE TRIGGER indicator_facts_measurements_insert AFTER INSERT ON outcome_measurements
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_measurements();
CREATE TRIGGER indicator_facts_measurements_update AFTER UPDATE ON outcome_measurements
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_measurements();
CREATE TRIGGER indicator_facts_trajectories_insert AFTER INSERT ON trajectories
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_trajectories();
CREATE TRIGGER indicator_facts_trajectories_update AFTER UPDATE ON trajectories
  REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_from_trajectories();

-- The same visibility as trajectories; (SELECT …) makes each an InitPlan, evaluated once.
ALTER TABLE indicator_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE indicator_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY indicator_facts_read ON indicator_facts FOR SELECT
  USING (tenant_id = (SELECT app_tenant_id()) OR ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id())));
CREATE POLICY indicator_facts_provider_insert ON indicator_facts FOR INSERT
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));
CREATE POLICY indicator_facts_provider_update ON indicator_facts FOR UPDATE
  USING ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()))
  WITH CHECK ((SELECT app_tenant_id()) IS NULL AND provider_id = (SELECT app_provider_id()));

GRANT SELECT, INSERT, UPDATE ON indicator_facts TO vervolg_app;
`;
