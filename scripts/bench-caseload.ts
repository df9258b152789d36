// `npm run bench:caseload`: the staff app's caseload page of one municipality, through the real
// app (in-process app.request with a case manager's session, second factor verified), for 500 and
// 5,000 young people, each with an agreement and — when it is in force — two years of progress
// records: contact moments, review meetings, plan progress of every kind, their own notes and
// requests for help, and the signing rounds behind the "signing stuck" cases.
//
// It makes a throwaway database on DATABASE_URL's server, migrates it, seeds two municipalities
// (the one measured, and a second with a fifth as many young people in the same tables, so
// row-level security has rows to keep out), their case managers (one per 25 young people) and a
// published template, and for each size adds the young people up to that size with SQL
// (INSERT … SELECT generate_series: scripts/bench/caseload-seed.sql.ts), runs VACUUM ANALYZE and
// prints the rows seeded. Then it times GET /app/municipalities/{id}/agreements, the caseload (the default sort,
// every case manager) and the same filtered to one case manager (25 young people),
// BENCH_REQUESTS times each after BENCH_WARMUP, one request at a time. Prints median and p95 per
// size, the growth from the smallest size to the largest, and the target line: median ≤ 50 ms for
// 5,000 young people. The database is dropped at the end, also on failure.
//
// The page is timed, not a function: whatever the page computes (signals included) is in the
// figure, with the session check, tenant transaction, processing log and the HTML.
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_SIZES (500,5000), BENCH_REQUESTS (30), BENCH_WARMUP (5), BENCH_KEEP=1 (keep the database).
import os from 'node:os';
import { DEMO_TEMPLATE_CONTENT } from '../db/seed/template.js';
import {
  AGREEMENTS,
  BATCH,
  CASE_MANAGERS,
  HELPERS,
  RECORD_STREAMS,
  SEEDED_TABLES,
  SIGNERS,
  VERSIONS,
} from './bench/caseload-seed.sql.js';
import { type Sql, throwawayDatabase } from './bench/database.js';
import { createMunicipality, inProcessApp, log, type Timing, timeRequests, verifiedSession } from './bench/in-process.js';
import { positiveIntFromEnv, sizesFromEnv } from './bench/settings.js';

const TARGET_MS = 50;
const TARGET_SIZE = 5000;
/** The second municipality has this share of the measured one's young people. */
const OTHER_SHARE = 5;

const REQUESTS = positiveIntFromEnv('BENCH_REQUESTS', 30);
const WARMUP = positiveIntFromEnv('BENCH_WARMUP', 5);
const SIZES = sizesFromEnv('BENCH_SIZES', [500, TARGET_SIZE]);
// Each size adds young people to those of the one before (the record tables refuse TRUNCATE).
if (SIZES.some((size, i) => i > 0 && size <= (SIZES[i - 1] as number))) throw new Error(`BENCH_SIZES must grow: ${SIZES.join(',')}`);

const fmt = (n: number) => n.toLocaleString('en');
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Municipality {
  id: string;
  /** The prefix of its generated ids and e-mail addresses. */
  prefix: string;
  name: string;
}

/** The statement with its values in place: all are ours (uuids, a letter, whole numbers), never typed by anyone. */
function bind(statement: string, m: Municipality, from: number, to: number): string {
  if (!/^[0-9a-f-]{36}$/.test(m.id) || !/^[a-z]+$/.test(m.prefix)) throw new Error('bad seed values');
  return statement
    .replaceAll('$1::uuid', `'${m.id}'::uuid`)
    .replaceAll('$2::text', `'${m.prefix}'::text`)
    .replaceAll('$3::int', `${Math.trunc(from)}`)
    .replaceAll('$4::int', `${Math.trunc(to)}`);
}

/** A published template (the demo content), written as the owner. */
async function publishTemplate(owner: Sql, m: Municipality) {
  await owner.unsafe(
    `with t as (insert into agreement_templates (tenant_id, id, name) values ($1, gen_random_uuid(), 'Nazorg') returning tenant_id, id)
     insert into agreement_template_versions (tenant_id, id, template_id, version, status, content, published_at)
     select tenant_id, gen_random_uuid(), id, 1, 'published', $2::jsonb, now() from t`,
    [m.id, JSON.stringify(DEMO_TEMPLATE_CONTENT)],
  );
}

/**
 * A bulk statement with the row triggers off (session_replication_role = replica, for this statement's
 * transaction only): aftercare_state's triggers would otherwise recompute an agreement's summary once
 * per generated row (hundreds of times each); refreshAftercareState does it once per agreement after.
 */
const bulk = (owner: Sql, statement: string) => owner.begin((tx) => tx.unsafe(`set local session_replication_role = replica; ${statement}`));

