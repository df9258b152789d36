// The test world: two municipalities (A, B), two providers (P1 works with A, P2 with B), a
// person per role in each municipality, provider admins and staff, API keys, and the operator.
// Sessions are made directly (second factor verified) so tests don't pay for scrypt each time;
// `unverifiedSession` makes a password-only one (second factor not yet verified) for a person.
import { generateTOTP } from '@oslojs/otp';
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding';
import type { RouteConfig } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { nodeDocsAssets } from '../../src/platform/http/docs-assets-node.js';
import { nodeUiAssets } from '../../src/platform/ui/ui-assets-node.js';
import { hashPassword } from '../../src/platform/auth/password.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { newApiKey } from '../../src/platform/auth/tokens.js';
import { randomBytes, uuidv7 } from '../../src/platform/crypto.js';
import { type Database, type DatabaseHandle, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { MUNICIPAL_SCOPES } from '../../src/platform/http/access.js';
import type { AppEnv } from '../../src/platform/http/env.js';
import type { FoundMessage, OutboxTransport, OutgoingMessage } from '../../src/platform/outbox.js';
import { type Sealer, createDevelopmentSealer } from '../../src/platform/pdf/seal.js';
import { createPdfService } from '../../src/pdf-in-process.js';
import type { PdfService } from '../../src/platform/pdf-service.js';
import { sealStoredSecret } from '../../src/platform/secrets.js';
import { createTestDatabase } from './db.js';
import { type Answer, type CallInput, callRoute } from './request.js';

export const PASSWORD = 'correct horse battery staple';
/** The address in-process requests come from, unless a test names another (TEST-NET-1). */
export const TEST_CLIENT_IP = '192.0.2.1';

/** The env @hono/node-server hands the app: the request's socket, here with only its peer address. */
export const connectionFrom = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } });
export const ROLES = ['admin', 'contract-manager', 'case-manager', 'analyst'] as const;

export class RecordingTransport implements OutboxTransport {
  sent: (OutgoingMessage & { id: string })[] = [];
  async send(message: OutgoingMessage & { id: string }) {
    this.sent.push(message);
    return { ok: true, reference: `test-${message.id}` };
  }
  async find(reference: string): Promise<FoundMessage> {
    return this.sent.some((m) => m.id === reference) ? { found: true, reference: `test-${reference}` } : { found: false };
  }
}

export interface Person {
  userId: string;
  email: string;
  token: string;
  sessionId: string;
  totpKey: Uint8Array;
}

export interface Municipality {
  id: string;
  name: string;
  people: Record<(typeof ROLES)[number], Person>;
  invitationId: string;
  /** The municipality's own API key (migration 0022) with every scope of MUNICIPAL_SCOPES. */
  apiKey: string;
  apiKeyId: string;
  /** The municipality's own API key with no scope at all. */
  emptyKey: string;
}

export interface ProviderFixture {
  id: string;
  admin: Person;
  staff: Person;
  /** A key with every scope. */
  apiKey: string;
  apiKeyId: string;
  /** A key with no useful scope for most operations. */
  narrowKey: string;
  /** A key with no scope at all. */
  emptyKey: string;
}

export interface World {
  handle: DatabaseHandle;
  /** The test database's URL on PostgreSQL (undefined on PGlite): a spawned server can use it too. */
  url?: string;
  db: Database;
  app: Hono<AppEnv>;
  transport: RecordingTransport;
  logs: Record<string, unknown>[];
  operator: Person;
  A: Municipality;
  B: Municipality;
  P1: ProviderFixture;
  P2: ProviderFixture;
  /** Send a request as a person (their session token) or with an API key. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; from?: string }): Promise<Response>;
  /** Call an operation by its route, the response typed from the route's schemas (see request.ts). */
  call<R extends RouteConfig>(route: R, input: CallInput<R>): Promise<Answer<R>>;
  totp(person: Person): string;
  /**
   * A new person of the test's own (second factor set up, a verified session), with the given roles
   * in municipalities and providers: for a test that changes a person (resets their second factor,
   * uses up codes, adds memberships), so it never changes one another test relies on.
   */
  person(label: string, options?: PersonOptions): Promise<Person>;
  /** A new session of the person as a password-only sign-in leaves it: second factor not verified. */
  unverifiedSession(person: Person): Promise<string>;
  close(): Promise<void>;
}

