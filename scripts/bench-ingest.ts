// `npm run bench:ingest`: outcome records through the batch endpoint of the real app, side by side
// with plain INSERTs of the same rows, against the same PostgreSQL, in one run.
//
// It makes three throwaway databases on DATABASE_URL's server, migrates each (the same tables,
// indexes and triggers) and seeds each with one municipality, one provider (with an API key) and
// an active contract. Then, alternating for a few rounds:
//   api     100,000 records (trajectories first, then satisfaction, continuation, goals and follow-up
//           measurements referring to them) POSTed to /v1/providers/{id}/outcome-batches in batches
//           of 10,000 over real HTTP (the app on @hono/node-server on a free port, request logging on),
//           each with its Idempotency-Key: validated, checked against the database, written.
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
// flight at once through the API; trajectories always finish before their measurements are sent),
// BENCH_INDICATOR_TRIGGERS (on; "off" is a diagnosis, not a result: it disables the triggers that
// keep indicator_facts current (0011) in both databases, to see the cost of ingest alone).
import { serve } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import postgres from 'postgres';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { bareArray, textArray } from '../src/modules/outcomes/columns.js';
import { uuidv7 } from '../src/platform/crypto.js';
import { connectPostgres } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { ConsoleTransport } from '../src/platform/outbox.js';
import { createPdfService, sealerFor } from '../src/pdf-in-process.js';
import { type Seeded, makeRecords, seed } from './bench/outcome-data.js';
import { DEFAULT_DATABASE_URL, positiveIntFromEnv } from './bench/settings.js';

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

// ---- (1) through the API ----

async function postBatches(baseUrl: string, seeded: Seeded, records: Record<string, unknown>[], label: string): Promise<number> {
  const batches: { body: string; kinds: Set<unknown>; key: string }[] = [];
  for (let i = 0; i < records.length; i += settings.batch) {
    const slice = records.slice(i, i + settings.batch);
    batches.push({ body: JSON.stringify({ records: slice }), kinds: new Set(slice.map((r) => r.type)), key: `${label}-${i}` });
  }
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
  const inOrder = async (list: typeof batches) => {
    let next = 0;
    const lanes = Array.from({ length: Math.min(settings.concurrency, list.length) }, async () => {
      while (next < list.length) await send(list[next++] as (typeof batches)[number]);
    });
    await Promise.all(lanes);
  };
  const started = performance.now();
  // Measurements may only be sent once the trajectories they refer to are in: batches of
  // trajectories alone go first, those that mix both one at a time, then measurements alone.
  const onlyTrajectories = batches.filter((b) => b.kinds.size === 1 && b.kinds.has('trajectory'));
  const mixed = batches.filter((b) => b.kinds.size > 1 && b.kinds.has('trajectory'));
  await inOrder(onlyTrajectories);
  for (const b of mixed) await send(b);
  await inOrder(batches.filter((b) => !b.kinds.has('trajectory')));
  return performance.now() - started;
}

// ---- (2) plain INSERTs ----

interface PlainRows {
  trajectories: Record<string, unknown>[];
  measurements: Record<string, unknown>[];
}