/** Young people from … to (inclusive) of one municipality, with everything they have. */
async function seedYoungPeople(owner: Sql, m: Municipality, from: number, to: number) {
  if (to < from) return;
  for (const statement of CASE_MANAGERS) await owner.unsafe(bind(statement, m, from, to));
  await owner.unsafe('truncate bench_batch');
  for (const statement of [BATCH, AGREEMENTS, VERSIONS, SIGNERS]) await bulk(owner, bind(statement, m, from, to));
  await Promise.all(
    RECORD_STREAMS.map(async (stream) => {
      for (const statement of stream) await bulk(owner, bind(statement, m, from, to));
    }),
  );
  // What the triggers would have kept: each agreement's summary, recomputed once from all its records.
  await owner.unsafe(`select count(refresh_aftercare_state(tenant_id, id)) from agreements where tenant_id = '${m.id}'::uuid`);
}

/** What was seeded, counted in the database, so the reader sees the two years are there. */
async function printCounts(owner: Sql, measured: Municipality, other: Municipality) {
  const tenant = measured.id;
  const [c] = await owner.unsafe<Record<string, string | null>[]>(
    `select (select count(*) from agreements where tenant_id = $1) as agreements,
            (select count(*) from agreements where tenant_id = $1 and status in ('active', 'amending', 'amendment-sent')) as in_force,
            (select string_agg(status || ' ' || n, ', ' order by n desc) from (select status, count(*) as n from agreements where tenant_id = $1 group by status) s) as statuses,
            (select count(*) from agreement_versions where tenant_id = $1) as versions,
            (select count(*) from signers where tenant_id = $1) as signers,
            (select count(*) from signers where tenant_id = $1 and status = 'notified' and expires_at <= now()) as links_expired,
            (select count(*) from memberships where tenant_id = $1 and 'case-manager' = any (roles)) as case_managers,
            (select count(*) from contact_moments where tenant_id = $1) as contacts,
            (select count(*) from contact_moments where tenant_id = $1 and kind in ('no-show', 'not-reachable')) as contacts_missed,
            (select min(occurred_on)::text || ' … ' || max(occurred_on)::text from contact_moments where tenant_id = $1) as contact_span,
            (select count(*) from review_meetings where tenant_id = $1) as reviews,
            (select count(*) from plan_progress where tenant_id = $1) as progress,
            (select string_agg(kind || ' ' || n, ', ' order by n desc) from (select kind, count(*) as n from plan_progress where tenant_id = $1 group by kind) k) as progress_kinds,
            (select count(*) from young_person_notes where tenant_id = $1) as notes,
            (select count(*) from young_person_notes where tenant_id = $1 and kind = 'help') as help,
            (select count(*) from agreements where tenant_id = $2) as other_agreements,
            (select (select count(*) from contact_moments where tenant_id = $2) + (select count(*) from review_meetings where tenant_id = $2)
                  + (select count(*) from plan_progress where tenant_id = $2) + (select count(*) from young_person_notes where tenant_id = $2)) as other_records`,
    [tenant, other.id],
  );
  const n = (key: string) => Number(c?.[key] ?? 0);
  const perYoungPerson = (key: string) => (n('in_force') ? (n(key) / n('in_force')).toFixed(1) : '0');
  log(`  ${measured.name}: ${fmt(n('agreements'))} young people (${c?.statuses}), ${fmt(n('case_managers'))} case managers`);
  log(`    agreement_versions ${fmt(n('versions'))}, signers ${fmt(n('signers'))} (${fmt(n('links_expired'))} links expired while out for signature)`);
  log(`    in force: ${fmt(n('in_force'))}, with two years of records (${c?.contact_span}):`);
  log(`    contact_moments ${fmt(n('contacts'))} (${perYoungPerson('contacts')} per young person; ${fmt(n('contacts_missed'))} no-show or not reachable)`);
  log(`    review_meetings ${fmt(n('reviews'))} (${perYoungPerson('reviews')} per young person)`);
  log(`    plan_progress ${fmt(n('progress'))} (${perYoungPerson('progress')} per young person: ${c?.progress_kinds})`);
  log(`    young_person_notes ${fmt(n('notes'))} (${fmt(n('help'))} requests for help)`);
  const total = ['agreements', 'versions', 'signers', 'contacts', 'reviews', 'progress', 'notes'].reduce((sum, key) => sum + n(key), 0);
  log(`    ${fmt(total)} rows in these tables; ${other.name}: ${fmt(n('other_agreements'))} young people, ${fmt(n('other_records'))} progress records`);
}

interface Measured {
  size: number;
  all: Timing<number>;
  one: Timing<number>;
}

let interrupted = false;

