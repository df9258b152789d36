// Scheduled work, the same on both runtimes: a cron trigger on Workers, a timer on Node.
import type { Config } from '../config.js';
import type { Database } from './db/database.js';
import { type OutboxTransport, deliverDue } from './outbox.js';
import type { WebhookTargetPolicy } from './webhook-targets.js';
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

export async function runScheduledJobs(deps: JobDeps): Promise<void> {
  const started = Date.now();
  const outbox = await deliverDue(deps.db, deps.transport, deps.now?.() ?? new Date());
  if (outbox.sent + outbox.failed + outbox.retried > 0) {
    deps.log({ level: 'info', msg: 'jobs', outbox, durationMs: Date.now() - started });
  }
  await deliverWebhooks(deps.db, deps.webhookFetch, deps.now?.() ?? new Date(), { log: deps.log, ...(deps.webhookTargets ? { targets: deps.webhookTargets } : {}) });
}
