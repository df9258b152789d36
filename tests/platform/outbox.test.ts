// The outbox: messages written in the request's transaction, delivered by a job through the
// Notify-shaped HTTP transport (tested against a local fake server), with retries and backoff —
// and never twice: not when the database fails right after Notify acknowledged a message, not when
// a process died between the send and its record.
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { ConsoleTransport, MAX_ATTEMPTS, NotifyTransport, backoffMs, deliverDue, deliverNow, enqueue, leaseMs, takeAfterCommit } from '../../src/platform/outbox.js';
import { DatabaseOutage } from '../support/db-outage.js';
import { usingPostgres } from '../support/db.js';
import { type World, createWorld } from '../support/world.js';

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const API_KEY = `vervolg_test-${SERVICE_ID}-${SECRET}`;

interface Received {
  path: string;
  auth: string;
  body: Record<string, unknown>;
}

let w: World;
let server: Server;
let baseUrl: string;
/** The sends (POSTs) the fake Notify got. */
const received: Received[] = [];
/** Status codes the fake server answers sends with, in order; 201 when empty. */
const script: number[] = [];
/** What the fake Notify accepted: its notification ids, per reference (our outbox id). */
const accepted = new Map<string, string[]>();
/** The references it was asked about (GET /v2/notifications?reference=…). */
const lookups: string[] = [];
/** Called when the fake Notify accepts a message, before it answers. */
let onAccept: ((reference: string) => Promise<void> | void) | undefined;
const timesAccepted = (reference: string) => accepted.get(reference)?.length ?? 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
  });
}

beforeAll(async () => {
  w = await createWorld();
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://notify.test');
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      // Notify v2 "get the status of multiple messages", filtered by reference.
      const reference = url.searchParams.get('reference') ?? '';
      lookups.push(reference);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ notifications: (accepted.get(reference) ?? []).map((id) => ({ id, reference, status: 'delivered' })), links: {} }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    received.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body });
    const status = script.shift() ?? 201;
    const id = `notify-${received.length}`;
    if (status === 201) {
      const reference = String(body.reference);
      accepted.set(reference, [...(accepted.get(reference) ?? []), id]);
      await onAccept?.(reference);
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(status === 201 ? { id, reference: body.reference } : { errors: [{ error: 'BadRequestError', message: 'nope' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await w?.close();
});

const transport = () => new NotifyTransport({ baseUrl, apiKey: API_KEY, emailTemplateId: 'tpl-email', smsTemplateId: 'tpl-sms' });

async function queue(channel: 'email' | 'sms', recipient: string, tenantId: string | null = null) {
  return inAppTransaction(w.db, async (trx) => {
    if (tenantId) await setContext(trx, { tenantId });
    return enqueue(trx, { channel, recipient, subject: 'Onderwerp', body: 'Tekst', tenantId });
  });
}

function verifyJwt(auth: string) {
  const [header, payload, signature] = auth.replace(/^Bearer /, '').split('.') as [string, string, string];
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
  expect(signature).toBe(expected);
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss: string; iat: number };
  expect(claims.iss).toBe(SERVICE_ID);
  expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
}

describe('Notify transport', () => {
  it('posts e-mail and SMS in the Notify v2 shape with a signed JWT', async () => {
    received.length = 0;
    const emailId = await queue('email', 'iemand@test.example', w.A.id);
    const smsId = await queue('sms', '+31612345678', w.B.id);
    const counts = await deliverDue(w.db, transport());
    expect(counts).toEqual({ sent: 2, failed: 0, retried: 0 });
    const email = received.find((r) => r.path === '/v2/notifications/email');
    const sms = received.find((r) => r.path === '/v2/notifications/sms');
    expect(email?.body).toEqual({ email_address: 'iemand@test.example', template_id: 'tpl-email', personalisation: { subject: 'Onderwerp', body: 'Tekst' }, reference: emailId });
    expect(sms?.body).toEqual({ phone_number: '+31612345678', template_id: 'tpl-sms', personalisation: { body: 'Tekst' }, reference: smsId });
    verifyJwt(email?.auth ?? '');
    const rows = await w.db.selectFrom('outbox').selectAll().where('id', 'in', [emailId, smsId]).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.provider_reference?.startsWith('notify-'))).toBe(true);
  });

  it('retries a server error with growing backoff, then succeeds', async () => {
    received.length = 0;
    script.push(500, 503);
    const id = await queue('email', 'retry@test.example');
    const t0 = new Date();
    expect(await deliverDue(w.db, transport(), t0)).toEqual({ sent: 0, failed: 0, retried: 1 });
    // Not due again before the backoff has passed.
    expect(await deliverDue(w.db, transport(), new Date(t0.getTime() + backoffMs(1) - 1000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    const t1 = new Date(t0.getTime() + backoffMs(1));
    expect(await deliverDue(w.db, transport(), t1)).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await w.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(new Date(row.next_attempt_at).getTime() - t1.getTime()).toBe(backoffMs(2));
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));
    expect(await deliverDue(w.db, transport(), new Date(t1.getTime() + backoffMs(2)))).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(received).toHaveLength(3);
  });

  it('gives up at once on a client error, and after the last attempt on server errors', async () => {
    script.push(400);
    const bad = await queue('email', 'bad@test.example');
    await deliverDue(w.db, transport());
    expect((await w.db.selectFrom('outbox').select(['status', 'last_error']).where('id', '=', bad).executeTakeFirstOrThrow()).status).toBe('failed');

    const flaky = await queue('email', 'down@test.example');
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      script.push(500);
      await deliverDue(w.db, transport(), now);
      now = new Date(now.getTime() + backoffMs(i + 1));
    }
    const row = await w.db.selectFrom('outbox').select(['status', 'attempts']).where('id', '=', flaky).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', attempts: MAX_ATTEMPTS });
    script.length = 0;
  });

  it('survives an unreachable endpoint; as no answer came, the next attempt asks Notify first', async () => {
    const id = await queue('sms', '+31600000000');
    const unreachable = new NotifyTransport({ baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY, emailTemplateId: 'e', smsTemplateId: 's' });
    const t0 = new Date();
    expect(await deliverDue(w.db, unreachable, t0)).toMatchObject({ retried: 1 });
    const row = await w.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/network/);
    // Outcome unknown: still `sending`, its lease running to the retry time.
    expect(row.status).toBe('sending');
    expect(new Date(row.claimed_until as Date).getTime()).toBe(t0.getTime() + backoffMs(1));
    expect(await deliverDue(w.db, transport(), new Date(t0.getTime() + backoffMs(1)))).toMatchObject({ sent: 1 });
    expect(lookups).toContain(id);
    expect(timesAccepted(id)).toBe(1);
  });
});