async function main() {
  const bench = await throwawayDatabase('vervolg_bench_caseload', { ownerPool: RECORD_STREAMS.length });
  const { owner } = bench;
  let dropping: Promise<void> | undefined;
  const drop = () => {
    dropping ??= bench.drop(log);
    return dropping;
  };
  // Ctrl-C arrives more than once (from the terminal, relayed by tsx, a SIGTERM from npm): the
  // first drops the database. The seed statement it cuts off fails main() too, whose finally
  // waits for the same drop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`\n${signal}: dropping the database`);
      drop().finally(() => process.exit(130));
    });
  }
  try {
    const [{ version }] = (await owner`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    log(`database ${bench.name} on ${bench.host} (PostgreSQL ${version}); migrated. Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)}`);
    const db = bench.handle.db;
    const measured: Municipality = {
      id: await createMunicipality(db, { name: 'Gemeente Benchmark', cbsCode: 'GM9997', slug: 'bench-caseload' }),
      prefix: 'm',
      name: 'Gemeente Benchmark',
    };
    const other: Municipality = { id: await createMunicipality(db, { name: 'Gemeente Buurdorp', cbsCode: 'GM9996', slug: 'bench-caseload-other' }), prefix: 'o', name: 'Gemeente Buurdorp' };
    await owner.unsafe(HELPERS);
    for (const m of [measured, other]) await publishTemplate(owner, m);
    await owner.unsafe('insert into aftercare_settings (tenant_id) values ($1), ($2)', [measured.id, other.id]);
    // The first case manager (young people 1–25) is who looks at the caseload; made now, so the session can be.
    for (const statement of CASE_MANAGERS) await owner.unsafe(bind(statement, measured, 1, 1));
    const [cm] = await owner.unsafe<{ id: string; name: string }[]>(`select id, name from users where email = 'm-cm1@bench.example'`);
    if (!cm) throw new Error('the first case manager was not made');
    const token = await verifiedSession(db, cm.id);
    const app = inProcessApp(db, bench.url);
    const headers = { Cookie: `vervolg_session=${token}` };

    // The caseload page of the staff app.
    const page = `/app/municipalities/${measured.id}/agreements`;
    const targets = {
      all: `${page}?caseManager=all`,
      one: `${page}?caseManager=${cm.id}`,
    };
    log(`timing GET ${page.replace(measured.id, '{municipalityId}')}?caseManager=all and ?caseManager={one case manager} as ${cm.name} (case manager, second factor verified)`);
    log(`${REQUESTS} requests each after ${WARMUP} warm-up, one at a time, in this process (app.request)`);

    const request = (path: string, expect: number) => async () => {
      const t0 = performance.now();
      const res = await app.request(path, { headers });
      const html = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${html.slice(0, 500)}`);
      // Every young person of the list is counted on the page ("1–25 van 5000"); the other municipality's are not.
      const counted = [String(expect), expect.toLocaleString('nl-NL')].some((n) => [`van ${n}`, `${n} afspraken`, `${n} jongeren`].some((text) => html.includes(text)));
      if (!counted) throw new Error(`GET ${path} does not count ${expect} young people ("… van ${expect}", "${expect} afspraken" or "${expect} jongeren")`);
      return { ms, value: html.length };
    };

    const results: Measured[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      const started = performance.now();
      await seedYoungPeople(owner, measured, seeded + 1, size);
      await seedYoungPeople(owner, other, Math.floor(seeded / OTHER_SHARE) + 1, Math.floor(size / OTHER_SHARE));
      seeded = size;
      const generated = seconds(started);
      const vacuumed = performance.now();
      for (const table of SEEDED_TABLES) await owner.unsafe(`vacuum analyze ${table}`);
      log(`\n${fmt(size)} young people: generated in ${generated}, VACUUM ANALYZE ${seconds(vacuumed)}`);
      await printCounts(owner, measured, other);
      const all = await timeRequests(request(targets.all, size), WARMUP, REQUESTS);
      const one = await timeRequests(request(targets.one, 25), WARMUP, REQUESTS);
      results.push({ size, all, one });
      log(`  all case managers:  median ${all.median.toFixed(1)} ms, p95 ${all.p95.toFixed(1)} ms (${fmt(all.last)} bytes of HTML)`);
      log(`  one case manager:   median ${one.median.toFixed(1)} ms, p95 ${one.p95.toFixed(1)} ms (25 young people)`);
    }

    log('\nyoung people   all: median ms   p95 ms   one case manager: median ms   p95 ms');
    for (const r of results) {
      log(`${fmt(r.size).padEnd(14)} ${r.all.median.toFixed(1).padStart(16)} ${r.all.p95.toFixed(1).padStart(8)} ${r.one.median.toFixed(1).padStart(31)} ${r.one.p95.toFixed(1).padStart(8)}`);
    }
    const first = results[0];
    const last = results[results.length - 1];
    if (first && last && last !== first) {
      log(
        `growth ${fmt(first.size)} → ${fmt(last.size)} (×${(last.size / first.size).toFixed(0)} young people): all ×${(last.all.median / first.all.median).toFixed(2)}, one case manager ×${(last.one.median / first.one.median).toFixed(2)}`,
      );
    }
    for (const r of results.filter((x) => x.size >= TARGET_SIZE)) {
      log(`caseload ${r.size} young people: median ${r.all.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${r.all.median <= TARGET_MS ? 'OK' : 'NOT MET'}`);
      log(`caseload ${r.size} young people, one case manager: median ${r.one.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${r.one.median <= TARGET_MS ? 'OK' : 'NOT MET'}`);
    }
  } finally {
    await drop();
  }
}

main().catch((error) => {
  if (interrupted) return;
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