export interface PersonOptions {
  /** Memberships: the municipality's id and the roles there. */
  municipalities?: { id: string; roles: string[] }[];
  /** Provider memberships: the provider's id and the roles there. */
  providers?: { id: string; roles: string[] }[];
  operator?: boolean;
}

let sharedHash: Promise<string> | undefined;
/** One development seal per test process (making one takes a moment). */
let sealer: Promise<Sealer> | undefined;
const testSealer = () => {
  sealer ??= createDevelopmentSealer();
  return sealer;
};
/** Rendered and sealed in this process, as on Node (the Workers suite goes through the PDF Worker). */
const testPdf = createPdfService(testSealer);

async function person(db: Database, label: string, options: { operator?: boolean } = {}): Promise<Person> {
  sharedHash ??= hashPassword(PASSWORD);
  const passwordHash = await sharedHash;
  const userId = uuidv7();
  const email = `${label}.${userId.slice(-6)}@test.example`.toLowerCase();
  const totpKey = randomBytes(20);
  const sealedKey = await sealStoredSecret('totpKey', [userId], totpKey);
  return inAppTransaction(db, async (trx) => {
    await trx
      .insertInto('users')
      .values({ id: userId, email, name: label, password_hash: passwordHash, totp_key: sealedKey, totp_enabled_at: new Date(), is_platform_operator: options.operator ?? false })
      .execute();
    const session = await createSession(trx, userId, { twoFactorVerified: true, userAgent: 'vitest' });
    return { userId, email, token: session.token, sessionId: session.sessionId, totpKey };
  });
}

async function memberPerson(db: Database, label: string, options: PersonOptions = {}): Promise<Person> {
  const p = await person(db, label, { operator: options.operator ?? false });
  for (const m of options.municipalities ?? []) {
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { tenantId: m.id });
      await trx.insertInto('memberships').values({ tenant_id: m.id, user_id: p.userId, roles: m.roles }).execute();
    });
  }
  for (const m of options.providers ?? []) {
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { providerId: m.id });
      await trx.insertInto('provider_members').values({ provider_id: m.id, user_id: p.userId, roles: m.roles }).execute();
    });
  }
  return p;
}

async function municipality(db: Database, label: string, code: string): Promise<Municipality> {
  const id = uuidv7();
  const name = `Gemeente ${label}`;
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id, name, cbs_code: code, slug: label.toLowerCase() }).execute();
  });
  const people = {} as Municipality['people'];
  for (const role of ROLES) {
    const p = await person(db, `${label}-${role}`);
    people[role] = p;
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { tenantId: id });
      await trx.insertInto('memberships').values({ tenant_id: id, user_id: p.userId, roles: [role] }).execute();
    });
  }
  const invitationId = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId: id });
    await trx
      .insertInto('invitations')
      .values({ id: invitationId, tenant_id: id, provider_id: null, email: `invitee-${label.toLowerCase()}@test.example`, roles: ['analyst'], token_hash: encodeHexLowerCase(randomBytes(32)), invited_by: people.admin.userId, expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
  });
  const full = newApiKey();
  const empty = newApiKey();
  const apiKeyId = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId: id });
    const key = { revoked_at: null, last_used_at: null, expires_at: null, created_by: people.admin.userId, tenant_id: id, provider_id: null };
    await trx.insertInto('api_keys').values([
      { ...key, id: apiKeyId, name: 'archive', prefix: full.prefix, key_hash: full.hash, scopes: [...MUNICIPAL_SCOPES] },
      { ...key, id: uuidv7(), name: 'empty', prefix: empty.prefix, key_hash: empty.hash, scopes: [] },
    ]).execute();
  });
  return { id, name, people, invitationId, apiKey: full.key, apiKeyId, emptyKey: empty.key };
}

