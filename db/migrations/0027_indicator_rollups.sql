-- Frozen once shipped. Rollups of the outcome indicators per municipality, provider, product
-- category and period (year, half-year), and the index that makes the facts' per-young-person
-- probes independent of the planner's statistics.
--
-- Why rollups: reading a year's cohort from indicator_facts (0011) still reads every trajectory
-- ended in the year and de-duplicates its young people: 230–360 ms at a million records, growing
-- linearly. A year of one municipality is a few hundred rollup rows instead.
--
-- Why recomputed when read, not by the triggers: keeping sums current per statement would add
-- work to every ingest statement, while the facts' triggers already cost half of ingest. The
-- triggers only note which (municipality, provider, year) changed, in indicator_rollups_stale;
-- the first read of such a year recomputes its rollups from indicator_facts with the same
-- definitions as the figures (src/modules/indicators/service.ts), in the reader's transaction,
-- so what is read is exact. Each writing transaction notes its own rows (txid in the key): a
-- writer never waits for another writer or for a reader, and a reader only clears notes it can
-- see, so a change committed while it recomputes stays noted (see the service).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

-- Per (provider, product category, period): sums per indicator and the number of distinct young
-- people per condition. product_category '' is the provider's row: its young people across its
-- categories (a young person with trajectories in two categories counts once there); its sums
-- are the categories' sums, added up when read. Arrays are indexed by the indicators' order in
-- src/domain/outcomes.ts (OUTCOME_INDICATOR_CODES); `people` has two more entries at the end for
-- satisfaction as told by a parent and by another informant.
CREATE TABLE indicator_rollups (
  tenant_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  product_category text NOT NULL,
  -- '2026', '2026-H1' or '2026-H2'; year repeats the year, to find a year's rows to recompute.
  period text NOT NULL,
  year smallint NOT NULL,
  denominators integer[],
  numerators integer[],
  people integer[] NOT NULL,
  -- Satisfaction grades 1–10 per informant: count, sum and distribution follow from them.
  grades_young_person integer[],
  grades_parent integer[],
  grades_other integer[],
  goals_achieved integer,
  goals_total integer,
  PRIMARY KEY (tenant_id, period, provider_id, product_category)
);
CREATE INDEX indicator_rollups_year ON indicator_rollups (tenant_id, provider_id, year);

-- "No new start within 6 months" counts only trajectories whose six months have passed on the
-- report's date (asOf), a cut-off by end date that any day can move: its counts are kept per
-- end date. first_in_half / first_in_year count the young people whose first trajectory of that
-- half-year / year (by end date, then id) ends on this day — so the young people with a due
-- trajectory in a period are those counted on its due days (a young person's trajectories due
-- on asOf are the earliest ones). product_category '' counts first trajectories per provider.
CREATE TABLE indicator_rollup_days (
  tenant_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  product_category text NOT NULL,
  end_date date NOT NULL,
  trajectories integer NOT NULL,
  no_new_start integer NOT NULL,
  first_in_half integer NOT NULL,
  first_in_year integer NOT NULL,
  PRIMARY KEY (tenant_id, end_date, provider_id, product_category)
);

-- Years whose rollups are out of date: one row per writing transaction and (provider, year).
CREATE TABLE indicator_rollups_stale (
  tenant_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  year smallint NOT NULL,
  txid bigint NOT NULL,
  PRIMARY KEY (tenant_id, year, provider_id, txid)
);

-- Every year with facts is stale until first read.
INSERT INTO indicator_rollups_stale (tenant_id, provider_id, year, txid)
SELECT DISTINCT tenant_id, provider_id, extract(year FROM end_date)::smallint, txid_current()
  FROM indicator_facts WHERE end_date IS NOT NULL;

-- The young person's trajectories at one provider (pseudonyms are per provider), by start: the
-- facts' probes ("every trajectory of this young person", "another start within 6 months after
-- this end") match all of its columns, so the planner picks it even on never-analysed tables
-- (a fresh installation's first delivery), where it used to pick a tenant-wide index and rescan.
-- It replaces trajectories_client (tenant_id, client_reference, start_date), which only these
-- probes used: ingest keeps the same number of indexes to maintain.
CREATE INDEX trajectories_person ON trajectories (tenant_id, provider_id, client_reference, start_date);
DROP INDEX trajectories_client;

-- The same trap, found with auto_explain on never-analysed tables (BENCH_ANALYZE=off
-- bench:upload): the foreign-key checks of outcome_measurements and trajectory_revisions
-- (`tenant_id = $1 AND id = $2` on trajectories) and the aftercare trigger's look-up are cached
-- generic plans, made while trajectories was still tiny, and they used trajectories_contract
-- (tenant_id, contract_id) — its leading tenant_id matched, at the same cost as the primary key —
-- then scanned all the municipality's trajectories per measurement as the delivery grew. With
-- contract_id first the index serves what it is for (the contract's trajectories, the foreign key
-- to contracts) and never matches a look-up by tenant and id.
DROP INDEX trajectories_contract;
CREATE INDEX trajectories_contract ON trajectories (contract_id, tenant_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON indicator_rollups, indicator_rollup_days, indicator_rollups_stale TO vervolg_app;
