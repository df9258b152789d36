// What the request path could reach with fewer round trips: the members list's own statements
// (BEGIN, app_enter, the select, the processing-log row, COMMIT — the very SQL the app sends),
// sent on postgres.js as the app's driver does, grouped into one, two or three writes, against the
// bare select without a transaction. No HTTP, no Hono, no Kysely: only the driver and PostgreSQL,
// so the figures bound what any design of the app's own code can reach, and show what each round
// trip costs on this machine (Node's CPU per transaction, and the CPU of the PostgreSQL backends
// serving this database). Not a target of its own; a tool for issue 15's request path.
//
//   DATABASE_URL=… tsx scripts/bench/request-round-trips.ts   (BENCH_SECONDS 5, BENCH_ROUNDS 2, BENCH_CONCURRENCY 10)
//
// The forms, per transaction:
//   bare      the select alone (no transaction, owner role): the bench:api anchor's SQL
//   3 writes  [BEGIN + app_enter] [select] [log row + COMMIT]: the app today (postgres-driver.ts)
//   2 writes  [BEGIN + app_enter + select] [log row + COMMIT]: the select sent before app_enter's
//             answer is read (it would need the access check to wait for the answer instead)
//   1 write   all five at once: nothing waits for anything
//   no log    [BEGIN + app_enter] [select] [COMMIT]: a read without personal data (the providers list)
//   enter     [BEGIN + app_enter + COMMIT]: what entering a request costs on its own
//   bare-tx   [BEGIN + set_config(role, tenant) + select + COMMIT]: bench:api's bare-tx in one write
//   providers bare            the providers list's select alone (bench:api's other anchor)
//   providers 1 write         [BEGIN + app_enter + providers select + COMMIT]: the least the
//                             providers list (no personal data, no log row) can send
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { INSERT_PROCESSING_LOG, LOG_COLUMNS } from '../../src/platform/audit.js';
import { APP_ENTER } from '../../src/platform/auth/enter.js';
import { parseSessionToken } from '../../src/platform/auth/tokens.js';
import { randomToken, sha256Hex, uuidv7 } from '../../src/platform/crypto.js';
import { APP_ROLE } from '../../src/platform/db/database.js';
import { MEMBERS_SQL, PROVIDERS_SQL, seed } from './api-seed.js';
import { throwawayDatabase } from './database.js';
import { positiveIntFromEnv } from './settings.js';

const SECONDS = positiveIntFromEnv('BENCH_SECONDS', 5);
const ROUNDS = positiveIntFromEnv('BENCH_ROUNDS', 2);
const CONCURRENCY = positiveIntFromEnv('BENCH_CONCURRENCY', 10);

const FORMS = ['bare', '3 writes', '2 writes', '1 write', 'no log', 'enter', 'bare-tx', 'providers bare', 'providers 1 write'] as const;
type Form = (typeof FORMS)[number];
const SET_CONTEXT = "select set_config('role', $1, true), set_config('app.tenant_id', $2, true)";

/** Clock ticks (1/100 s) of user + system CPU of these processes so far (Linux /proc). */
function ticksOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks;
}

