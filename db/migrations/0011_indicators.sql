-- Frozen once shipped. Facts for the outcome indicators: one row per trajectory with what the
-- indicators need — the trajectory's grouping keys, its end, the next start of the same young
-- person at the same provider, and its current measurements side by side.
--
-- Why a derived table: the indicators of a municipality read a year's cohort with all its
-- current measurements. From the base tables that is a join of ~45,000 trajectories with ~180,000
-- of ~800,000 measurements at a million records, and every row pays the row-level security check
-- (current_setting per row): seconds, not the 200 ms the dashboard needs. Here the cohort is one
-- index range of narrow rows, and the policies compare with InitPlans (`(SELECT app_tenant_id())`,
-- evaluated once per query) instead of per row.
--
-- Kept current by statement-level triggers with transition tables on trajectories and
-- outcome_measurements, so a batch of any size costs one set-based refresh per statement. A new
-- or changed trajectory refreshes every trajectory of the same young person (their next start may
-- have changed). The trigger functions run as the caller: providers write their own facts through
-- the same policies as their trajectories. No foreign key to trajectories: the rows are derived
-- and written only by these triggers, and a key check per row would double the ingest cost.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

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

GRANT SELECT, INSERT, UPDATE ON indicator_facts TO vervolg_app;
