// Scheduled work, the same on both runtimes: a cron trigger on Workers, a timer on Node.
import type { Config } from '../config.js';
import type { Database } from './db/database.js';
import { type OutboxTransport, deliverDue } from './outbox.js';
import type { WebhookTargetPolicy } from './webhooks/targets.js';
import { deliverWebhooks } from './webhooks.js';

export interface JobDeps {
  db: Database;
  transport: OutboxTransport;
  log: (entry: Record<string, unknown>) => void;
  now?: () => Date;
  /** Development and test allow http webhook targets; production does not. */
  env?: Config['env'];
  /** Where webhooks may go (webhookTargetPolicy(config)); strict when absent. */
  webhookTargets?: WebhookTargetPolicy;
  /**
   * The fetch webhook deliveries use: on Node guardedWebhookFetch (checks every resolved address),
   * on Workers the plain fetch (see deliverWebhooks).
   */
  webhookFetch: typeof fetch;
}

/**
 * What a failed job's log line says about the error: its class, its code (an SQLSTATE or a system
 * error code) and its message with anything that looks like an address or a phone number taken
 * out — a job's error can quote the row it choked on, and logs carry no personal data.
 */
export function describeJobError(error: unknown): { error: string; code?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/[^\s@"'()<>,;]+@[^\s@"'()<>,;]+/g, '[address]')
    .replace(/\+?\d[\d -]{5,}\d/g, '[number]')
    .slice(0, 300);
  const code = (error as { code?: unknown } | null)?.code;
  return { error: `${name}: ${message}`, ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * Run one job on its own: if it throws, the error is logged with the job's name and how long it
 * ran, and the jobs after it still run — a broken module must not stop e-mail, SMS or webhooks.
 * Returns the job's result, or undefined when it failed.
 */
export async function runIsolated<T>(job: string, log: JobDeps['log'], fn: () => Promise<T>): Promise<T | undefined> {
  const started = Date.now();
  try {
    return await fn();
  } catch (error) {
    log({ level: 'error', msg: 'job failed', job, ...describeJobError(error), durationMs: Date.now() - started });
    return undefined;
  }
}

/** The platform's deliveries: the outbox, then webhooks, each isolated from the other. */
export async function runScheduledJobs(deps: JobDeps): Promise<void> {
  await runIsolated('outbox', deps.log, async () => {
    const started = Date.now();
    const outbox = await deliverDue(deps.db, deps.transport, deps.now?.() ?? new Date());
    if (outbox.sent + outbox.failed + outbox.retried > 0) {
      deps.log({ level: 'info', msg: 'jobs', job: 'outbox', outbox, durationMs: Date.now() - started });
    }
  });
  await runIsolated('webhooks', deps.log, () =>
    deliverWebhooks(deps.db, deps.webhookFetch, deps.now?.() ?? new Date(), { log: deps.log, ...(deps.webhookTargets ? { targets: deps.webhookTargets } : {}) }),
  );
}