async function main() {
  const bench = await throwawayDatabase('vervolg_bench_rtt');
  try {
    const { tenantId, token } = await seed(bench.handle.db);
    const session = parseSessionToken(token);
    if (!session) throw new Error('the seeded token does not parse');
    const userId = (await bench.owner`select user_id from sessions where id = ${session.id}`)[0]?.user_id as string;
    const sql = postgres(bench.url, { max: CONCURRENCY, onnotice: () => {}, connection: { application_name: 'vervolg-bench-rtt' } });
    const enterParams = () => [APP_ROLE, session.id, sha256Hex(session.secret), null, 8 * 3600, new Date(), tenantId, null];
    const logParams = () => {
      const row: Record<string, unknown> = {
        id: uuidv7(), tenant_id: tenantId, provider_id: null, trace_id: uuidv7(), span_id: randomToken(8), operation: 'listMembers', action: 'read',
        status: 'ok', actor_type: 'user', actor_id: userId, acting_for: tenantId, subject_type: null, subject_id: null,
      };
      return LOG_COLUMNS.map((c) => row[c] ?? null);
    };
    const q = (t: postgres.ReservedSql, text: string, params: unknown[] = []) => t.unsafe(text, params as never, { prepare: true });
    /** The pool itself, for the bare selects (no transaction, any connection). */
    const pooled = sql as unknown as postgres.ReservedSql;
    /** app_enter answers the roles it entered with; none means the session did not reach the municipality. */
    const mustHaveEntered = (entered: postgres.RowList<postgres.Row[]>) => {
      if (!entered[0]?.tenant_roles) throw new Error('app_enter did not enter the municipality');
    };
    /** One transaction's statements on a connection of its own, as the app's driver reserves one per transaction. */
    const reserved = async (work: (t: postgres.ReservedSql) => Promise<unknown>) => {
      const t = await sql.reserve();
      try {
        await work(t);
      } finally {
        t.release();
      }
    };
    const run: Record<Form, () => Promise<unknown>> = {
      bare: () => q(pooled, MEMBERS_SQL, [tenantId, 21]),
      '3 writes': () =>
        reserved(async (t) => {
          const [, entered] = await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams())]);
          mustHaveEntered(entered);
          await q(t, MEMBERS_SQL, [tenantId, 21]);
          await Promise.all([q(t, INSERT_PROCESSING_LOG, logParams()), q(t, 'commit')]);
        }),
      '2 writes': () =>
        reserved(async (t) => {
          const [, entered] = await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams()), q(t, MEMBERS_SQL, [tenantId, 21])]);
          mustHaveEntered(entered);
          await Promise.all([q(t, INSERT_PROCESSING_LOG, logParams()), q(t, 'commit')]);
        }),
      '1 write': () =>
        reserved(async (t) => {
          await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams()), q(t, MEMBERS_SQL, [tenantId, 21]), q(t, INSERT_PROCESSING_LOG, logParams()), q(t, 'commit')]);
        }),
      'no log': () =>
        reserved(async (t) => {
          await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams())]);
          await q(t, MEMBERS_SQL, [tenantId, 21]);
          await q(t, 'commit');
        }),
      enter: () =>
        reserved(async (t) => {
          await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams()), q(t, 'commit')]);
        }),
      'bare-tx': () =>
        reserved(async (t) => {
          await Promise.all([q(t, 'begin'), q(t, SET_CONTEXT, [APP_ROLE, tenantId]), q(t, MEMBERS_SQL, [tenantId, 21]), q(t, 'commit')]);
        }),
      'providers bare': () => q(pooled, PROVIDERS_SQL, [tenantId, 21]),
      'providers 1 write': () =>
        reserved(async (t) => {
          const [, entered] = await Promise.all([q(t, 'begin'), q(t, APP_ENTER, enterParams()), q(t, PROVIDERS_SQL, [tenantId, 21]), q(t, 'commit')]);
          mustHaveEntered(entered);
        }),
    };
    // Open every connection (and prepare every statement on each) before anything is measured.
    await Promise.all(Array.from({ length: CONCURRENCY * 3 }, () => run['3 writes']().then(run.enter).then(run['bare-tx']).then(run['providers 1 write'])));
    const pids = (await sql`select pid from pg_stat_activity where application_name = 'vervolg-bench-rtt'`).map((r) => Number(r.pid));

    const results = new Map<Form, { perSecond: number[]; nodeMs: number[]; pgMs: number[] }>(FORMS.map((f) => [f, { perSecond: [], nodeMs: [], pgMs: [] }]));
    console.log(`request-round-trips — ${CONCURRENCY} transactions at a time, ${SECONDS} s per form, ${ROUNDS} rounds; PostgreSQL CPU of this benchmark's ${pids.length} backends`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const form of FORMS) {
        const work = run[form];
        const until = performance.now() + SECONDS * 1000;
        let done = 0;
        const cpu = process.cpuUsage();
        const pg = ticksOf(pids);
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (performance.now() < until) {
              await work();
              done++;
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        const r = results.get(form) as { perSecond: number[]; nodeMs: number[]; pgMs: number[] };
        r.perSecond.push(done / seconds);
        r.nodeMs.push((used.user + used.system) / 1000 / done);
        r.pgMs.push(((ticksOf(pids) - pg) * 10) / done);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const perSecondOf = (form: Form) => median(results.get(form)?.perSecond ?? []);
    const bare = perSecondOf('bare');
    // × bare: against the members select for the members forms, the providers select for the providers forms.
    const providersBare = perSecondOf('providers bare');
    console.log(`${'form'.padEnd(18)} per second   × bare   node CPU/tx   postgres CPU/tx`);
    for (const form of FORMS) {
      const r = results.get(form) as { perSecond: number[]; nodeMs: number[]; pgMs: number[] };
      const perSecond = median(r.perSecond);
      const anchor = form.startsWith('providers') ? providersBare : bare;
      console.log(
        `${form.padEnd(18)} ${perSecond.toFixed(0).padStart(10)}   ${(perSecond / anchor).toFixed(2).padStart(6)}   ${median(r.nodeMs).toFixed(3).padStart(8)} ms   ${median(r.pgMs).toFixed(3).padStart(12)} ms`,
      );
    }
    const logged = (await bench.owner`select count(*)::int as n from processing_log where operation = 'listMembers'`)[0]?.n;
    console.log(`processing-log rows written: ${logged}`);
    await sql.end({ timeout: 5 });
  } finally {
    await bench.drop(() => {});
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
