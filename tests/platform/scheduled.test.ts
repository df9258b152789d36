// The scheduled work runs each module isolated (issue 10, item 2): a module that throws is logged
// with its name and duration — no personal data — and the outbox and webhook deliveries still run.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEndpoint } from '../../src/modules/webhooks/service.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { enqueue } from '../../src/platform/outbox.js';
import { STRICT_WEBHOOK_TARGETS } from '../../src/platform/webhooks/targets.js';
import { enqueueWebhookEvent } from '../../src/platform/webhooks.js';
import { runScheduledWork } from '../../src/scheduled.js';
import { type World, createWorld } from '../support/world.js';

/** The jobs made to throw in a test, by name. */
const broken = new Set<string>();
/** A database error quoting the row it choked on, as some do. */
const failure = (job: string) => Object.assign(new Error(`${job}: duplicate key for jan.jansen@example.nl, +31612345678`), { code: '23505' });
const ran: string[] = [];

function breakable<A extends unknown[], R>(job: string, original: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    ran.push(job);
    if (broken.has(job)) throw failure(job);
    return original(...args);
  };
}

vi.mock('../../src/modules/signing/jobs.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/signing/jobs.js')>();
  return { ...actual, runSigningJobs: breakable('signing', actual.runSigningJobs) };
});
vi.mock('../../src/modules/contracts/jobs.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/contracts/jobs.js')>();
  return { ...actual, runContractJobs: breakable('contracts', actual.runContractJobs) };
});
vi.mock('../../src/modules/billing/jobs.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/billing/jobs.js')>();
  return { ...actual, runBillingJobs: breakable('billing', actual.runBillingJobs) };
});
vi.mock('../../src/platform/outbox.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/platform/outbox.js')>();
  return { ...actual, deliverDue: breakable('outbox', actual.deliverDue) };
});

let w: World;
const posted: { url: string; id: string | null }[] = [];
const webhookFetch: typeof fetch = async (input, init) => {
  posted.push({ url: String(input), id: new Headers(init?.headers).get('Vervolg-Webhook-Id') });
  return new Response('ok', { status: 200 });
};

beforeAll(async () => {
  w = await createWorld();
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: w.A.id });
    await createEndpoint(trx, w.A.id, { url: 'https://hooks.example.com/vervolg', events: ['agreement.signed'] }, STRICT_WEBHOOK_TARGETS, new Date());
  });
});
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  broken.clear();
  ran.length = 0;
  posted.length = 0;
  w.logs.length = 0;
});

/** A message and a webhook event, both due now. */
async function queueWork() {
  return inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: w.A.id });
    const messageId = await enqueue(trx, { channel: 'email', recipient: 'iemand@test.example', subject: 'Herinnering', body: 'Tekst', tenantId: w.A.id });
    const { eventId } = await enqueueWebhookEvent(trx, w.A.id, 'agreement.signed', { agreementId: 'a-1' });
    return { messageId, eventId };
  });
}

const run = () => runScheduledWork({ db: w.db, transport: w.transport, log: (entry) => w.logs.push(entry), publicUrl: 'https://vervolg.test', webhookTargets: STRICT_WEBHOOK_TARGETS, webhookFetch });
const failures = () => w.logs.filter((l) => l.msg === 'job failed');

describe('scheduled work, each job isolated', () => {
  it.each(['signing', 'contracts', 'billing'])('%s throws: the other jobs run, and the message and the webhook still go out', async (job) => {
    broken.add(job);
    const { messageId, eventId } = await queueWork();
    await expect(run()).resolves.toBeUndefined();
    expect(ran).toEqual(['signing', 'contracts', 'billing', 'outbox']);
    expect(w.transport.sent.map((m) => m.id)).toContain(messageId);
    expect(posted.map((p) => p.id)).toContain(eventId);
    expect(failures()).toEqual([{ level: 'error', msg: 'job failed', job, error: `Error: ${job}: duplicate key for [address], [number]`, code: '23505', durationMs: expect.any(Number) }]);
    expect(JSON.stringify(w.logs)).not.toMatch(/jansen|612345678/);
  });

  it('the outbox throws: webhooks are still delivered', async () => {
    broken.add('outbox');
    const { eventId } = await queueWork();
    await run();
    expect(posted.map((p) => p.id)).toContain(eventId);
    expect(failures().map((l) => l.job)).toEqual(['outbox']);
  });

  it('every module throws: the run still ends, with one log line per failed job', async () => {
    for (const job of ['signing', 'contracts', 'billing', 'outbox']) broken.add(job);
    const { eventId } = await queueWork();
    await expect(run()).resolves.toBeUndefined();
    expect(posted.map((p) => p.id)).toContain(eventId);
    expect(failures().map((l) => l.job)).toEqual(['signing', 'contracts', 'billing', 'outbox']);
  });
});
