// The outbox: messages written in the request's transaction, delivered by a job through the
// Notify-shaped HTTP transport (tested against a local fake server), with retries and backoff.
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { MAX_ATTEMPTS, NotifyTransport, backoffMs, deliverDue, deliverNow, enqueue, takeAfterCommit } from '../../src/platform/outbox.js';
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
const received: Received[] = [];
/** Status codes the fake server answers with, in order; 201 when empty. */
const script: number[] = [];

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
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    received.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body });
    const status = script.shift() ?? 201;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(status === 201 ? { id: `notify-${received.length}`, reference: body.reference } : { errors: [{ error: 'BadRequestError', message: 'nope' }] }));
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

  it('survives an unreachable endpoint', async () => {
    const id = await queue('sms', '+31600000000');
    const unreachable = new NotifyTransport({ baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY, emailTemplateId: 'e', smsTemplateId: 's' });
    expect(await deliverDue(w.db, unreachable)).toMatchObject({ retried: 1 });
    expect((await w.db.selectFrom('outbox').select('last_error').where('id', '=', id).executeTakeFirstOrThrow()).last_error).toMatch(/network/);
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