async function provider(db: Database, label: string, agb: string, tenantId: string): Promise<ProviderFixture> {
  const id = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await trx.insertInto('providers').values({ id, name: `Zorgaanbieder ${label}`, agb_code: agb, kvk_number: agb.split('').reverse().join('') }).execute();
    await setContext(trx, { tenantId });
    await trx.insertInto('provider_relations').values({ tenant_id: tenantId, provider_id: id }).execute();
  });
  const admin = await person(db, `${label}-admin`);
  const staff = await person(db, `${label}-staff`);
  const full = newApiKey();
  const narrow = newApiKey();
  const empty = newApiKey();
  const apiKeyId = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { providerId: id });
    await trx.insertInto('provider_members').values([
      { provider_id: id, user_id: admin.userId, roles: ['admin'] },
      { provider_id: id, user_id: staff.userId, roles: ['staff'] },
    ]).execute();
    const key = { revoked_at: null, last_used_at: null, expires_at: null, created_by: admin.userId, provider_id: id };
    await trx.insertInto('api_keys').values([
      { ...key, id: apiKeyId, name: 'full', prefix: full.prefix, key_hash: full.hash, scopes: ['contracts:read', 'outcomes:write', 'outcomes:read', 'municipalities:read'] },
      { ...key, id: uuidv7(), name: 'narrow', prefix: narrow.prefix, key_hash: narrow.hash, scopes: ['outcomes:read'] },
      { ...key, id: uuidv7(), name: 'empty', prefix: empty.prefix, key_hash: empty.hash, scopes: [] },
    ]).execute();
  });
  return { id, admin, staff, apiKey: full.key, apiKeyId, narrowKey: narrow.key, emptyKey: empty.key };
}

/**
 * `pdf` wraps the in-process PDF service the app gets (e.g. to make it fail, as an unreachable PDF
 * Worker would).
 */
export async function createWorld(options: { env?: Record<string, string>; now?: () => Date; databaseUrl?: string; pdf?: (inProcess: PdfService) => PdfService } = {}): Promise<World> {
  const handle = await createTestDatabase(options.databaseUrl);
  const db = handle.db;
  const transport = new RecordingTransport();
  const logs: Record<string, unknown>[] = [];
  // The public test key also when a test runs the app as production (which requires SECRET_KEYS).
  const config = loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test', CORS_ORIGINS: 'https://app.vervolg.test', SECRET_KEYS: TEST_SECRET_KEYS, ...options.env });
  const app = createApp({ config, db, transport, log: (e) => logs.push(e), pdf: options.pdf ? options.pdf(testPdf) : testPdf, runtime: 'node', docsAssets: nodeDocsAssets, uiAssets: nodeUiAssets, ...(options.now ? { now: options.now } : {}) });
  // Requests made in-process have no socket. Like @hono/node-server does for a real one, give each
  // a connection (from TEST_CLIENT_IP unless the test passes its own env): the app itself has no
  // way to take an address from a request but the socket (or a trusted proxy's header).
  const fetch = app.fetch;
  app.fetch = (request, env, ctx) => fetch(request, env ?? connectionFrom(TEST_CLIENT_IP), ctx);
  const operator = await person(db, 'operator', { operator: true });
  const A = await municipality(db, 'Alpha', 'GM0001');
  const B = await municipality(db, 'Beta', 'GM0002');
  const P1 = await provider(db, 'P1', '11111111', A.id);
  const P2 = await provider(db, 'P2', '22222222', B.id);
  const request: World['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }, connectionFrom(opts.from ?? TEST_CLIENT_IP));
  };
  return {
    handle,
    url: handle.url,
    db,
    app,
    transport,
    logs,
    operator,
    A,
    B,
    P1,
    P2,
    request,
    call: (route, input) => callRoute(request, route, input),
    totp: (p) => generateTOTP(p.totpKey, 30, 6),
    person: (label, opts) => memberPerson(db, label, opts),
    unverifiedSession: (p) =>
      inAppTransaction(db, async (trx) => (await createSession(trx, p.userId, { twoFactorVerified: false, userAgent: 'vitest (password only)' })).token),
    close: () => handle.close(),
  };
}

export { decodeHex };