describe('delivery right after the commit', () => {
  /** A committed transaction that enqueued one urgent message (the entry then calls deliverNow with its id). */
  async function urgent(recipient: string) {
    const id = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      return enqueue(trx, { channel: 'sms', recipient, body: 'Je code is 123456', tenantId: w.A.id }, { immediately: true });
    });
    return { id };
  }

  it('remembers the urgent ids per transaction, once, and only for that transaction', async () => {
    const ids = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      const a = await enqueue(trx, { channel: 'sms', recipient: '+31611111111', body: 'code', tenantId: w.A.id }, { immediately: true });
      await enqueue(trx, { channel: 'sms', recipient: '+31622222222', body: 'link', tenantId: w.A.id }); // not urgent
      return { a, taken: takeAfterCommit(trx), again: takeAfterCommit(trx) };
    });
    expect(ids.taken).toEqual([ids.a]);
    expect(ids.again).toEqual([]);
  });

  it('sends once: marked sent, so neither a second call nor the job sends it again', async () => {
    received.length = 0;
    const { id } = await urgent('+31633333333');
    expect(await deliverNow(w.db, transport(), [id])).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await deliverNow(w.db, transport(), [id])).toEqual({ sent: 0, failed: 0, retried: 0 });
    await deliverDue(w.db, transport(), new Date(Date.now() + 60_000));
    expect(received.filter((r) => r.body.reference === id)).toHaveLength(1);
    expect(await w.db.selectFrom('outbox').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'sent', attempts: 1 });
  });

  it('a failed send stays pending with backoff, and the job retries it', async () => {
    received.length = 0;
    script.push(503);
    const { id } = await urgent('+31644444444');
    const t0 = new Date();
    expect(await deliverNow(w.db, transport(), [id], t0)).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await w.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(row.next_attempt_at).getTime()).toBe(t0.getTime() + backoffMs(1));
    await deliverDue(w.db, transport(), new Date(t0.getTime() + backoffMs(1)));
    expect((await w.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sent');
    expect(received.filter((r) => r.body.reference === id)).toHaveLength(2);
  });
});

