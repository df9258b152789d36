// Everything the scheduled job does, composed here (as app.ts composes the routes): the
// platform's deliveries and each module's own scheduled work. Workers run it from the cron
// trigger, Node from a timer.
import type { Config } from './config.js';
import { runBillingJobs } from './modules/billing/jobs.js';
import { runContractJobs } from './modules/contracts/jobs.js';
import { runSigningJobs } from './modules/signing/jobs.js';
import { type JobDeps, runScheduledJobs as runPlatformJobs } from './platform/jobs.js';

export async function runScheduledWork(deps: JobDeps & { publicUrl: string; billing?: Config['billing'] }): Promise<void> {
  const now = deps.now?.() ?? new Date();
  // Signing first: reminders and expiry notices go out through the outbox in the same run.
  const signing = await runSigningJobs(deps.db, { publicUrl: deps.publicUrl, now });
  if (signing.expired + signing.reminded > 0) deps.log({ level: 'info', msg: 'signing jobs', ...signing });
  const contracts = await runContractJobs(deps.db, { publicUrl: deps.publicUrl, now, log: deps.log });
  if (Object.values(contracts).some((n) => n > 0)) deps.log({ level: 'info', msg: 'contract jobs', ...contracts });
  const billing = await runBillingJobs(deps.db, { now, billing: deps.billing });
  if (Object.values(billing).some((n) => n > 0)) deps.log({ level: 'info', msg: 'billing jobs', ...billing });
  await runPlatformJobs(deps);
}