/** The rows the API writes for these records, with ids made here: what a bare loader would insert. */
function plainRows(records: Record<string, unknown>[], seeded: Seeded): PlainRows[] {
  const ids = new Map<string, string>();
  const batches: PlainRows[] = [];
  for (let i = 0; i < records.length; i += settings.batch) {
    const batch: PlainRows = { trajectories: [], measurements: [] };
    for (const r of records.slice(i, i + settings.batch)) {
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
  for (const batch of batches) {
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
  }
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
  for (const batch of batches) {
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
  }
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
 * CPU milliseconds so far of this process (the app and the bench's client alike) and of the
 * database's server processes, read from /proc when PostgreSQL runs on this machine (0 otherwise):
 * where a phase's time went, on a machine whose load moves the wall-clock figures.
 */
async function cpuNow(admin: postgres.Sql, database: string): Promise<{ node: number; postgres: number }> {
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
  return { node: (usage.user + usage.system) / 1000, postgres: ticks * 10 };
}

async function measured<T>(admin: postgres.Sql, database: string, work: () => Promise<T>): Promise<{ result: T; node: number; postgres: number }> {
  const before = await cpuNow(admin, database);
  const result = await work();
  const after = await cpuNow(admin, database);
  return { result, node: after.node - before.node, postgres: after.postgres - before.postgres };
}

/** A V8 CPU profiler on this process, started now; stopInto writes the .cpuprofile. */
async function startProfile(): Promise<{ stopInto(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stopInto(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
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
    const valuesSql = postgres(urlOf(names.values), { max: 1, onnotice: () => {} });
    cleanups.unshift(() => valuesSql.end({ timeout: 5 }));
    const unnestSql = postgres(urlOf(names.unnest), { max: 1, onnotice: () => {} });
    cleanups.unshift(() => unnestSql.end({ timeout: 5 }));

    const config = loadConfig({ APP_ENV: 'test', OUTBOX_TRANSPORT: 'console', DATABASE_URL: urlOf(names.api), LOG_REQUESTS: 'true' });
    let loggedBytes = 0;
    const app = createApp({
      config,
      db: apiHandle.db,
      transport: new ConsoleTransport(() => {}),
      // Logging stays on: each line is made, then dropped.
      log: (entry) => {
        loggedBytes += JSON.stringify({ time: new Date().toISOString(), ...entry }).length;
      },
      pdf: createPdfService(sealerFor(config)),
      runtime: 'node',
    });
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: s, port: info.port }));
    });
    // Batches are seconds apart while the plain inserts run: keep idle connections open meanwhile.
    (server as HttpServer).keepAliveTimeout = 120_000;
    cleanups.unshift(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as HttpServer).closeAllConnections();
        }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;

    // Warm-up (JIT, prepared statements, connection pool) on both sides, not counted.
    const warm = makeRecords('warm', ids.contractId, Math.min(settings.batch, 8_000));
    await postBatches(baseUrl, seeded, warm, 'warm');
    await insertValues(valuesSql, plainRows(warm, seeded));
    await insertUnnest(unnestSql, plainRows(warm, seeded));

    const runs = { api: [] as number[], values: [] as number[], unnest: [] as number[], plain: [] as number[] };
    const cpu = { api: [] as number[][], values: [] as number[][], unnest: [] as number[][] };
    for (let round = 1; round <= settings.rounds; round++) {
      const records = makeRecords(`r${round}`, ids.contractId, settings.records);
      // BENCH_CPU_PROF=<file>: a V8 profile of the last round's API part only (client and app, one process).
      const profiling = process.env.BENCH_CPU_PROF && round === settings.rounds ? await startProfile() : null;
      const api = await measured(admin, names.api, () => postBatches(baseUrl, seeded, records, `round-${round}`));
      if (profiling) await profiling.stopInto(process.env.BENCH_CPU_PROF as string);
      // Each plain form gets its own rows (its own ids), into its own database.
      const valuesRows = plainRows(records, seeded);
      const values = await measured(admin, names.values, () => insertValues(valuesSql, valuesRows));
      const unnestRows = plainRows(records, seeded);
      const unnest = await measured(admin, names.unnest, () => insertUnnest(unnestSql, unnestRows));
      const [apiMs, valuesMs, unnestMs] = [api.result, values.result, unnest.result];
      cpu.api.push([api.node, api.postgres]);
      cpu.values.push([values.node, values.postgres]);
      cpu.unnest.push([unnest.node, unnest.postgres]);
      const rate = (ms: number) => (records.length / ms) * 1000;
      runs.api.push(rate(apiMs));
      runs.values.push(rate(valuesMs));
      runs.unnest.push(rate(unnestMs));
      runs.plain.push(Math.max(rate(valuesMs), rate(unnestMs)));
      console.log(
        `round ${round}: api ${fmt(rate(apiMs))} records/s (${(apiMs / 1000).toFixed(2)} s)   plain INSERT … VALUES ${fmt(rate(valuesMs))} records/s (${(valuesMs / 1000).toFixed(2)} s)   plain INSERT … unnest ${fmt(rate(unnestMs))} records/s (${(unnestMs / 1000).toFixed(2)} s)`,
      );
      const cpuText = (c: { node: number; postgres: number }) => `node ${(c.node / 1000).toFixed(2)} s + postgres ${(c.postgres / 1000).toFixed(2)} s`;
      console.log(`         CPU: api ${cpuText(api)}   values ${cpuText(values)}   unnest ${cpuText(unnest)}`);
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
    console.log(`median CPU per ${fmt(settings.records)} records: api ${cpuMedian(cpu.api)} (the bench's HTTP client included); values ${cpuMedian(cpu.values)}; unnest ${cpuMedian(cpu.unnest)}`);
    if (!settings.indicatorTriggers) console.log('DIAGNOSIS run (indicator triggers off): not a result for the targets');
    console.log(`(request log lines made and dropped: ${fmt(loggedBytes)} bytes; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}

main();