describe('isolation', () => {
  it("a tenant's requests see only their own outbox; the delivery job sees all", async () => {
    await queue('email', 'alpha-only@test.example', w.A.id);
    const fromB = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.B.id });
      return trx.selectFrom('outbox').select('recipient').execute();
    });
    expect(fromB.map((r) => r.recipient)).not.toContain('alpha-only@test.example');
  });

  it('a message written in a request that fails is never sent', async () => {
    const before = await w.db.selectFrom('outbox').select('id').execute();
    // Something enqueues, then the work fails: the transaction, message included, rolls back.
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await enqueue(trx, { channel: 'email', recipient: 'rolled-back@test.example', body: 'x', tenantId: w.A.id });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await w.db.selectFrom('outbox').select(['id', 'recipient']).execute();
    expect(after.length).toBe(before.length);
  });
});

// ---- no message sent twice (issue 10, item 6) ----

/** The database, counting the transactions open at any moment (BEGIN to COMMIT or ROLLBACK). */
function countingTransactions(db: Database): { db: Database; open: () => number } {
  let open = 0;
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          const builder = target.transaction();
          return {
            execute: async <T>(fn: Parameters<typeof builder.execute<T>>[0]) => {
              open++;
              try {
                return await builder.execute(fn);
              } finally {
                open--;
              }
            },
          };
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: counted, open: () => open };
}

const quick = { firstDelayMs: 5, maxDelayMs: 20 };

async function queueMany(n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await queue(i % 2 ? 'sms' : 'email', i % 2 ? `+316000000${i}${i}` : `${label}-${i}@test.example`, w.A.id));
  return ids;
}

async function statuses(ids: string[]) {
  return w.db.selectFrom('outbox').select(['id', 'status', 'provider_reference', 'attempts']).where('id', 'in', ids).execute();
}

