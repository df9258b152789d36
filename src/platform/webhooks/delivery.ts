// Delivering webhooks: the scheduled job that posts due deliveries (queued by enqueue.ts), signed
// with the endpoint's secret (signature.ts), to addresses the target policy allows (targets.ts),
// and retries failures with exponential backoff. Delivery is at least once: receivers deduplicate
// on Vervolg-Webhook-Id (the event id, also `id` in the body). No ordering is promised;
// `createdAt` orders events.
//
// Everything here uses Web Crypto and fetch, so it runs on Workers and on Node alike.
import type { Updateable } from 'kysely';
import { type Database, JOBS_ROLE, inAppTransaction } from '../db/database.js';
import type { Logger } from '../http/env.js';
import { type RetryPolicy, retryWithBackoff } from '../retry.js';
import { SecretDecryptionError, isEncryptedSecret, legacyPlaintextAllowed, openStoredSecret, utf8 } from '../secrets.js';
import { webhookSignatureHeader } from './signature.js';
import type { JsonValue, WebhookDeliveries } from '../db/schema.generated.js';
import type { WebhookPayload } from './payload.js';
import { STRICT_WEBHOOK_TARGETS, type WebhookTargetPolicy, assertSafeWebhookUrl } from './targets.js';

export const WEBHOOK_MAX_ATTEMPTS = 12;
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Backoff after the n-th failed attempt: 1, 2, 4 … minutes, capped at 6 hours (12 attempts ≈ 20 hours). */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360) * 60_000;
}

export interface DeliverWebhooksOptions {
  /** Which targets are allowed at send time (webhookTargetPolicy(config)); strict unless told otherwise. */
  targets?: WebhookTargetPolicy;
  /** Deliveries per run. */
  limit?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per request; the endpoint must answer within this. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** How long a claimed delivery is left alone by other runs (a run that dies is retried after it). */
  leaseMs?: number;
  /** How long to keep retrying the record of results when the database fails right after the posts. */
  recordRetry?: RetryPolicy;
  log?: Logger;
}

export interface WebhookDeliveryCounts {
  delivered: number;
  failed: number;
  retried: number;
}

type Outcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'retry' | 'permanent'; statusCode: number | null; error: string }
  | { kind: 'cancelled'; error: string };

