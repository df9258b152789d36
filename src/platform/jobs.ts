// Scheduled work, the same on both runtimes: a cron trigger on Workers, a timer on Node.
import type { Database } from './db/database.js';
import { type OutboxTransport, deliverDue } from './outbox.js';

export interface JobDeps {
  db: Database;
  transport: OutboxTransport;
  log: (entry: Record<string, unknown>) => void;
  now?: () => Date;
}

export async function runScheduledJobs(deps: JobDeps): Promise<void> {
  const started = Date.now();
  const outbox = await deliverDue(deps.db, deps.transport, deps.now?.() ?? new Date());
  if (outbox.sent + outbox.failed + outbox.retried > 0) {
    deps.log({ level: 'info', msg: 'jobs', outbox, durationMs: Date.now() - started });
  }
}
