// The real Worker (src/worker.ts) in workerd, started with wrangler dev in local mode, against a
// throwaway PostgreSQL database reached over TCP through the local Hyperdrive binding. Data is
// set up from Node as the owner role; everything else goes through plain HTTP to the Worker.
// Each test stands alone: what it starts from (the admin's session, an invitation) it asks for as a
// fixture (`test(…, async ({ adminToken }) => …)`) or makes itself.
import { generateTOTP } from '@oslojs/otp';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test as baseTest, describe, expect } from 'vitest';
import { ensureUser } from '../../src/modules/identity/service.js';
import { randomBytes, uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { installSecretKeys, sealStoredSecret } from '../../src/platform/secrets.js';
import { verifyWebhookSignature } from '../../src/platform/webhooks.js';
import { loadConfig } from '../../src/config.js';
import { insertContract } from '../support/contracts.js';
import { useWorker, verifiedSession } from './harness.js';

const PASSWORD = 'workerd says hello to scrypt';
const ADMIN_EMAIL = 'beheer@alpha.workers.example';

const ids = { alpha: uuidv7(), beta: uuidv7(), admin: '', provider: uuidv7(), contract: '' };
const OPERATOR_EMAIL = 'operator@platform.workers.example';
const PROVIDER_ADMIN_EMAIL = 'beheer@aanbieder.workers.example';
const totpKey = randomBytes(20);

async function seed(db: Database) {
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    // Alpha keeps the default (two-factor required), so the sign-in goes through TOTP.
    await trx.insertInto('tenants').values({ id: ids.alpha, name: 'Gemeente Alpha', cbs_code: 'GM0101', slug: 'alpha' }).execute();
    await trx.insertInto('tenants').values({ id: ids.beta, name: 'Gemeente Beta', cbs_code: 'GM0102', slug: 'beta' }).execute();
    ids.admin = await ensureUser(trx, { email: ADMIN_EMAIL, name: 'Alpha Beheerder', password: PASSWORD });
    await setContext(trx, { operator: false, tenantId: ids.alpha });
    await trx.insertInto('memberships').values({ tenant_id: ids.alpha, user_id: ids.admin, roles: ['admin'] }).execute();
    // An operator and a provider admin who have only their password (no authenticator yet).
    await ensureUser(trx, { email: OPERATOR_EMAIL, name: 'Platform Operator', password: PASSWORD, isOperator: true });
    const providerAdmin = await ensureUser(trx, { email: PROVIDER_ADMIN_EMAIL, name: 'Aanbieder Beheer', password: PASSWORD });
    await setContext(trx, { tenantId: null });
    await trx.insertInto('providers').values({ id: ids.provider, name: 'Aanbieder Workerd', agb_code: '33333333', kvk_number: '33333333' }).execute();
    await setContext(trx, { providerId: ids.provider });
    await trx.insertInto('provider_members').values({ provider_id: ids.provider, user_id: providerAdmin, roles: ['admin'] }).execute();
  });
  // A contract of Alpha's with the provider, for its summary PDF (made by the PDF Worker).
  ids.contract = (await insertContract(db, { tenantId: ids.alpha, providerId: ids.provider })).id;
  // The authenticator app, set up directly (as the owner role), its key encrypted with the test
  // key the Worker also has (APP_ENV test): the Worker decrypts it to check the codes.
  installSecretKeys(loadConfig({ APP_ENV: 'test' }).secretKeys ?? []);
  const sealed = await sealStoredSecret('totpKey', [ids.admin], totpKey);
  await db.updateTable('users').set({ totp_key: sealed, totp_enabled_at: new Date() }).where('id', '=', ids.admin).execute();
}

