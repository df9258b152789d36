// `npm run bench:ingest`: outcome records through the batch endpoint of the real app, side by side
// with plain INSERTs of the same rows, against the same PostgreSQL, in one run.
//
// It makes three throwaway databases on DATABASE_URL's server, migrates each (the same tables,
// indexes and triggers) and seeds each with one municipality, one provider (with an API key) and
// an active contract. Then, alternating for a few rounds:
//   api     100,000 records (trajectories first, then satisfaction, continuation, goals and follow-up
//           measurements referring to them) POSTed to /v1/providers/{id}/outcome-batches in batches
//           of 10,000 over real HTTP (the app on @hono/node-server in a process of its own,
//           scripts/bench/server.ts, so the bench's HTTP client does not share its event loop;
//           request logging on), each with its Idempotency-Key: validated, checked against the
//           database, written.
//   values  the same rows written with multi-row INSERT … VALUES statements (postgres.js binds one
//           parameter per value, at most 65,535 a statement) as the owner role: no validation, no
//           app, no row-level security; one transaction per 10,000 records.
//   unnest  the same rows written with one INSERT … SELECT FROM unnest(column arrays) per table and
//           transaction, as the owner role: the cheapest INSERT we know, and the way the app writes.
// The anchor is the faster of the two plain INSERTs in each round: the ratio compares the app
// with the best a bare loader does, not with a slow way of inserting.
// Every round uses new references, so each writes 100,000 new records into a growing database.
// Prints records/s per round, the medians, the ratio api / plain and whether the targets of
// issue 15 (≥ 30,000 records/s, ≥ 0.8× plain) are met; exit code 1 only on errors (a refused
// batch, a failed insert).
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_ROUNDS (3), BENCH_RECORDS (100000), BENCH_BATCH (10000), BENCH_CONCURRENCY (1: batches in
// flight at once, through the API and in the plain INSERTs alike, each plain form on as many
// connections; trajectories always commit before the measurements that refer to them are sent),
// BENCH_INDICATOR_TRIGGERS (on; "off" is a diagnosis, not a result: it disables the triggers that
// keep indicator_facts current (0011) in both databases, to see the cost of ingest alone),
// BENCH_CPU_PROF (a directory: the app's process writes a V8 CPU profile there when it stops).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { bareArray, textArray } from '../src/modules/outcomes/columns.js';
import { uuidv7 } from '../src/platform/crypto.js';
import { connectPostgres } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { type Seeded, makeRecords, seed } from './bench/outcome-data.js';
import { startServer, stopServer } from './bench/server-process.js';
import { DEFAULT_DATABASE_URL, positiveIntFromEnv } from './bench/settings.js';
import { cpuMs } from './bench/workerd.js';

/** Issue 15, target 3: records per second through the API, and the ratio to a plain INSERT. */
const TARGET = 30_000;
const TARGET_RATIO = 0.8;

const settings = {
  rounds: positiveIntFromEnv('BENCH_ROUNDS', 3),
  records: positiveIntFromEnv('BENCH_RECORDS', 100_000),
  batch: positiveIntFromEnv('BENCH_BATCH', 10_000),
  concurrency: positiveIntFromEnv('BENCH_CONCURRENCY', 1),
  indicatorTriggers: process.env.BENCH_INDICATOR_TRIGGERS !== 'off',
};

/** For the diagnosis only: the derived-table triggers of the indicators (0011), if present. */
async function disableIndicatorTriggers(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ table: string; name: string }[]>`
      select c.relname as table, t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where not t.tgisinternal and t.tgname like 'indicator_facts%'`;
    for (const r of rows) await sql.unsafe(`alter table ${r.table} disable trigger ${r.name}`);
    return rows.map((r) => r.name);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Sends `count` batches (0 … count − 1) with up to settings.concurrency in flight, in the order
 * measurements need: a record may only refer to a trajectory already committed. `kindsOf(i)`: the
 * record types in batch i. Batches of trajectories alone go first, those that mix both one at a
 * time, then measurements alone. The API and the plain INSERTs keep the same order and concurrency.
 */
async function inDependencyOrder(count: number, kindsOf: (i: number) => Set<unknown>, send: (i: number) => Promise<void>): Promise<void> {
  const all = Array.from({ length: count }, (_, i) => i);
  const inLanes = async (list: number[]) => {
    let next = 0;
    const lanes = Array.from({ length: Math.min(settings.concurrency, list.length) }, async () => {
      while (next < list.length) await send(list[next++] as number);
    });
    await Promise.all(lanes);
  };
  const hasTrajectories = (i: number) => kindsOf(i).has('trajectory');
  await inLanes(all.filter((i) => hasTrajectories(i) && kindsOf(i).size === 1));
  for (const i of all.filter((i) => hasTrajectories(i) && kindsOf(i).size > 1)) await send(i);
  await inLanes(all.filter((i) => !hasTrajectories(i)));
}

/** The record types of each batch of `records`, in batches of settings.batch. */
const kindsPerBatch = (records: Record<string, unknown>[]) =>
  Array.from({ length: Math.ceil(records.length / settings.batch) }, (_, b) => new Set(records.slice(b * settings.batch, (b + 1) * settings.batch).map((r) => r.type)));

// ---- (1) through the API ----

async function postBatches(baseUrl: string, seeded: Seeded, records: Record<string, unknown>[], label: string): Promise<number> {
  const batches: { body: string; key: string }[] = [];
  for (let i = 0; i < records.length; i += settings.batch) {
    batches.push({ body: JSON.stringify({ records: records.slice(i, i + settings.batch) }), key: `${label}-${i}` });
  }
  const kinds = kindsPerBatch(records);
  const send = async (b: (typeof batches)[number], attempt = 1): Promise<void> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/v1/providers/${seeded.providerId}/outcome-batches`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${seeded.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': b.key },
        body: b.body,
      });
    } catch (error) {
      // A dropped connection (e.g. a keep-alive socket closed as it was reused) is safe to retry:
      // the Idempotency-Key makes the second delivery return the first's answer if it got through.
      if (attempt < 3) return send(b, attempt + 1);
      throw error;
    }
    const text = await res.text();
    if (res.status !== 201 && !(attempt > 1 && res.status === 200)) throw new Error(`batch ${b.key} answered ${res.status}: ${text.slice(0, 1000)}`);
  };
  const started = performance.now();
  await inDependencyOrder(batches.length, (i) => kinds[i] as Set<unknown>, (i) => send(batches[i] as (typeof batches)[number]));
  return performance.now() - started;
}

// ---- (2) plain INSERTs ----

interface PlainRows {
  trajectories: Record<string, unknown>[];
  measurements: Record<string, unknown>[];
  /** The record types of the batch, for inDependencyOrder. */
  kinds: Set<unknown>;
}

/** The rows the API writes for these records, with ids made here: what a bare loader would insert. */
function plainRows(records: Record<string, unknown>[], seeded: Seeded): PlainRows[] {
  const ids = new Map<string, string>();
  const batches: PlainRows[] = [];
  for (let i = 0; i < records.length; i += settings.batch) {
    const slice = records.slice(i, i + settings.batch);
    const batch: PlainRows = { trajectories: [], measurements: [], kinds: new Set(slice.map((r) => r.type)) };
    for (const r of slice) {
      const base = { tenant_id: seeded.tenantId, provider_id: seeded.providerId };
      if (r.type === 'trajectory') {
        const id = uuidv7();
        ids.set(r.reference as string, id);
        batch.trajectories.push({
          ...base,
          id,
          contract_id: r.contractId,
          reference: r.reference,
          client_reference: r.clientReference,
          agreement_id: null,
          product_category: r.productCategory,
          product_code: (r.productCode as string | undefined) ?? '',
          start_date: r.startDate,
          end_date: r.endDate ?? null,
          end_reason: r.endReason ?? null,
        });
        continue;
      }
      const kind = r.type as string;
      batch.measurements.push({
        ...base,
        trajectory_id: ids.get(r.trajectoryReference as string),
        kind,
        slot: kind === 'satisfaction' ? r.informant : kind === 'follow-up' ? String(r.months) : '',
        measured_on: r.measuredOn,
        score: r.score ?? null,
        informant: r.informant ?? null,
        can_continue_without_help: r.canContinueWithoutHelp ?? null,
        goals_achieved: r.goalsAchieved ?? null,
        goals_total: r.goalsTotal ?? null,
        housing: r.housing ?? null,
        education_work: r.educationWork ?? null,
        income_debts: r.incomeDebts ?? null,
        network: r.network ?? null,
        new_youth_care: r.newYouthCare ?? null,
      });
    }
    batches.push(batch);
  }
  return batches;
}

/** Rows per statement, under PostgreSQL's 65,535 parameters. */
const perStatement = (columns: number) => Math.floor(65_535 / columns);

async function insertValues(sql: postgres.Sql, batches: PlainRows[]): Promise<number> {
  const started = performance.now();
  await inDependencyOrder(batches.length, (i) => (batches[i] as PlainRows).kinds, async (i) => {
    const batch = batches[i] as PlainRows;
    await sql.begin(async (tx) => {
      for (const [table, rows] of [
        ['trajectories', batch.trajectories],
        ['outcome_measurements', batch.measurements],
      ] as const) {
        if (rows.length === 0) continue;
        const columns = Object.keys(rows[0] as object);
        const size = perStatement(columns.length);
        for (let i = 0; i < rows.length; i += size) await tx`insert into ${tx(table)} ${tx(rows.slice(i, i + size) as never, columns)}`;
      }
    });
  });
  return performance.now() - started;
}

/** Column types of the plain rows, for the casts of unnest. */
const COLUMN_TYPES: Record<string, string> = {
  tenant_id: 'uuid',
  provider_id: 'uuid',
  id: 'uuid',
  contract_id: 'uuid',
  agreement_id: 'uuid',
  trajectory_id: 'uuid',
  start_date: 'date',
  end_date: 'date',
  measured_on: 'date',
  score: 'smallint',
  goals_achieved: 'integer',
  goals_total: 'integer',
  can_continue_without_help: 'boolean',
  new_youth_care: 'boolean',
};

async function insertUnnest(sql: postgres.Sql, batches: PlainRows[]): Promise<number> {
  const started = performance.now();
  await inDependencyOrder(batches.length, (i) => (batches[i] as PlainRows).kinds, async (i) => {
    const batch = batches[i] as PlainRows;
    await sql.begin(async (tx) => {
      for (const [table, rows] of [
        ['trajectories', batch.trajectories],
        ['outcome_measurements', batch.measurements],
      ] as const) {
        if (rows.length === 0) continue;
        const columns = Object.keys(rows[0] as object);
        // One array literal per column (columns.ts), bound as text: a dozen parameters per statement.
        const arrays = columns.map((c) => {
          const type = COLUMN_TYPES[c] ?? 'text';
          const values = rows.map((r) => r[c] as string | number | boolean | null);
          return { literal: type === 'text' ? textArray(values as (string | null)[]) : bareArray(values), type };
        });
        const unnest = arrays.map((a, i) => `$${i + 1}::text::${a.type}[]`).join(', ');
        await tx.unsafe(
          `insert into ${table} (${columns.join(', ')}) select * from unnest(${unnest})`,
          arrays.map((a) => a.literal),
          { prepare: true },
        );
      }
    });
  });
  return performance.now() - started;
}

// ---- the run ----

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * CPU milliseconds so far of this process (the bench: its HTTP client, or the plain loaders), of the
 * app's process, and of the database's server processes, read from /proc when PostgreSQL runs on
 * this machine (0 otherwise): where a phase's time went, on a machine whose load moves the
 * wall-clock figures.
 */
async function cpuNow(admin: postgres.Sql, database: string, appPid: number): Promise<Cpu> {
  const usage = process.cpuUsage();
  let ticks = 0;
  for (const { pid } of await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 a second).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Not on this machine, or the process ended: counted as nothing.
    }
  }
  return { bench: (usage.user + usage.system) / 1000, app: cpuMs(appPid) ?? 0, postgres: ticks * 10 };
}

interface Cpu {
  bench: number;
  app: number;
  postgres: number;
}

async function measured<T>(admin: postgres.Sql, database: string, appPid: number, work: () => Promise<T>): Promise<{ result: T } & Cpu> {
  const before = await cpuNow(admin, database, appPid);
  const result = await work();
  const after = await cpuNow(admin, database, appPid);
  return { result, bench: after.bench - before.bench, app: after.app - before.app, postgres: after.postgres - before.postgres };
}

async function main() {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const stamp = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const names = { api: `vervolg_bench_ingest_api_${stamp}`, values: `vervolg_bench_ingest_values_${stamp}`, unnest: `vervolg_bench_ingest_unnest_${stamp}` };
  const urlOf = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const cleanups: (() => Promise<unknown>)[] = [];
  let failed = false;
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0)) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
    await admin.end({ timeout: 5 });
  };
  // Stopped half-way (Ctrl-C, a timeout): still drop the throwaway databases.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: dropping the benchmark databases`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    for (const name of Object.values(names)) {
      await admin.unsafe(`create database ${name}`);
      cleanups.unshift(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    }
    console.log(`bench:ingest — ${fmt(settings.records)} records per round in batches of ${fmt(settings.batch)}, ${settings.rounds} rounds, concurrency ${settings.concurrency}`);
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; server ${(await admin`show server_version`)[0]?.server_version}`);

    const ids = { tenantId: uuidv7(), providerId: uuidv7(), contractId: uuidv7() };
    const apiHandle = connectPostgres(urlOf(names.api), { max: 10 });
    cleanups.unshift(() => apiHandle.close());
    await migrate(apiHandle.db);
    const seeded = await seed(apiHandle.db, ids);
    for (const name of [names.values, names.unnest]) {
      const plainHandle = connectPostgres(urlOf(name), { max: 1 });
      await migrate(plainHandle.db);
      await seed(plainHandle.db, ids);
      await plainHandle.close();
    }
    if (!settings.indicatorTriggers) {
      const disabled = [];
      for (const name of Object.values(names)) disabled.push(...(await disableIndicatorTriggers(urlOf(name))));
      console.log(`DIAGNOSIS: indicator triggers disabled in all three databases (${[...new Set(disabled)].join(', ') || 'none found'}); not a result`);
    }
    // As many connections as batches in flight (BENCH_CONCURRENCY), like the app's pool allows.
    const valuesSql = postgres(urlOf(names.values), { max: settings.concurrency, onnotice: () => {} });
    cleanups.unshift(() => valuesSql.end({ timeout: 5 }));
    const unnestSql = postgres(urlOf(names.unnest), { max: settings.concurrency, onnotice: () => {} });
    cleanups.unshift(() => unnestSql.end({ timeout: 5 }));

    // The app as bench:api runs it (scripts/bench/server.ts): a pool of 10, request log lines made and dropped.
    const server = await startServer('vervolg', urlOf(names.api), { cpuProfileDir: process.env.BENCH_CPU_PROF });
    cleanups.unshift(() => stopServer(server));
    const appPid = server.child.pid as number;
    const baseUrl = server.baseUrl;

    // Warm-up (JIT, prepared statements, connection pool) on both sides, not counted.
    const warm = makeRecords('warm', ids.contractId, Math.min(settings.batch, 8_000));
    await postBatches(baseUrl, seeded, warm, 'warm');
    await insertValues(valuesSql, plainRows(warm, seeded));
    await insertUnnest(unnestSql, plainRows(warm, seeded));

    const runs = { api: [] as number[], values: [] as number[], unnest: [] as number[], plain: [] as number[] };
    const cpu = { api: [] as number[][], values: [] as number[][], unnest: [] as number[][] };
    for (let round = 1; round <= settings.rounds; round++) {
      const records = makeRecords(`r${round}`, ids.contractId, settings.records);
      const api = await measured(admin, names.api, appPid, () => postBatches(baseUrl, seeded, records, `round-${round}`));
      // Each plain form gets its own rows (its own ids), into its own database.
      const valuesRows = plainRows(records, seeded);
      const values = await measured(admin, names.values, appPid, () => insertValues(valuesSql, valuesRows));
      const unnestRows = plainRows(records, seeded);
      const unnest = await measured(admin, names.unnest, appPid, () => insertUnnest(unnestSql, unnestRows));
      const [apiMs, valuesMs, unnestMs] = [api.result, values.result, unnest.result];
      // [Node, PostgreSQL, the bench's HTTP client]: the app's process for the API, the loader (this process) for the plain INSERTs.
      cpu.api.push([api.app, api.postgres, api.bench]);
      cpu.values.push([values.bench, values.postgres]);
      cpu.unnest.push([unnest.bench, unnest.postgres]);
      const rate = (ms: number) => (records.length / ms) * 1000;
      runs.api.push(rate(apiMs));
      runs.values.push(rate(valuesMs));
      runs.unnest.push(rate(unnestMs));
      runs.plain.push(Math.max(rate(valuesMs), rate(unnestMs)));
      console.log(
        `round ${round}: api ${fmt(rate(apiMs))} records/s (${(apiMs / 1000).toFixed(2)} s)   plain INSERT … VALUES ${fmt(rate(valuesMs))} records/s (${(valuesMs / 1000).toFixed(2)} s)   plain INSERT … unnest ${fmt(rate(unnestMs))} records/s (${(unnestMs / 1000).toFixed(2)} s)`,
      );
      const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        `         CPU: api node ${seconds(api.app)} + postgres ${seconds(api.postgres)} (its HTTP client ${seconds(api.bench)})   values node ${seconds(values.bench)} + postgres ${seconds(values.postgres)}   unnest node ${seconds(unnest.bench)} + postgres ${seconds(unnest.postgres)}`,
      );
    }

    // The API wrote what it said: every record of every round (and the warm-up) is in.
    const counts = (await apiHandle.db.selectFrom('outcome_batches').select((eb) => eb.fn.sum<string>('record_count').as('n')).executeTakeFirstOrThrow()).n;
    const expected = warm.length + settings.rounds * settings.records;
    if (Number(counts) !== expected) throw new Error(`the API accepted ${counts} records, expected ${expected}`);

    const api = median(runs.api);
    const plain = median(runs.plain);
    const ratio = api / plain;
    console.log('');
    console.log(`median through the API (validated, checked, written): ${fmt(api)} records/s`);
    console.log(`median plain INSERT … VALUES (multi-row):             ${fmt(median(runs.values))} records/s`);
    console.log(`median plain INSERT … SELECT FROM unnest:            ${fmt(median(runs.unnest))} records/s`);
    console.log(`median plain, the faster of the two per round:       ${fmt(plain)} records/s`);
    console.log(`ratio api / plain: ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'OK' : 'NOT MET'})`);
    console.log(`through the API: ${fmt(api)} records/s (target ≥ ${fmt(TARGET)}: ${api >= TARGET ? 'OK' : 'NOT MET'})`);
    const cpuMedian = (list: number[][]) => `node ${(median(list.map((c) => c[0] as number)) / 1000).toFixed(2)} s + postgres ${(median(list.map((c) => c[1] as number)) / 1000).toFixed(2)} s`;
    const clientMedian = (median(cpu.api.map((c) => c[2] as number)) / 1000).toFixed(2);
    console.log(
      `median CPU per ${fmt(settings.records)} records: api ${cpuMedian(cpu.api)} (node: the app's process; its HTTP client, in the bench's process, ${clientMedian} s); values ${cpuMedian(cpu.values)}; unnest ${cpuMedian(cpu.unnest)} (node: the loader)`,
    );
    if (!settings.indicatorTriggers) console.log('DIAGNOSIS run (indicator triggers off): not a result for the targets');
    // Stopped here (the cleanup would too) to learn how much request logging it did.
    const { loggedBytes } = await stopServer(server);
    console.log(`(request log lines made and dropped: ${loggedBytes === null ? 'unknown' : fmt(loggedBytes)} bytes; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}

main();
