// Secrets at rest (issue 9, item 3): TOTP keys and webhook signing secrets are stored encrypted
// (AES-256-GCM, key id per value, bound to their row), the re-encrypt command converts legacy
// plaintext and rotates keys, and every failure says clearly what is wrong without the value.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32IgnorePadding, encodeBase64, encodeHexLowerCase } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError, TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { randomBytes, uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction } from '../../src/platform/db/database.js';
import { developmentSecretKeys } from '../../src/platform/dev-secrets-node.js';
import { reencryptSecrets, secretKeyUsage } from '../../src/platform/secrets-reencrypt.js';
import { SecretDecryptionError, SecretKeyRing, newSecretKeyEntry, parseSecretKeys } from '../../src/platform/secrets.js';
import { deliverWebhooks, verifyWebhookSignature } from '../../src/platform/webhooks.js';
import { PASSWORD, type Person, type World, createWorld } from '../support/world.js';

/** The value with one character of its ciphertext changed. */
function tamper(stored: string): string {
  const at = stored.length - 10;
  return `${stored.slice(0, at)}${stored[at] === 'A' ? 'B' : 'A'}${stored.slice(at + 1)}`;
}

describe('the key ring (no database)', () => {
  const ring = SecretKeyRing.fromSetting(TEST_SECRET_KEYS);

  it('round trip: encrypts to enc1.<key id>.<iv>.<ciphertext>, differently each time, and decrypts', async () => {
    const a = await ring.encrypt('whsec_the-plaintext', 'users.totp_key:1');
    const b = await ring.encrypt('whsec_the-plaintext', 'users.totp_key:1');
    expect(a).toMatch(/^enc1\.test\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('plaintext');
    expect(new TextDecoder().decode(await ring.decrypt(a, 'users.totp_key:1'))).toBe('whsec_the-plaintext');
    const bytes = randomBytes(20);
    expect(await ring.decrypt(await ring.encrypt(bytes, 'x'), 'x')).toEqual(bytes);
  });

  it('another row (AAD), a tampered value, a wrong key under the same id or a missing key id: a clear error without the value', async () => {
    const stored = await ring.encrypt('whsec_do-not-leak', 'webhook_endpoints.secret:t/1');
    const failures: [string, () => Promise<unknown>][] = [
      ['does not decrypt with key test', () => ring.decrypt(stored, 'webhook_endpoints.secret:t/2')],
      ['does not decrypt with key test', () => ring.decrypt(tamper(stored), 'webhook_endpoints.secret:t/1')],
      ['does not decrypt with key test', () => new SecretKeyRing([{ id: 'test', key: randomBytes(32) }]).decrypt(stored, 'webhook_endpoints.secret:t/1')],
      ['key id test, which is not in SECRET_KEYS (known: other)', () => new SecretKeyRing([{ id: 'other', key: randomBytes(32) }]).decrypt(stored, 'webhook_endpoints.secret:t/1')],
      ['not in the enc1 format', () => ring.decrypt('whsec_do-not-leak', 'webhook_endpoints.secret:t/1')],
    ];
    for (const [message, attempt] of failures) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SecretDecryptionError);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('do-not-leak');
      expect((error as Error).message).not.toContain(stored.split('.')[3]);
    }
  });

  it('SECRET_KEYS: keyId:base64key of 32 bytes each, unique ids; problems name the entry, never the key', () => {
    const short = encodeBase64(randomBytes(16));
    const { problems } = parseSecretKeys(`k1:${short}, k2:not base64!, nocolon, k1:${encodeBase64(randomBytes(32))}, k1:${encodeBase64(randomBytes(32))}`);
    expect(problems).toEqual([
      'entry 1 (k1): the key is 16 bytes; AES-256 needs exactly 32 (make one with: openssl rand -base64 32)',
      'entry 2 (k2): the key is not valid base64 (make one with: openssl rand -base64 32)',
      'entry 3: expected keyId:base64key with a key id of 1–32 letters, digits, _ or -',
      'entry 5 (k1): the key id k1 appears twice',
    ]);
    expect(problems.join()).not.toContain(short);
    const ring2 = SecretKeyRing.fromSetting(`${newSecretKeyEntry('new')},${TEST_SECRET_KEYS}`);
    expect([ring2.currentKeyId, ring2.keyIds]).toEqual(['new', ['new', 'test']]);
  });
});

