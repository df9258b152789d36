// `npm run bench:upload`: a 50,000-row outcome file through the provider's upload page, as a person
// without software delivers it, side by side with the same records through the batch endpoint, as
// an integrator delivers them, against the same PostgreSQL, in one run.
//
// One throwaway database on DATABASE_URL's server, migrated and seeded with one municipality, one
// provider (an API key, and an admin with a session whose second factor is verified) and an active
// contract. The app runs on @hono/node-server on a free port (real HTTP). Per round:
//   csv    the records as the template's CSV (; separators, BOM), POSTed as multipart/form-data to
//          /app/providers/{id}/outcomes with the admin's session: read, checked, written as one
//          batch, answered with the 303 to the result page (the time is until that answer);
//   xlsx   the same as an .xlsx workbook (only when BENCH_XLSX is not "off");
//   api    the same mix of records POSTed to /v1/providers/{id}/outcome-batches in batches of
//          10,000 (the endpoint's maximum) with the API key, trajectories before their measurements.
// Each delivery uses new references, so each writes 50,000 new records. Prints records/s and seconds
// per round, the medians, and the upload's seconds beside the anchor "≤ 60 s for 50,000 rows".
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_ROUNDS (2), BENCH_ROWS (50000), BENCH_XLSX (on), BENCH_ANALYZE (on: ANALYZE before each
// round, as autovacuum keeps the statistics of a database in use; off: tables never analysed).
import { serve } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import postgres from 'postgres';
import writeXlsxFile from 'write-excel-file/universal';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { recordsAsRows, rowsAsCsv } from '../src/modules/outcomes/sheet.js';
import { uuidv7 } from '../src/platform/crypto.js';
import { connectPostgres, inAppTransaction, setContext } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { ConsoleTransport } from '../src/platform/outbox.js';
import { createPdfService, sealerFor } from '../src/pdf-in-process.js';
import { type Seeded, makeRecords, seed } from './bench/outcome-data.js';
import { verifiedSession } from './bench/in-process.js';
import { DEFAULT_DATABASE_URL, positiveIntFromEnv } from './bench/settings.js';

const ANCHOR_SECONDS = 60;
const settings = {
  rounds: positiveIntFromEnv('BENCH_ROUNDS', 2),
  rows: positiveIntFromEnv('BENCH_ROWS', 50_000),
  xlsx: process.env.BENCH_XLSX !== 'off',
};
const API_BATCH = 10_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function uploadFile(baseUrl: string, providerId: string, cookie: string, file: { name: string; bytes: Uint8Array | string; type: string }): Promise<number> {
  const form = new FormData();
  form.append('file', new File([file.bytes as BlobPart], file.name, { type: file.type }));
  const started = performance.now();
  const res = await fetch(`${baseUrl}/app/providers/${providerId}/outcomes?lang=en`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    // As a browser's own form post: the session cookie, and the page's own origin.
    headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 303 || !/batch=/.test(res.headers.get('location') ?? '')) throw new Error(`upload of ${file.name} answered ${res.status}: ${text.slice(0, 2000)}`);
  return ms;
}

async function postBatches(baseUrl: string, seeded: Seeded, records: Record<string, unknown>[], label: string): Promise<number> {
  const started = performance.now();
  // In order: the trajectories (the first quarter) come before the measurements that refer to them.
  for (let i = 0; i < records.length; i += API_BATCH) {
    const res = await fetch(`${baseUrl}/v1/providers/${seeded.providerId}/outcome-batches`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${seeded.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': `${label}-${i}` },
      body: JSON.stringify({ records: records.slice(i, i + API_BATCH) }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`batch ${label}-${i} answered ${res.status}: ${text.slice(0, 1000)}`);
  }
  return performance.now() - started;
}

async function main() {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `vervolg_bench_upload_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: dropping the benchmark database`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await admin.unsafe(`create database ${name}`);
    cleanups.unshift(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    console.log(`bench:upload — ${fmt(settings.rows)} rows per delivery, ${settings.rounds} rounds; upload as CSV${settings.xlsx ? ' and .xlsx' : ''} vs the batch endpoint in batches of ${fmt(API_BATCH)}`);
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; server ${(await admin`show server_version`)[0]?.server_version}`);

    const handle = connectPostgres(url.toString(), { max: 10 });
    cleanups.unshift(() => handle.close());
    await migrate(handle.db);
    const ids = { tenantId: uuidv7(), providerId: uuidv7(), contractId: uuidv7() };
    const seeded = await seed(handle.db, ids);
    const adminId = uuidv7();
    await inAppTransaction(handle.db, async (trx) => {
      await trx.insertInto('users').values({ id: adminId, email: 'bench-upload@example.test', name: 'Bench Upload', password_hash: null, totp_key: null, totp_enabled_at: null, is_platform_operator: false }).execute();
      await setContext(trx, { providerId: ids.providerId });
      await trx.insertInto('provider_members').values({ provider_id: ids.providerId, user_id: adminId, roles: ['admin'] }).execute();
    });
    const cookie = `vervolg_session=${await verifiedSession(handle.db, adminId)}`;

    const config = loadConfig({ APP_ENV: 'test', OUTBOX_TRANSPORT: 'console', DATABASE_URL: url.toString(), LOG_REQUESTS: 'true', PUBLIC_URL: 'http://127.0.0.1' });
    const app = createApp({ config, db: handle.db, transport: new ConsoleTransport(() => {}), log: () => {}, pdf: createPdfService(sealerFor(config)), runtime: 'node' });
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: s, port: info.port }));
    });
    (server as HttpServer).keepAliveTimeout = 120_000;
    (server as HttpServer).requestTimeout = 0;
    cleanups.unshift(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as HttpServer).closeAllConnections();
        }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;

    // Warm-up (JIT, prepared statements, the pool), not counted.
    const warm = makeRecords('warm', ids.contractId, 2_000);
    await uploadFile(baseUrl, ids.providerId, cookie, { name: 'warm.csv', bytes: rowsAsCsv(recordsAsRows(warm, 'en')), type: 'text/csv' });
    await postBatches(baseUrl, seeded, makeRecords('warm-api', ids.contractId, 2_000), 'warm');

    // Statistics, as autovacuum keeps them in any database in use. Without them (tables never
    // analysed, as right after the warm-up) the planner picks a tenant-wide index for the indicator
    // facts' per-young-person probe and every statement rescans the delivery so far: measured at
    // 20,000 rows, 13.95 s before ANALYZE against 1.99 s after. BENCH_ANALYZE=off shows that case.
    const analyse = async () => {
      if (process.env.BENCH_ANALYZE === 'off') return;
      const owner = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        await owner`analyze`;
      } finally {
        await owner.end({ timeout: 5 });
      }
    };
    const runs = { csv: [] as number[], xlsx: [] as number[], api: [] as number[] };
    let sizes = '';
    for (let round = 1; round <= settings.rounds; round++) {
      await analyse();
      const csv = rowsAsCsv(recordsAsRows(makeRecords(`csv${round}`, ids.contractId, settings.rows), 'en'));
      const csvMs = await uploadFile(baseUrl, ids.providerId, cookie, { name: `outcomes-${round}.csv`, bytes: csv, type: 'text/csv' });
      runs.csv.push(csvMs);
      let line = `round ${round}: upload csv ${fmt((settings.rows / csvMs) * 1000)} records/s (${(csvMs / 1000).toFixed(2)} s)`;
      if (settings.xlsx) {
        const rows = recordsAsRows(makeRecords(`xlsx${round}`, ids.contractId, settings.rows), 'en');
        const blob = await writeXlsxFile(rows.map((r) => r.map((value) => (value ? { value, type: String } : null))) as never).toBlob();
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const xlsxMs = await uploadFile(baseUrl, ids.providerId, cookie, { name: `outcomes-${round}.xlsx`, bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
        runs.xlsx.push(xlsxMs);
        line += `   upload xlsx ${fmt((settings.rows / xlsxMs) * 1000)} records/s (${(xlsxMs / 1000).toFixed(2)} s)`;
        sizes = `file sizes: csv ${(csv.length / 1024 / 1024).toFixed(1)} MB, xlsx ${(bytes.length / 1024 / 1024).toFixed(1)} MB`;
      }
      const apiMs = await postBatches(baseUrl, seeded, makeRecords(`api${round}`, ids.contractId, settings.rows), `api-${round}`);
      runs.api.push(apiMs);
      console.log(`${line}   batch endpoint ${fmt((settings.rows / apiMs) * 1000)} records/s (${(apiMs / 1000).toFixed(2)} s)`);
    }

    // Everything delivered is in: each upload is one batch of all its rows.
    const stored = Number((await handle.db.selectFrom('outcome_batches').select((eb) => eb.fn.sum<string>('record_count').as('n')).executeTakeFirstOrThrow()).n);
    const expected = 4_000 + settings.rounds * settings.rows * (settings.xlsx ? 3 : 2);
    if (stored !== expected) throw new Error(`stored ${stored} records, expected ${expected}`);

    const slowest = Math.max(...runs.csv, ...runs.xlsx) / 1000;
    console.log('');
    if (sizes) console.log(sizes);
    console.log(`median upload csv:      ${fmt((settings.rows / median(runs.csv)) * 1000)} records/s, ${(median(runs.csv) / 1000).toFixed(2)} s`);
    if (settings.xlsx) console.log(`median upload xlsx:     ${fmt((settings.rows / median(runs.xlsx)) * 1000)} records/s, ${(median(runs.xlsx) / 1000).toFixed(2)} s`);
    console.log(`median batch endpoint:  ${fmt((settings.rows / median(runs.api)) * 1000)} records/s, ${(median(runs.api) / 1000).toFixed(2)} s`);
    console.log(
      `upload ${fmt(settings.rows)} rows: slowest ${slowest.toFixed(2)} s (≤ ${ANCHOR_SECONDS} s for 50,000 rows) ${settings.rows >= 50_000 ? (slowest <= ANCHOR_SECONDS ? 'OK' : 'NOT met') : '(fewer rows than the anchor)'}`,
    );
    console.log(`(load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}

main();