interface Claimed {
  tenant_id: string;
  id: string;
  event_id: string;
  payload: JsonValue;
  attempts: number;
  url: string;
  endpoint_id: string;
  /** Encrypted (openStoredSecret decrypts it just before signing). */
  secret: string;
  active: boolean;
  disabled_at: Date | null;
  /** secrets_state.legacy_plaintext when claimed (only looked up if a claimed secret is not encrypted). */
  legacy_plaintext: boolean;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What a delivery log says when no answer came: the same words whether the port was closed, the
 * packets were dropped, the name did not resolve, it resolved to an address the policy refuses, or
 * the receiver did not answer in time — the log must not become a scanner of the networks the
 * platform can reach.
 */
export const UNREACHABLE = 'Unreachable: no answer from the endpoint.';

async function attempt(row: Claimed, fetchImpl: typeof fetch, now: Date, targets: WebhookTargetPolicy, timeoutMs: number): Promise<Outcome> {
  if (row.disabled_at) return { kind: 'cancelled', error: 'The endpoint was deleted.' };
  if (!row.active) return { kind: 'cancelled', error: 'The endpoint is paused.' };
  try {
    assertSafeWebhookUrl(row.url, targets);
  } catch (error) {
    return { kind: 'permanent', statusCode: null, error: `Unsafe URL: ${messageOf(error)}` };
  }
  // As insertDeliveries (enqueue.ts) wrote it; JSON text in a jsonb string is read too.
  const p = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as WebhookPayload;
  // jsonb does not keep key order; the body does, and the signature is over the body as sent.
  const body = JSON.stringify({ id: p.id, type: p.type, createdAt: p.createdAt, data: p.data });
  const secret = utf8(await openStoredSecret('webhookSecret', [row.tenant_id, row.endpoint_id], row.secret, async () => row.legacy_plaintext));
  const { timestamp, header } = await webhookSignatureHeader(secret, body, now);
  let response: Response;
  try {
    response = await fetchImpl(row.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Vervolg-Webhooks/1',
        'Vervolg-Webhook-Id': row.event_id,
        'Vervolg-Webhook-Timestamp': String(timestamp),
        'Vervolg-Signature': header,
      },
      body,
      // A redirect could lead anywhere, private addresses included: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'retry', statusCode: null, error: UNREACHABLE };
  }
  // The answer's body is not read: only the status counts, and a receiver cannot make us store junk.
  await response.body?.cancel().catch(() => {});
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  const error = status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed.` : `HTTP ${status}`;
  // A client error other than timeout/rate limit will not get better by retrying.
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { kind: permanent ? 'permanent' : 'retry', statusCode: status, error };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Deliver due webhooks, as the jobs role (its policies let it read every tenant's deliveries and
 * endpoints, nothing else). Like the outbox, due rows are claimed with FOR UPDATE SKIP LOCKED so
 * two runs never send one delivery at once; unlike the outbox, the HTTP calls happen outside the
 * database transaction (a claim sets a short lease; results are written afterwards), so a slow
 * receiver never holds a connection or locks for its 10 seconds — PGlite has one connection, and
 * Hyperdrive pools them. If the database fails while the results are written, the write is
 * retried with backoff (options.recordRetry): a receiver that accepted a delivery is not sent it
 * again because the database blinked. A run that dies after claiming leaves the lease to expire:
 * the delivery is then sent again, with the same Vervolg-Webhook-Id and body, which receivers
 * deduplicate on (at least once).
 *
 * `fetchImpl` decides how far the target checks go, so every caller chooses it: on Node,
 * guardedWebhookFetch (node-fetch.ts) resolves each name at send time and connects only to the
 * public addresses it checked; on Workers, which have no DNS API, the plain fetch — the URL's
 * literal host is checked here, and Cloudflare's egress cannot reach private networks anyway.
 */
export async function deliverWebhooks(
  db: Database,
  fetchImpl: typeof fetch,
  now: Date = new Date(),
  options: DeliverWebhooksOptions = {},
): Promise<WebhookDeliveryCounts> {
  const started = Date.now();
  const targets = options.targets ?? STRICT_WEBHOOK_TARGETS;
  const limit = options.limit ?? 50;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const concurrency = options.concurrency ?? 8;
  // Long enough for the whole batch to time out, round after round, twice over.
  const leaseMs = options.leaseMs ?? Math.max(60_000, Math.ceil(limit / concurrency) * timeoutMs * 2);
  const counts: WebhookDeliveryCounts = { delivered: 0, failed: 0, retried: 0 };

  const claimed: Claimed[] = await inAppTransaction(
    db,
    async (trx) => {
      const rows = await trx
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.endpoint_id'))
        .select(['d.tenant_id', 'd.id', 'd.event_id', 'd.endpoint_id', 'd.payload', 'd.attempts', 'e.url', 'e.secret', 'e.active', 'e.disabled_at'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .orderBy('d.next_attempt_at')
        .limit(limit)
        .forUpdate('d')
        .skipLocked()
        .execute();
      if (rows.length > 0) {
        await trx
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
          .where('tenant_id', 'in', [...new Set(rows.map((r) => r.tenant_id))])
          .where('id', 'in', rows.map((r) => r.id))
          .execute();
      }
      const legacy = rows.some((r) => r.secret !== '' && !isEncryptedSecret(r.secret)) && (await legacyPlaintextAllowed(trx));
      return rows.map((r) => ({ ...r, legacy_plaintext: legacy }));
    },
    JOBS_ROLE,
  );
  if (claimed.length === 0) return counts;

  const outcomes = await mapLimit(claimed, concurrency, async (row) => {
    try {
      return await attempt(row, fetchImpl, now, targets, timeoutMs);
    } catch (error) {
      // A secret that does not decrypt (key missing from SECRET_KEYS, value altered): the log says
      // which endpoint and why (never the value); the delivery is retried once the key is back.
      if (error instanceof SecretDecryptionError) options.log?.({ level: 'error', msg: 'webhook secret not decrypted', tenantId: row.tenant_id, deliveryId: row.id, error: error.message });
      return { kind: 'retry', statusCode: null, error: `Internal: ${messageOf(error).slice(0, 300)}` } satisfies Outcome;
    }
  });

  // The whole write is retried, so counts are taken from the attempt that committed.
  const recorded = await retryWithBackoff(
    () =>
      inAppTransaction(
        db,
        async (trx) => {
          const counts: WebhookDeliveryCounts = { delivered: 0, failed: 0, retried: 0 };
          for (const [i, row] of claimed.entries()) {
            const outcome = outcomes[i] as Outcome;
            const attempts = outcome.kind === 'cancelled' ? row.attempts : row.attempts + 1;
            let update: Updateable<WebhookDeliveries>;
            if (outcome.kind === 'delivered') {
              counts.delivered++;
              update = { status: 'delivered', attempts, delivered_at: now, last_status_code: outcome.statusCode, last_error: null };
            } else if (outcome.kind === 'cancelled') {
              counts.failed++;
              update = { status: 'failed', last_error: outcome.error };
            } else if (outcome.kind === 'permanent' || attempts >= maxAttempts) {
              counts.failed++;
              update = { status: 'failed', attempts, last_status_code: outcome.statusCode, last_error: outcome.error };
            } else {
              counts.retried++;
              update = { attempts, last_status_code: outcome.statusCode, last_error: outcome.error, next_attempt_at: new Date(now.getTime() + webhookBackoffMs(attempts)) };
            }
            // Guarded on the attempt count: if the lease ran out and another run took over, its result wins.
            await trx
              .updateTable('webhook_deliveries')
              .set(update)
              .where('tenant_id', '=', row.tenant_id)
              .where('id', '=', row.id)
              .where('status', '=', 'pending')
              .where('attempts', '=', row.attempts)
              .execute();
          }
          return counts;
        },
        JOBS_ROLE,
      ),
    options.recordRetry ?? { windowMs: 2 * 60_000 },
  );
  Object.assign(counts, recorded);
  options.log?.({ level: 'info', msg: 'webhooks', ...counts, durationMs: Date.now() - started });
  return counts;
}