describe('no message sent twice across a database failure', () => {
  // Each test counts only its own messages: whatever earlier tests left due goes out first.
  beforeEach(async () => {
    await deliverDue(w.db, transport(), new Date(Date.now() + 30 * 86_400_000), 1000);
  });

  it('an acknowledged message is recorded, not re-sent, when the database fails right after the send', async () => {
    const outage = new DatabaseOutage();
    const failing = w.db.withPlugin(outage);
    const all: string[] = [];
    const now = new Date(Date.now() + 3_600_000);

    // 1. Every acknowledgement takes the database down for one more write: the record step fails
    //    five times in a row, and is retried within the run until it goes through.
    const batch1 = await queueMany(5, 'outage-short');
    all.push(...batch1);
    onAccept = () => {
      outage.failures++;
    };
    expect(await deliverDue(failing, transport(), now, 50, { recordRetry: { windowMs: 10_000, ...quick } })).toEqual({ sent: 5, failed: 0, retried: 0 });
    onAccept = undefined;

    // 2. A longer outage: the run gives up writing (its acknowledged outcomes stay in memory), the
    //    next run cannot even claim, and the one after writes what the first run remembered.
    const batch2 = await queueMany(3, 'outage-long');
    all.push(...batch2);
    onAccept = () => {
      outage.failures = 3;
      onAccept = undefined;
    };
    await expect(deliverDue(failing, transport(), now, 50, { recordRetry: { windowMs: 0 } })).rejects.toThrow(/CONNECTION_CLOSED/);
    await expect(deliverDue(failing, transport(), now, 50, { recordRetry: { windowMs: 0 } })).rejects.toThrow(/CONNECTION_CLOSED/);
    expect(await deliverDue(failing, transport(), now)).toEqual({ sent: 0, failed: 0, retried: 0 });

    // 3. The database is back after the lease ran out, but the first write of the remembered
    //    outcomes still fails: the rows are claimed again, and recorded as sent without a send
    //    or a question to Notify — this process knows it sent them.
    const batch3 = await queueMany(2, 'outage-lease');
    all.push(...batch3);
    onAccept = () => {
      outage.failures++;
    };
    await expect(deliverDue(failing, transport(), now, 50, { recordRetry: { windowMs: 0 } })).rejects.toThrow(/CONNECTION_CLOSED/);
    onAccept = undefined;
    outage.failures = 1; // the remembered write at the start of the next run
    const afterLease = new Date(now.getTime() + leaseMs(2) + 1000);
    const lookupsBefore = lookups.length;
    expect(await deliverDue(failing, transport(), afterLease)).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(lookups.length).toBe(lookupsBefore);

    const sends = all.map(timesAccepted);
    const duplicates = sends.filter((n) => n > 1).length;
    const rows = await statuses(all);
    console.info(
      `outbox fault figures (${usingPostgres ? 'PostgreSQL' : 'PGlite'}): ${all.length} messages, ${outage.injected} injected database failures, Notify accepted ${sends.reduce((a, b) => a + b, 0)}, duplicates ${duplicates}, rows sent ${rows.filter((r) => r.status === 'sent').length}`,
    );
    expect(outage.injected).toBe(10);
    expect(sends).toEqual(all.map(() => 1));
    expect(rows.every((r) => r.status === 'sent' && r.provider_reference === accepted.get(r.id)?.[0])).toBe(true);
  });

  it('job runs a minute apart, the database failing right after every third first acknowledgement: each message accepted once', async () => {
    const outage = new DatabaseOutage();
    const failing = w.db.withPlugin(outage);
    const ids = await queueMany(10, 'flaky');
    let acknowledged = 0;
    onAccept = (reference) => {
      if (ids.includes(reference) && timesAccepted(reference) === 1 && acknowledged++ % 3 === 0) outage.failures++;
    };
    let t = Date.now() + 4 * 3_600_000;
    let runs = 0;
    try {
      while (runs < 30) {
        runs++;
        t += 60_000;
        // No retry within a run: each failure carries over to the next run, as in a long outage.
        await deliverDue(failing, transport(), new Date(t), 50, { recordRetry: { windowMs: 0 } }).catch(() => {});
        if ((await statuses(ids)).every((r) => r.status === 'sent')) break;
      }
    } finally {
      onAccept = undefined;
    }
    const sends = ids.map(timesAccepted);
    console.info(
      `outbox flaky-database figures (${usingPostgres ? 'PostgreSQL' : 'PGlite'}): ${ids.length} messages, ${outage.injected} injected database failures, ${runs} runs, Notify accepted ${sends.reduce((a, b) => a + b, 0)}, sent more than once ${sends.filter((n) => n > 1).length}`,
    );
    expect(outage.injected).toBe(4);
    expect(sends).toEqual(ids.map(() => 1));
    expect((await statuses(ids)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a message left `sending` past its lease is looked up: found → marked sent, not found → sent once', async () => {
    const [gotThere, neverSent, stillLeased] = await queueMany(3, 'died');
    const t0 = new Date(Date.now() + 2 * 3_600_000);
    // A process claimed all three and died: it had sent the first, not yet the second; the
    // third's lease has not run out yet.
    await w.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: 1, claimed_until: new Date(t0.getTime() - 1000) })
      .where('id', 'in', [gotThere as string, neverSent as string])
      .execute();
    await w.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: 1, claimed_until: new Date(t0.getTime() + 60_000) })
      .where('id', '=', stillLeased as string)
      .execute();
    const row = await w.db.selectFrom('outbox').selectAll().where('id', '=', gotThere as string).executeTakeFirstOrThrow();
    expect((await transport().send({ ...row, tenantId: row.tenant_id })).ok).toBe(true);

    expect(await deliverDue(w.db, transport(), t0)).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(lookups).toEqual(expect.arrayContaining([gotThere, neverSent]));
    expect(lookups).not.toContain(stillLeased);
    expect([gotThere, neverSent, stillLeased].map((id) => timesAccepted(id as string))).toEqual([1, 1, 0]);
    const rows = await statuses([gotThere as string, neverSent as string, stillLeased as string]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(gotThere as string)).toMatchObject({ status: 'sent', attempts: 2, provider_reference: accepted.get(gotThere as string)?.[0] });
    expect(byId.get(neverSent as string)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(byId.get(stillLeased as string)).toMatchObject({ status: 'sending', attempts: 1 });
    // Its lease runs out: then it is asked about and sent.
    expect(await deliverDue(w.db, transport(), new Date(t0.getTime() + 61_000))).toMatchObject({ sent: 1 });
    expect(timesAccepted(stillLeased as string)).toBe(1);
  });

  it('a one-time code sent right after the commit is not sent again when its record fails', async () => {
    const outage = new DatabaseOutage();
    const id = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      return enqueue(trx, { channel: 'sms', recipient: '+31655555555', body: 'Je code is 654321', tenantId: w.A.id }, { immediately: true });
    });
    onAccept = () => {
      outage.failures = 1;
      onAccept = undefined;
    };
    await expect(deliverNow(w.db.withPlugin(outage), transport(), [id], new Date(), { recordRetry: { windowMs: 0 } })).rejects.toThrow(/CONNECTION_CLOSED/);
    // The job, even once the lease has run out, sends it no second time.
    await deliverDue(w.db, transport(), new Date(Date.now() + leaseMs(1) + 60_000));
    expect(timesAccepted(id)).toBe(1);
    expect((await statuses([id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('asking a transport whether it has a message', () => {
  it('Notify: by reference, through GET /v2/notifications; an error answer is no answer', async () => {
    const id = await queue('email', 'lookup@test.example');
    expect(await transport().find(id)).toEqual({ found: false });
    await deliverDue(w.db, transport(), new Date(Date.now() + 5 * 3_600_000));
    expect(await transport().find(id)).toEqual({ found: true, reference: accepted.get(id)?.[0] });
    const broken = new NotifyTransport({ baseUrl, apiKey: API_KEY, emailTemplateId: 'e', smsTemplateId: 's' }, async () => new Response('{}', { status: 503 }));
    await expect(broken.find(id)).rejects.toThrow('HTTP 503');
  });

  it('the console answers from what this process printed, and cannot tell after a restart', async () => {
    const lines: string[] = [];
    const console = new ConsoleTransport((line) => lines.push(line));
    await console.send({ id: 'msg-1', channel: 'sms', recipient: '+31600000001', body: 'x' });
    expect(await console.find('msg-1')).toEqual({ found: true, reference: 'console-msg-1' });
    expect(await new ConsoleTransport(() => {}).find('msg-1')).toEqual({ found: false });
  });
});

describe('no Notify call inside a database transaction', () => {
  it('the claimed rows are neither locked nor in an open transaction while Notify is called', async () => {
    const { db, open } = countingTransactions(w.db);
    const url = (w.handle as { url?: string }).url;
    const second = usingPostgres && url ? postgres(url, { max: 1, onnotice: () => {} }) : undefined;
    const seen: { open: number; locked: boolean | undefined }[] = [];
    onAccept = async (reference) => {
      let locked: boolean | undefined;
      if (second) {
        // On PostgreSQL, from another connection: could we lock the row being sent right now?
        locked = await second
          .begin(async (tx) => {
            await tx`select id from outbox where id = ${reference} for update nowait`;
          })
          .then(
            () => false,
            (error: { code?: string }) => (error.code === '55P03' ? true : Promise.reject(error)),
          );
      }
      seen.push({ open: open(), locked });
    };
    try {
      await queueMany(2, 'no-transaction');
      const urgent = await queue('email', 'urgent-no-transaction@test.example', w.A.id);
      await deliverDue(db, transport(), new Date(Date.now() + 3 * 3_600_000));
      await queue('email', 'later@test.example', w.A.id).then((id) => deliverNow(db, transport(), [id]));
      expect(timesAccepted(urgent)).toBe(1);
    } finally {
      onAccept = undefined;
      await second?.end();
    }
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.every((s) => s.open === 0)).toBe(true);
    if (usingPostgres) expect(seen.every((s) => s.locked === false)).toBe(true);
  });
});