describe('configuration', () => {
  it('refuses to start in production without SECRET_KEYS, and names a bad one', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/SECRET_KEYS: required in production/);
    expect(() => loadConfig({ APP_ENV: 'test', SECRET_KEYS: 'k1:c2hvcnQ=' })).toThrow(/SECRET_KEYS: entry 1 \(k1\): the key is 5 bytes/);
    // With a key, production complains about other settings only.
    let message = '';
    try {
      loadConfig({ APP_ENV: 'production', SECRET_KEYS: newSecretKeyEntry('k1') });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('SECRET_KEYS');
  });

  it('test uses the public test key; development leaves it to the Node start-up (a key file in DATA_DIR)', () => {
    expect(loadConfig({ APP_ENV: 'test' }).secretKeys?.map((k) => k.id)).toEqual(['test']);
    expect(loadConfig({ APP_ENV: 'development' }).secretKeys).toBeNull();
    const own = loadConfig({ APP_ENV: 'development', SECRET_KEYS: newSecretKeyEntry('mine') });
    expect(own.secretKeys?.map((k) => k.id)).toEqual(['mine']);
  });

  it('development: the key is made once in DATA_DIR (owner-only file), reused after, and printed nowhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vervolg-secrets-'));
    try {
      const first = await developmentSecretKeys(join(dir, 'data'));
      const again = await developmentSecretKeys(join(dir, 'data'));
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.keys).toEqual(first.keys);
      expect(first.path).toBe(join(dir, 'data', 'dev-secrets.env'));
      expect((await stat(first.path)).mode & 0o077).toBe(0);
      expect(await readFile(first.path, 'utf8')).toMatch(/^SECRET_KEYS=dev:[A-Za-z0-9+/]{43}=\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// ---- in the database ----

let w: World;
beforeAll(async () => {
  w = await createWorld({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
}, 120_000);
afterAll(async () => {
  await w?.close();
});

/** The raw column, read as the owner (not through the app). */
const rawTotpKey = async (userId: string) => (await w.db.selectFrom('users').select('totp_key').where('id', '=', userId).executeTakeFirstOrThrow()).totp_key;
const rawWebhookSecret = async (id: string) =>
  (await w.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;

/** The app with another SECRET_KEYS (as after a redeploy), on the world's database; its log lines are kept. */
function appWith(secretKeys: string, world = w) {
  const logs: Record<string, unknown>[] = [];
  const config = loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test', SECRET_KEYS: secretKeys, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
  const app = createApp({ config, db: world.db, transport: world.transport, log: (e) => logs.push(e), runtime: 'node' });
  const request = (method: string, path: string, token?: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { logs, request, world };
}
type TestApp = ReturnType<typeof appWith>;

/** Password, then the authenticator code: the status of the second step. */
async function signInWithTotp(app: TestApp, person: Person): Promise<number> {
  const login = await app.request('POST', '/v1/auth/login', undefined, { email: person.email, password: PASSWORD });
  expect(login.status).toBe(201);
  const { token, twoFactorRequired } = (await login.json()) as { token: string; twoFactorRequired: boolean };
  expect(twoFactorRequired).toBe(true);
  return (await app.request('POST', '/v1/auth/two-factor', token, { code: generateTOTP(person.totpKey, 30, 6) })).status;
}

/** Deliver due webhooks with a receiver that records what it got. */
async function deliverCaptured(world = w) {
  const got: { url: string; body: string; signature: string | null }[] = [];
  const logs: Record<string, unknown>[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    got.push({ url: String(input), body: String(init?.body), signature: headers.get('Vervolg-Signature') });
    return new Response(null, { status: 204 });
  };
  await deliverWebhooks(world.db, fetchImpl, new Date(), { targets: { allowPrivateTargets: true, allowHttp: true }, log: (e) => logs.push(e) });
  return { got, logs };
}

async function createWebhook(app: TestApp, path: string): Promise<{ id: string; secret: string }> {
  const { A } = app.world;
  const res = await app.request('POST', `/v1/municipalities/${A.id}/webhook-endpoints`, A.people.admin.token, { url: `http://127.0.0.1:9${path}`, events: ['agreement.signed'] });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

async function ping(app: TestApp, endpointId: string) {
  const { A } = app.world;
  expect((await app.request('POST', `/v1/municipalities/${A.id}/webhook-endpoints/${endpointId}/test`, A.people.admin.token)).status).toBeLessThan(300);
}

/** Write a value into a secret column as if before migration 0013 (the triggers refuse it now). */
async function plantPlaintext(table: 'users' | 'webhook_endpoints', id: string, value: string) {
  const trigger = table === 'users' ? 'users_totp_key_encrypted' : 'webhook_endpoints_secret_encrypted';
  const column = table === 'users' ? 'totp_key' : 'secret';
  await w.db.transaction().execute(async (trx) => {
    await sql`alter table ${sql.table(table)} disable trigger ${sql.raw(trigger)}`.execute(trx);
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${id}`.execute(trx);
    await sql`alter table ${sql.table(table)} enable trigger ${sql.raw(trigger)}`.execute(trx);
  });
}

const legacyFlag = async () => (await sql<{ legacy_plaintext: boolean }>`select legacy_plaintext from secrets_state`.execute(w.db)).rows[0]?.legacy_plaintext;

describe('stored encrypted', () => {
  it('a TOTP key set up through the API is not in the database in the clear, and its codes work', async () => {
    const app = appWith(TEST_SECRET_KEYS);
    const userId = uuidv7();
    const token = await inAppTransaction(w.db, async (trx) => {
      await trx.insertInto('users').values({ id: userId, email: `fresh.${userId.slice(-6)}@test.example`, name: 'Fresh', password_hash: null, totp_key: null, totp_enabled_at: null }).execute();
      return (await createSession(trx, userId, { twoFactorVerified: false, userAgent: 'vitest' })).token;
    });
    const setup = (await (await app.request('POST', '/v1/me/totp', token)).json()) as { secret: string };
    const key = decodeBase32IgnorePadding(setup.secret);
    const raw = (await rawTotpKey(userId)) as string;
    expect(raw).toMatch(/^enc1\.test\./);
    expect(raw).not.toContain(encodeHexLowerCase(key));
    expect(raw.toUpperCase()).not.toContain(setup.secret);
    expect((await app.request('POST', '/v1/me/totp/confirm', token, { code: generateTOTP(key, 30, 6) })).status).toBe(204);
  });

  it('a webhook secret is stored encrypted; deliveries are signed with the secret shown at creation', async () => {
    const app = appWith(TEST_SECRET_KEYS);
    const endpoint = await createWebhook(app, '/stored');
    const raw = await rawWebhookSecret(endpoint.id);
    expect(raw).toMatch(/^enc1\.test\./);
    expect(raw).not.toContain(endpoint.secret.slice(6));
    await ping(app, endpoint.id);
    const { got } = await deliverCaptured();
    const sent = got.find((g) => g.url.endsWith('/stored'));
    expect(await verifyWebhookSignature(endpoint.secret, sent?.signature, sent?.body ?? '')).toBe(true);
  });

  it('the database refuses a plaintext secret from any writer (a fresh database accepts no legacy plaintext either)', async () => {
    expect(await legacyFlag()).toBe(false);
    await expect(w.db.updateTable('users').set({ totp_key: encodeHexLowerCase(randomBytes(20)) }).where('id', '=', w.B.people.analyst.userId).execute()).rejects.toThrow(
      /refused to store a plaintext secret in users\.totp_key/,
    );
    await expect(sql`update webhook_endpoints set secret = ${'whsec_plaintextplaintextplaintextplaintext'}`.execute(w.db)).rejects.toThrow(/plaintext secret in webhook_endpoints\.secret/);
  });
});

describe('bound to the row', () => {
  it("another person's encrypted TOTP key copied into a row does not decrypt: a clear error in the log, without the value", async () => {
    const app = appWith(TEST_SECRET_KEYS);
    const from = w.B.people.admin;
    const to = w.B.people['case-manager'];
    const copied = (await rawTotpKey(from.userId)) as string;
    const own = await rawTotpKey(to.userId);
    await w.db.updateTable('users').set({ totp_key: copied }).where('id', '=', to.userId).execute();
    // Even a code from the key that was copied is refused.
    expect(await signInWithTotp(app, { ...to, totpKey: from.totpKey })).toBe(500);
    const line = app.logs.find((l) => l.level === 'error');
    expect(String(line?.error)).toContain(`The stored secret users.totp_key:${to.userId} does not decrypt with key test`);
    expect(JSON.stringify(app.logs)).not.toContain(copied.split('.')[3]);
    await w.db.updateTable('users').set({ totp_key: own }).where('id', '=', to.userId).execute();
  });

  it("a webhook secret copied to another endpoint does not decrypt: nothing is sent, the log says why, it is retried", async () => {
    const app = appWith(TEST_SECRET_KEYS);
    const one = await createWebhook(app, '/one');
    const two = await createWebhook(app, '/two');
    const own = await rawWebhookSecret(two.id);
    await w.db.updateTable('webhook_endpoints').set({ secret: await rawWebhookSecret(one.id) }).where('id', '=', two.id).execute();
    await ping(app, two.id);
    const { got, logs } = await deliverCaptured();
    expect(got.filter((g) => g.url.endsWith('/two'))).toEqual([]);
    expect(logs.find((l) => l.msg === 'webhook secret not decrypted')?.error).toContain(`webhook_endpoints.secret:${w.A.id}/${two.id} does not decrypt`);
    const delivery = await w.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', two.id).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery.last_error).toMatch(/^Internal: The stored secret .* does not decrypt/);
    expect(delivery.last_error).not.toContain(two.secret);
    await w.db.updateTable('webhook_endpoints').set({ secret: own }).where('id', '=', two.id).execute();
  });
});

describe('legacy plaintext and the re-encrypt command', () => {
  it('plaintext from before 0013 works until secrets:reencrypt encrypts it; after that plaintext is refused', async () => {
    const app = appWith(TEST_SECRET_KEYS);
    const person = w.B.people['contract-manager'];
    const endpoint = await createWebhook(app, '/legacy');
    await plantPlaintext('users', person.userId, encodeHexLowerCase(person.totpKey));
    await plantPlaintext('webhook_endpoints', endpoint.id, endpoint.secret);
    await sql`update secrets_state set legacy_plaintext = true`.execute(w.db);

    expect(await signInWithTotp(app, person)).toBe(204);

    const lines: string[] = [];
    const result = await reencryptSecrets(w.db, SecretKeyRing.fromSetting(TEST_SECRET_KEYS), { say: (l) => lines.push(l) });
    expect(result.totpKey).toMatchObject({ encrypted: 1, rotated: 0, failed: 0 });
    expect(result.webhookSecret).toMatchObject({ encrypted: 1, rotated: 0, failed: 0 });
    expect(result.legacyPlaintextAllowed).toBe(false);
    expect(lines).toContain('secrets: users.totp_key 1/1');
    expect(lines.join('\n')).not.toContain(endpoint.secret);
    expect(await rawTotpKey(person.userId)).toMatch(/^enc1\.test\./);
    expect(await rawWebhookSecret(endpoint.id)).toMatch(/^enc1\.test\./);
    expect(await legacyFlag()).toBe(false);

    // The webhook still signs with the same secret.
    await ping(app, endpoint.id);
    const sent = (await deliverCaptured()).got.find((g) => g.url.endsWith('/legacy'));
    expect(await verifyWebhookSignature(endpoint.secret, sent?.signature, sent?.body ?? '')).toBe(true);

    // Plaintext planted now is refused like a tampered value.
    const other = w.B.people.analyst;
    await plantPlaintext('users', other.userId, encodeHexLowerCase(other.totpKey));
    expect(await signInWithTotp(app, other)).toBe(500);
    expect(String(app.logs.find((l) => l.level === 'error')?.error)).toContain(`users.totp_key:${other.userId} is not encrypted, and plaintext secrets are no longer accepted`);
    await w.db.updateTable('users').set({ totp_key: null, totp_enabled_at: null }).where('id', '=', other.userId).execute();
  });

  it('rotation: key A to key B by the command (in batches, idempotent), then A is removed; TOTP sign-in and webhook signatures still verify', async () => {
    // Rotation re-encrypts every secret in the database: on a database of its own, so the other
    // tests never find secrets under key b, and its counts are of its own world only.
    const own = await createWorld({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    try {
      await rotation(own);
    } finally {
      await own.close();
    }
  }, 120_000);
});

/** Key A to key B by the command, on the given world's database (see the test above). */
async function rotation(w: World) {
  const before = appWith(TEST_SECRET_KEYS, w);
  const endpoint = await createWebhook(before, '/rotated');
  const keyB = newSecretKeyEntry('b');

  const lines: string[] = [];
  const first = await reencryptSecrets(w.db, SecretKeyRing.fromSetting(`${keyB},${TEST_SECRET_KEYS}`), { batchSize: 3, say: (l) => lines.push(l) });
  expect(first.totpKey.rotated).toBeGreaterThan(3);
  expect(first.totpKey.failed + first.webhookSecret.failed + first.totpKey.encrypted).toBe(0);
  expect(first.webhookSecret.rotated).toBeGreaterThan(0);
  expect(lines.filter((l) => l.startsWith('secrets: users.totp_key ')).length).toBeGreaterThan(1);
  expect(await secretKeyUsage(w.db)).toEqual({ b: first.totpKey.rotated + first.webhookSecret.rotated });
  // Idempotent: nothing left to do.
  const second = await reencryptSecrets(w.db, SecretKeyRing.fromSetting(`${keyB},${TEST_SECRET_KEYS}`));
  expect([second.totpKey, second.webhookSecret]).toEqual([
    { encrypted: 0, rotated: 0, failed: 0 },
    { encrypted: 0, rotated: 0, failed: 0 },
  ]);

  // The old key alone no longer reads them: a clear error naming the missing key id.
  const old = appWith(TEST_SECRET_KEYS, w);
  expect(await signInWithTotp(old, w.A.people.analyst)).toBe(500);
  expect(String(old.logs.find((l) => l.level === 'error')?.error)).toContain('is encrypted with key id b, which is not in SECRET_KEYS (known: test)');

  // Key B alone: sign-in with TOTP and webhook signatures work.
  const after = appWith(keyB, w);
  expect(await signInWithTotp(after, w.A.people['case-manager'])).toBe(204);
  await ping(after, endpoint.id);
  const { got } = await deliverCaptured(w);
  const sent = got.find((g) => g.url.endsWith('/rotated'));
  expect(await verifyWebhookSignature(endpoint.secret, sent?.signature, sent?.body ?? '')).toBe(true);
  expect(await verifyWebhookSignature(endpoint.secret, sent?.signature, `${sent?.body} `)).toBe(false);
}
