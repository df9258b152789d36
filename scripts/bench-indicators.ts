// `npm run bench:indicators`: the indicators of one municipality for a year, through the real
// app (in-process app.request with an analyst's session token), over 10,000, 100,000 and
// 1,000,000 outcome records (records = trajectories + measurements; one trajectory to four
// measurements), spread over four and a half years of end dates.
//
// It makes a throwaway database on DATABASE_URL's server, migrates it, seeds one municipality
// with four providers and their contracts, and for each size generates the rows in SQL
// (INSERT … SELECT generate_series), runs VACUUM ANALYZE, then times the first request (it
// recomputes the year's rollups, which the delivery noted stale: migration 0027), warms up, and
// times BENCH_REQUESTS requests (default 15) of the year — and, side by side as the anchor, of a
// custom range of almost the same cohort (2025-01-01 to 2025-12-30), which is computed from
// indicator_facts, trajectory by trajectory, as every period was before the rollups. Prints
// median and p95 per size, the growth per ×10 records, and the targets: median ≤ 100 ms at
// 1,000,000 records and growth ≤ ×3 per ×10 records (linear would be ×10). The database is
// dropped at the end, also on failure.
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_REQUESTS (15), BENCH_WARMUP (3), BENCH_SIZES (10000,100000,1000000), BENCH_PERIOD (2025).
import { throwawayDatabase } from './bench/database.js';
import { createMunicipality, inProcessApp, log, timeRequests, verifiedSession } from './bench/in-process.js';
import { positiveIntFromEnv, sizesFromEnv } from './bench/settings.js';
import { uuidv7 } from '../src/platform/crypto.js';

const TARGET_MS = 100;
/** Growth of the median per ×10 records: well below linear (×10). */
const TARGET_GROWTH = 3;
const PROVIDERS = 4;

const REQUESTS = positiveIntFromEnv('BENCH_REQUESTS', 15);
const WARMUP = positiveIntFromEnv('BENCH_WARMUP', 3);
const SIZES = sizesFromEnv('BENCH_SIZES', [10_000, 100_000, 1_000_000]);
const PERIOD = process.env.BENCH_PERIOD ?? '2025';

