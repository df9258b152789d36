// The real app in this process (createApp, as src/server.ts builds it, with the staff app's
// assets), a municipality and a member with a session whose second factor is verified (as the
// tests make one: no password, no TOTP), and the timing of requests sent to it with app.request.
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { ConsoleTransport } from '../../src/platform/outbox.js';
import { createPdfService, sealerFor } from '../../src/pdf-in-process.js';
import { nodeUiAssets } from '../../src/platform/ui/ui-assets-node.js';

export const log = (line: string) => process.stdout.write(`${line}\n`);

/** The app over `db`; nothing is logged and no message leaves (no benchmarked request sends one). */
export function inProcessApp(db: Database, databaseUrl: string) {
  // APP_ENV test: production would also demand the seal certificate and secret keys, which no benchmarked request uses.
  const config = loadConfig({ APP_ENV: 'test', OUTBOX_TRANSPORT: 'console', DATABASE_URL: databaseUrl });
  return createApp({ config, db, transport: new ConsoleTransport(() => {}), log: () => {}, pdf: createPdfService(sealerFor(config)), runtime: 'node', uiAssets: nodeUiAssets });
}

/** A municipality (as the platform operator makes one); returns its id. */
export async function createMunicipality(db: Database, values: { name: string; cbsCode: string; slug: string }): Promise<string> {
  const id = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id, name: values.name, cbs_code: values.cbsCode, slug: values.slug }).execute();
  });
  return id;
}

/**
 * A session token for `userId`, second factor verified. With `member`, the user is made first (no
 * password, no TOTP) and becomes a member of that municipality with those roles.
 */
export async function verifiedSession(db: Database, userId: string, member?: { tenantId: string; email: string; name: string; roles: string[] }): Promise<string> {
  return inAppTransaction(db, async (trx) => {
    if (member) {
      await trx.insertInto('users').values({ id: userId, email: member.email, name: member.name, password_hash: null, totp_key: null, totp_enabled_at: null, is_platform_operator: false }).execute();
    }
    const session = await createSession(trx, userId, { twoFactorVerified: true, userAgent: 'vervolg-bench' });
    if (member) {
      await setContext(trx, { tenantId: member.tenantId });
      await trx.insertInto('memberships').values({ tenant_id: member.tenantId, user_id: userId, roles: member.roles }).execute();
    }
    return session.token;
  });
}

/** The value at quantile q of ascending `sorted` (nearest rank). */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

export interface Timing<T> {
  median: number;
  p95: number;
  /** Every timed request, ascending (ms). */
  times: number[];
  /** What the last request returned (warm-up included), for a check of the answer. */
  last: T;
}

/**
 * Runs `request` `warmup` times untimed, then `requests` times timed one after another. `request`
 * returns the milliseconds it took (its own clock, so it can leave out checks) and a value.
 */
export async function timeRequests<T>(request: () => Promise<{ ms: number; value: T }>, warmup: number, requests: number): Promise<Timing<T>> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = (await request()).value;
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const r = await request();
    times.push(r.ms);
    last = r.value;
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95), times, last: last as T };
}
