// Everything the scheduled job does, composed here (as app.ts composes the routes): the
// platform's deliveries and each module's own scheduled work. Workers run it from the cron
// trigger, Node from a timer.
//
// Each module runs isolated (runIsolated): one that throws is logged and the others still run —
// above all the outbox and webhook deliveries, which run last so they carry what the modules
// queued in this same run.
import type { Config } from './config.js';
import { runAftercareJobs } from './modules/aftercare/jobs.js';
import { runBillingJobs } from './modules/billing/jobs.js';
import { runContractJobs } from './modules/contracts/jobs.js';
import { runIndicatorJobs } from './modules/indicators/jobs.js';
import { runSigningJobs } from './modules/signing/jobs.js';
import { type JobDeps, runScheduledJobs as runPlatformJobs, runIsolated } from './platform/jobs.js';

export async function runScheduledWork(deps: JobDeps & { publicUrl: string; billing?: Config['billing'] }): Promise<void> {
  const now = deps.now?.() ?? new Date();
  // Signing first: reminders and expiry notices go out through the outbox in the same run.
  await runIsolated('signing', deps.log, async () => {
    const started = Date.now();
    const signing = await runSigningJobs(deps.db, { publicUrl: deps.publicUrl, now });
    if (signing.expired + signing.reminded > 0) deps.log({ level: 'info', msg: 'signing jobs', ...signing, durationMs: Date.now() - started });
  });
  // Aftercare after signing: signals that began go out as webhooks, and the weekly digest.
  await runIsolated('aftercare', deps.log, async () => {
    const started = Date.now();
    const aftercare = await runAftercareJobs(deps.db, { publicUrl: deps.publicUrl, now });
    if (aftercare.signalled + aftercare.digests > 0) deps.log({ level: 'info', msg: 'aftercare jobs', ...aftercare, durationMs: Date.now() - started });
  });
  await runIsolated('contracts', deps.log, async () => {
    const started = Date.now();
    const contracts = await runContractJobs(deps.db, { publicUrl: deps.publicUrl, now, log: deps.log });
    if (Object.values(contracts).some((n) => n > 0)) deps.log({ level: 'info', msg: 'contract jobs', ...contracts, durationMs: Date.now() - started });
  });
  await runIsolated('billing', deps.log, async () => {
    const started = Date.now();
    const billing = await runBillingJobs(deps.db, { now, billing: deps.billing });
    if (Object.values(billing).some((n) => n > 0)) deps.log({ level: 'info', msg: 'billing jobs', ...billing, durationMs: Date.now() - started });
  });
  // The outcome indicators' rollups of years noted stale by deliveries, before anyone reads them.
  await runIsolated('indicators', deps.log, async () => {
    const started = Date.now();
    const indicators = await runIndicatorJobs(deps.db);
    if (indicators.recomputed > 0) deps.log({ level: 'info', msg: 'indicator jobs', ...indicators, durationMs: Date.now() - started });
  });
  await runPlatformJobs(deps);
}