async function main() {
  const bench = await throwawayDatabase('vervolg_bench_ind');
  const { owner } = bench;
  try {
    log(`database ${bench.name} on ${bench.host}; migrated`);
    const db = bench.handle.db;
    const tenantId = await createMunicipality(db, { name: 'Gemeente Benchmark', cbsCode: 'GM9998', slug: 'bench-indicators' });
    const token = await verifiedSession(db, uuidv7(), { tenantId, email: 'analyst@bench.example', name: 'Bench Analyst', roles: ['analyst'] });
    // Providers and their contracts, written as the owner (no request context needed for a seed).
    for (let p = 1; p <= PROVIDERS; p++) {
      await owner.unsafe(
        `with pr as (insert into providers (id, name, agb_code, kvk_number) values (gen_random_uuid(), $1, $2, $3) returning id),
              rel as (insert into provider_relations (tenant_id, provider_id) select $4::uuid, id from pr)
         insert into contracts (tenant_id, id, provider_id, reference, status, legal_framework, start_date, end_date, notice_period_months, renewal)
         select $4::uuid, gen_random_uuid(), id, $5, 'active', 'jeugdwet', '2021-01-01', '2027-12-31', 6, 'none' from pr`,
        [`Zorgaanbieder ${p}`, String(40_000_000 + p), String(50_000_000 + p), tenantId, `BENCH-${p}`],
      );
    }
    await owner.unsafe(
      `insert into contract_targets (tenant_id, contract_id, provider_id, indicator, comparator, value, period_start, period_end)
       select tenant_id, id, provider_id, i.indicator, i.comparator, i.value, '2021-01-01', '2027-12-31' from contracts,
         (values ('dropout', 'at-most', 15), ('satisfaction', 'at-least', 7), ('goals-achieved', 'at-least', 60)) as i(indicator, comparator, value)`,
    );

    const app = inProcessApp(db, bench.url);
    const path = `/v1/municipalities/${tenantId}/indicators?period=${PERIOD}&asOf=2026-11-01`;
    const anchorPath = `/v1/municipalities/${tenantId}/indicators?from=${PERIOD}-01-01&to=${PERIOD}-12-30&asOf=2026-11-01`;
    const results: { records: number; median: number; p95: number; groups: number; cohortN: number; first: number; anchor: number }[] = [];

    for (const records of SIZES) {
      const trajectories = Math.round(records / 5);
      const started = performance.now();
      await owner.unsafe('truncate outcome_measurements, trajectory_revisions, trajectories');
      // End dates spread evenly over 2022-01-01 … 2026-06-30 (1642 days); a young person has on
      // average 1.4 trajectories (client = i mod 70 %), so new starts within 6 months happen.
      await owner.unsafe(
        `insert into trajectories (tenant_id, id, provider_id, contract_id, reference, client_reference, product_category, start_date, end_date, end_reason)
         select $1::uuid, gen_random_uuid(), k.provider_id, k.id, 'T' || i, 'C' || (i % greatest(1, ($2 * 7 / 10)::int)),
                (array['43','44','45','54'])[1 + (i / 7) % 4],
                e - (30 + i % 400), e, (array['31','31','31','32','34','35','33','31','38','31'])[1 + i % 10]
           from generate_series(1, $2::int) i
           cross join lateral (select date '2022-01-01' + ((i::bigint * 7919) % 1642)::int as e) d
           join (select row_number() over (order by id) - 1 as n, provider_id, id from contracts) k on k.n = i % ${PROVIDERS}`,
        [tenantId, trajectories],
      );
      // Four measurements per trajectory: satisfaction, continuation, goals, and a follow-up at
      // 3 or 12 months — or, for one in ten, an earlier satisfaction grade since superseded.
      await owner.unsafe(
        `insert into outcome_measurements (tenant_id, provider_id, trajectory_id, kind, slot, measured_on, score, informant,
                                           can_continue_without_help, goals_achieved, goals_total,
                                           housing, education_work, income_debts, network, new_youth_care, superseded_at)
         select t.tenant_id, t.provider_id, t.id, v.kind, v.slot, t.end_date, v.score, v.informant, v.cont, v.ga, v.gt,
                v.housing, v.edu, v.inc, v.net, v.nyc, v.superseded
           from (select *, row_number() over () as r from trajectories) t
           cross join lateral (values
             ('satisfaction', 'young-person', (1 + (t.r * 7) % 10)::smallint, 'young-person', null::boolean, null::int, null::int, null, null, null, null, null::boolean, null::timestamptz),
             ('continuation', '', null, null, t.r % 3 <> 0, null, null, null, null, null, null, null, null),
             ('goals', '', null, null, null, (t.r % 4)::int, 3 + (t.r % 2)::int, null, null, null, null, null, null),
             (case when t.r % 10 = 0 then 'satisfaction' else 'follow-up' end,
              case when t.r % 10 = 0 then 'young-person' when t.r % 2 = 0 then '3' else '12' end,
              case when t.r % 10 = 0 then 5::smallint end, case when t.r % 10 = 0 then 'young-person' end,
              null, null, null,
              case when t.r % 10 <> 0 then (array['independent','with-family','institution','homeless'])[1 + t.r % 4] end,
              case when t.r % 10 <> 0 then (array['education','work','neither'])[1 + t.r % 3] end,
              case when t.r % 10 <> 0 then (array['income-no-debts','problematic-debts'])[1 + t.r % 2] end,
              case when t.r % 10 <> 0 then (array['supportive','limited','none'])[1 + t.r % 3] end,
              case when t.r % 10 <> 0 then t.r % 5 = 0 end,
              case when t.r % 10 = 0 then now() end)
           ) as v(kind, slot, score, informant, cont, ga, gt, housing, edu, inc, net, nyc, superseded)`,
      );
      await owner.unsafe('vacuum analyze trajectories');
      await owner.unsafe('vacuum analyze outcome_measurements');
      await owner.unsafe('vacuum analyze indicator_facts');
      const [counts] = await owner.unsafe<{ t: string; m: string }[]>('select (select count(*) from trajectories) as t, (select count(*) from outcome_measurements) as m');
      const total = Number(counts?.t) + Number(counts?.m);
      log(`\n${total.toLocaleString('en')} records (${Number(counts?.t).toLocaleString('en')} trajectories + ${Number(counts?.m).toLocaleString('en')} measurements), generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const requestOf = (url: string) => async () => {
        const t0 = performance.now();
        const res = await app.request(url, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { groups: { level: string; figures: { indicator: string; n: number | null }[] }[] };
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(body)}`);
        return { ms, value: body };
      };
      const first = await requestOf(path)();
      log(`  first GET indicators period=${PERIOD} after the delivery (recomputes the year's rollups): ${first.ms.toFixed(1)} ms`);
      const { median, p95, last } = await timeRequests(requestOf(path), WARMUP, REQUESTS);
      const anchor = await timeRequests(requestOf(anchorPath), WARMUP, REQUESTS);
      const cohortN = last?.groups.find((g) => g.level === 'total')?.figures.find((f) => f.indicator === 'dropout')?.n ?? 0;
      results.push({ records: total, median, p95, groups: last?.groups.length ?? 0, cohortN, first: first.ms, anchor: anchor.median });
      log(`  GET indicators period=${PERIOD}: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${REQUESTS} requests after ${WARMUP} warm-up; ${last?.groups.length} groups, ${cohortN.toLocaleString('en')} young people in the cohort)`);
      log(`  anchor GET indicators from=${PERIOD}-01-01&to=${PERIOD}-12-30 (from indicator_facts): median ${anchor.median.toFixed(1)} ms, p95 ${anchor.p95.toFixed(1)} ms`);
    }

    log('\nrecords       median ms   p95 ms   first ms   anchor ms   ratio   growth (median vs previous size)');
    const growths: number[] = [];
    results.forEach((r, i) => {
      const prev = results[i - 1];
      // Per ×10 records, whatever the step between the sizes: (median ratio)^(1 / log10(record ratio)).
      const perTen = prev ? (r.median / prev.median) ** (1 / Math.log10(r.records / prev.records)) : null;
      if (perTen !== null) growths.push(perTen);
      const growth = prev && perTen !== null ? `×${(r.median / prev.median).toFixed(2)} for ×${(r.records / prev.records).toFixed(0)} records (×${perTen.toFixed(2)} per ×10)` : '';
      log(
        `${r.records.toLocaleString('en').padEnd(13)} ${r.median.toFixed(1).padStart(9)} ${r.p95.toFixed(1).padStart(8)} ${r.first.toFixed(1).padStart(10)} ${r.anchor.toFixed(1).padStart(11)} ${(r.median / r.anchor).toFixed(2).padStart(7)}   ${growth}`,
      );
    });
    const largest = results.find((r) => r.records >= 1_000_000);
    if (largest) log(`\ntarget: median ≤ ${TARGET_MS} ms at 1,000,000 records: ${largest.median <= TARGET_MS ? 'OK' : 'NOT MET'} (${largest.median.toFixed(1)} ms; anchor from the facts ${largest.anchor.toFixed(1)} ms, ratio ${(largest.median / largest.anchor).toFixed(2)})`);
    if (growths.length > 0) {
      const worst = Math.max(...growths);
      log(`target: growth ≤ ×${TARGET_GROWTH} per ×10 records (linear: ×10): ${worst <= TARGET_GROWTH ? 'OK' : 'NOT MET'} (worst step ×${worst.toFixed(2)} per ×10)`);
    }
  } finally {
    await bench.drop(log);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