// The webhook test's receiver listens on this machine.
const harness = useWorker({ seed, vars: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
const { url, request } = harness;

const test = baseTest.extend('adminToken', { scope: 'file' }, async () => verifiedSession(harness.db, ids.admin));

/** A new address to invite, unique to the call. */
let invitations = 0;
const newInvitee = () => `nieuw.${Date.now().toString(36)}.${++invitations}@alpha.workers.example`;

/** Invite `email` to Alpha as an analyst (checking it worked): the invitation. */
async function invite(token: string, email: string): Promise<{ id: string; email: string; roles: string[] }> {
  const res = await request('POST', `/v1/municipalities/${ids.alpha}/invitations`, { token, body: { email, roles: ['analyst'] } });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as { id: string; email: string; roles: string[] };
}

async function problem(res: Response, status: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.status).toBe(status);
  return body;
}

describe('the Worker in workerd', () => {
  test('GET /v1/health answers 200 with the version and security headers', async () => {
    const res = await request('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(res.headers.get('API-Version')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Request-ID')).toBeTruthy();
  });

  test('builds the app once per isolate: only the database client is per request (issue 10)', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await request('GET', '/v1/health');
      expect(res.status).toBe(200);
      // Each request's own database client answered (the app has none of its own).
      expect(await res.json()).toMatchObject({ database: 'ok' });
    }
    const built = harness.worker.output().match(/"msg":"app built"/g) ?? [];
    expect(built).toHaveLength(1);
  });

  test('/v1/docs serves Swagger UI from the Worker itself (its static assets, fetched through the ASSETS binding), and the document names this origin', async () => {
    const page = await request('GET', '/v1/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self';");
    const html = await page.text();
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] as string);
    expect(refs).toEqual(['/v1/docs/swagger-ui.css', '/v1/docs/swagger-ui-bundle.js', '/v1/docs/init.js']);
    const css = await request('GET', '/v1/docs/swagger-ui.css');
    expect(css.headers.get('Content-Type')).toContain('text/css');
    expect((await css.text()).length).toBeGreaterThan(100_000);
    const js = await request('GET', '/v1/docs/swagger-ui-bundle.js');
    expect(js.headers.get('Content-Type')).toContain('text/javascript');
    expect(await js.text()).toContain('SwaggerUIBundle');
    expect(js.headers.get('X-Content-Type-Options')).toBe('nosniff');
    // run_worker_first: the assets directory is the Worker's to read, not served at paths of its own.
    expect((await request('GET', '/swagger-ui/swagger-ui-bundle.js')).status).toBe(404);
    const doc = (await (await request('GET', '/v1/openapi.json')).json()) as { servers: { url: string }[] };
    expect(doc.servers.map((s) => s.url)).toEqual([url('/v1')]);
  });

  test('pages link the NL Design System stylesheet, bundled into the Worker as text modules, under its hash', async () => {
    const page = await request('GET', '/verify');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("style-src 'self'");
    const href = /<link rel="stylesheet" href="(\/assets\/[0-9a-f]{16}\/app\.css)"/.exec(await page.text())?.[1];
    expect(href).toBeDefined();
    const css = await request('GET', href as string);
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const text = await css.text();
    expect(text).toContain('.utrecht-button');
    expect(text).toContain('--utrecht-button-primary-action-background-color:');
  });

  test('the contract summary PDF comes from the PDF Worker, over the PDF binding (RPC)', async ({ adminToken: token }) => {
    const res = await request('GET', `/v1/municipalities/${ids.alpha}/contracts/${ids.contract}/summary`, { token });
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(res.status, new TextDecoder().decode(pdf.slice(0, 300))).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    // The PDF Worker logged making exactly this file.
    await expect.poll(() => harness.worker.output()).toContain(`"worker":"vervolg-pdf","operation":"contractSummary","bytes":${pdf.length}}`);
  });

  test('a wrong password is 401 problem+json', async () => {
    const body = await problem(await request('POST', '/v1/auth/login', { body: { email: ADMIN_EMAIL, password: 'not the password' } }), 401);
    expect(body.type).toContain('invalid-credentials');
  });

  test("the client's address is CF-Connecting-IP, which Cloudflare sets; X-Forwarded-For is not believed", async () => {
    const res = await fetch(url('/v1/auth/login'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9', 'X-Forwarded-For': '198.51.100.1' },
      body: JSON.stringify({ email: 'nobody@alpha.workers.example', password: 'not the password' }),
    });
    await problem(res, 401);
    // The failure is counted for the login throttle under that address, and only that one.
    const keys = (await harness.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((r) => r.key);
    expect(keys).toContain('ip:203.0.113.9');
    expect(keys).not.toContain('ip:198.51.100.1');
  });

  test('the staff app signs a person in and renders the authenticator set-up with its QR code (uqr) in workerd', async () => {
    const email = `app.${Date.now().toString(36)}@alpha.workers.example`;
    await inAppTransaction(harness.db, (trx) => ensureUser(trx, { email, name: 'App Gebruiker', password: PASSWORD }));
    const origin = new URL(url('/')).origin;
    const signIn = await fetch(url('/app/sign-in'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('Location')).toBe('/app/enrol');
    const cookie = (signIn.headers.get('Set-Cookie') ?? '').split(';')[0] as string;
    const enrol = await fetch(url('/app/enrol'), { headers: { Cookie: cookie }, redirect: 'manual' });
    const html = await enrol.text();
    expect(enrol.status, html).toBe(200);
    expect(html).toMatch(/<svg [^>]*class="qr"/);
    expect(html).toMatch(/id="totp-key"[^>]*>[A-Z2-7]{4} /);
  });

  test('a page form from another origin is refused with a readable page', async () => {
    const res = await fetch(url('/login-link?lang=en'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' }, body: 'token=abc' });
    expect(res.status).toBe(403);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(await res.text()).toContain('Form not processed');
  });

  test('signs in with the password (scrypt in workerd, hash made on Node) and the TOTP code', async () => {
    const res = await request('POST', '/v1/auth/login', { body: { email: ADMIN_EMAIL, password: PASSWORD } });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const body = JSON.parse(text) as { token: string; twoFactorRequired: boolean };
    expect(body.token).toEqual(expect.any(String));
    expect(body.twoFactorRequired).toBe(true);
    const token = body.token;

    // Alpha requires two-factor: personal data stays closed until the code is verified.
    await problem(await request('GET', `/v1/municipalities/${ids.alpha}/members`, { token }), 403);
    const code = generateTOTP(totpKey, 30, 6);
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    await problem(await request('POST', '/v1/auth/two-factor', { token, body: { code: wrong } }), 401);
    const verified = await request('POST', '/v1/auth/two-factor', { token, body: { code } });
    expect(verified.status, await verified.text()).toBe(204);
    // …and then it opens.
    expect((await request('GET', `/v1/municipalities/${ids.alpha}/members`, { token })).status).toBe(200);
  });

  test('reads a tenant-scoped list for a member, and 404s for a municipality the person is not in', async ({ adminToken: token }) => {
    const res = await request('GET', `/v1/municipalities/${ids.alpha}/members`, { token });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const page = JSON.parse(text) as { items: { userId: string; email: string; roles: string[]; twoFactorEnabled: boolean }[] };
    expect(page.items).toEqual([expect.objectContaining({ userId: ids.admin, email: ADMIN_EMAIL, roles: ['admin'], twoFactorEnabled: true })]);

    await problem(await request('GET', `/v1/municipalities/${ids.beta}/members`, { token }), 404);
  });

  test('writes: an invitation, its e-mail in the outbox and a processing-log line, in one transaction', async ({ adminToken: token }) => {
    const invitee = newInvitee();
    const invitation = await invite(token, invitee);
    expect(invitation).toMatchObject({ email: invitee, roles: ['analyst'] });
    const invitationId = invitation.id;

    const list = await request('GET', `/v1/municipalities/${ids.alpha}/invitations`, { token });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: { id: string; email: string }[] };
    expect(page.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: invitationId, email: invitee })]));

    // As the owner role (from Node), straight from the tables.
    const outbox = await harness.db.selectFrom('outbox').selectAll().where('recipient', '=', invitee).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ tenant_id: ids.alpha, channel: 'email', status: 'pending' });
    const log = await harness.db.selectFrom('processing_log').selectAll().where('subject_id', '=', invitationId).execute();
    expect(log).toEqual([
      expect.objectContaining({ tenant_id: ids.alpha, operation: 'inviteMember', action: 'create', status: 'ok', actor_type: 'user', actor_id: ids.admin, subject_type: 'invitation' }),
    ]);
  });

  test('a password-only session of the operator or of provider staff gets 403 two-factor-required (issue 9)', async () => {
    const signIn = async (email: string) => {
      const res = await request('POST', '/v1/auth/login', { body: { email, password: PASSWORD } });
      const text = await res.text();
      expect(res.status, text).toBe(201);
      return (JSON.parse(text) as { token: string }).token;
    };
    const operator = await signIn(OPERATOR_EMAIL);
    const providerAdmin = await signIn(PROVIDER_ADMIN_EMAIL);
    const refused = [
      await request('GET', '/v1/municipalities', { token: operator }),
      await request('POST', `/v1/municipalities/${ids.alpha}/invitations`, { token: operator, body: { email: 'x@alpha.workers.example', roles: ['admin'] } }),
      await request('POST', '/v1/providers', { token: operator, body: { name: 'Nieuwe Aanbieder', agbCode: '44444444', kvkNumber: '44444444' } }),
      await request('POST', `/v1/providers/${ids.provider}/api-keys`, { token: providerAdmin, body: { name: 'sneaky', scopes: ['outcomes:write'] } }),
      await request('GET', `/v1/providers/${ids.provider}/members`, { token: providerAdmin }),
    ];
    for (const res of refused) {
      const body = await problem(res, 403);
      expect(body.type).toBe('https://vervolg.nl/problems/two-factor-required');
      expect(body.detail).toContain('POST /v1/me/totp');
    }
    // Their own account stays open, so they can set up the authenticator app.
    expect((await request('GET', '/v1/me', { token: operator })).status).toBe(200);
    const setup = await request('POST', '/v1/me/totp', { token: providerAdmin });
    expect(setup.status, await setup.text()).toBe(201);
    // Nothing was created.
    expect(await harness.db.selectFrom('api_keys').select('id').where('provider_id', '=', ids.provider).execute()).toEqual([]);
  });

  test('an unknown route is 404 problem+json', async () => {
    const body = await problem(await request('GET', '/v1/no-such-thing'), 404);
    expect(body.type).toContain('not-found');
  });

  test('invalid input is 400 with invalidParams', async ({ adminToken: token }) => {
    const res = await request('POST', `/v1/municipalities/${ids.alpha}/invitations`, { token, body: { email: 'not an address', roles: ['boss'] } });
    const body = await problem(res, 400);
    const names = (body.invalidParams as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['body.email']));
    expect(names.some((n) => n.startsWith('body.roles'))).toBe(true);
  });

  test('the scheduled handler (cron) delivers the outbox through the console transport', async ({ adminToken }) => {
    const invitee = newInvitee();
    await invite(adminToken, invitee);
    const before = await harness.db.selectFrom('outbox').select('status').where('recipient', '=', invitee).executeTakeFirstOrThrow();
    expect(before.status).toBe('pending');
    const res = await fetch(url(`/__scheduled?cron=${encodeURIComponent('* * * * *')}`));
    expect(res.status, await res.text()).toBe(200);

    // The job runs in ctx.waitUntil, after the trigger's response: poll for its result.
    const deadline = Date.now() + 20_000;
    let row = before as { status: string; provider_reference?: string | null; attempts?: number };
    while (Date.now() < deadline) {
      row = await harness.db.selectFrom('outbox').select(['status', 'provider_reference', 'attempts']).where('recipient', '=', invitee).executeTakeFirstOrThrow();
      // Claimed rows are 'sending' until the transport's answer is recorded: wait for an outcome.
      if (row.status !== 'pending' && row.status !== 'sending') break;
      await sleep(200);
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_reference: expect.stringMatching(/^console-/) });
    expect(harness.worker.output()).toContain(`email to ${invitee}`);
  });

  test('webhook secrets: made and encrypted in workerd, stored encrypted, and the cron run signs with the secret shown once', async ({ adminToken: token }) => {
    const received: { body: string; signature: string | undefined }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        received.push({ body, signature: req.headers['vervolg-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const res = await request('POST', `/v1/municipalities/${ids.alpha}/webhook-endpoints`, { token, body: { url: `http://127.0.0.1:${port}/hook`, events: ['agreement.signed'] } });
      const text = await res.text();
      expect(res.status, text).toBe(201);
      const endpoint = JSON.parse(text) as { id: string; secret: string };
      const raw = await harness.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', endpoint.id).executeTakeFirstOrThrow();
      expect(raw.secret).toMatch(/^enc1\.test\./);
      expect(raw.secret).not.toContain(endpoint.secret.slice(6));
      expect((await request('POST', `/v1/municipalities/${ids.alpha}/webhook-endpoints/${endpoint.id}/test`, { token })).status).toBeLessThan(300);

      expect((await fetch(url(`/__scheduled?cron=${encodeURIComponent('* * * * *')}`))).status).toBe(200);
      const deadline = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < deadline) await sleep(200);
      expect(received).toHaveLength(1);
      expect(await verifyWebhookSignature(endpoint.secret, received[0]?.signature, received[0]?.body ?? '')).toBe(true);
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  test('an over-limit body is 413 before it is read, with and without Content-Length', async () => {
    const big = new Uint8Array(21 * 1024 * 1024).fill(0x25);
    const declared = await fetch(url('/v1/verifications'), { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: big });
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 1024 * 1024) controller.enqueue(big.subarray(i, i + 1024 * 1024));
        controller.close();
      },
    });
    const chunked = await fetch(url('/v1/verifications'), { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: chunks, duplex: 'half' } as RequestInit);
    await problem(chunked, 413);

    // Under wrangler dev (local mode) the POST that follows an early answer to a large upload can
    // get wrangler's own 503 "restarted mid-request" (it retries only GET and HEAD itself). Take that
    // one here, with a POST that changes nothing, so the test after this one starts clean.
    const harmless = () => fetch(url('/v1/verifications'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"sha256":"none"}' });
    await expect.poll(async () => (await harmless()).status, { timeout: 10_000 }).toBe(400);
  });
});
