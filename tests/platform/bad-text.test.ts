// A NUL byte or a lone surrogate in any string a client sends is refused as 400 problem+json
// naming the field — never a 500 (PostgreSQL cannot store U+0000). The OpenAPI document is the
// list of operations and of their string fields (body, query, path), so a new operation or field
// is covered without touching this test. Each request is made by a principal that has access, so
// it gets past the access layer to validation. A backstop test proves that a NUL that reaches the
// database some other way is still a 400.
import { Hono } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.js';
import { onError } from '../../src/platform/http/errors-handler.js';
import type { Access } from '../../src/platform/http/access.js';
import type { AppEnv } from '../../src/platform/http/env.js';
import { NOT_STORABLE_MESSAGE } from '../../src/platform/text.js';
import { PRICE_AGREEMENTS, PRICE_BASE, STRIPE_TEST_KEY, WEBHOOK_SECRET, signature } from '../support/fake-stripe.js';
import { type World, createWorld } from '../support/world.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema
type Schema = Record<string, any>;
type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; operationId: string; access: Access; parameters: Parameter[]; body: Schema | null };

const doc = openApiDocument() as unknown as {
  paths: Record<string, Record<string, { operationId: string; 'x-access': Access; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    operationId: op.operationId,
    access: op['x-access'],
    parameters: op.parameters ?? [],
    body: op.requestBody?.content['application/json']?.schema ?? null,
  })),
);

/** A schema with its $ref and allOf resolved (allOf here is a $ref plus a description, or an extension). */
function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(doc.components.schemas[String(schema.$ref).split('/').pop() as string] as Schema);
  if (schema.allOf) {
    const parts = (schema.allOf as Schema[]).map(resolve);
    return {
      ...Object.assign({}, ...parts),
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  const nonNull = (schema.anyOf as Schema[] | undefined)?.filter((s) => s.type !== 'null');
  if (nonNull?.length === 1) return resolve(nonNull[0] as Schema);
  return schema;
}

const isString = (s: Schema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));
/** A discriminator (one allowed value) is kept valid, so a union picks its option. */
const fixedValue = (s: Schema): string | undefined => (s.const !== undefined ? s.const : Array.isArray(s.enum) && s.enum.length === 1 ? s.enum[0] : undefined);
/** Fields whose own schema (a format or a list) refuses first, without our message. */
const formatOnly = (s: Schema) => Array.isArray(s.enum) || ['uuid', 'date', 'date-time', 'binary'].includes(s.format);

interface Field {
  path: string[];
  schema: Schema;
}
interface Variant {
  value: unknown;
  fields: Field[];
}

/**
 * Bodies with every string field set to `bad` (arrays get one element): one per option of each
 * union, the other properties at their first option. Non-string leaves are left out.
 */
function variants(schema: Schema, bad: string, path: string[] = []): Variant[] {
  const s = resolve(schema);
  const options = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (options) return options.flatMap((o) => variants(o, bad, path));
  if (isString(s)) {
    const fixed = fixedValue(s);
    if (fixed !== undefined) return [{ value: fixed, fields: [] }];
    if (s.format === 'binary') return [];
    return [{ value: bad, fields: [{ path, schema: s }] }];
  }
  if (s.type === 'array' && s.items) return variants(s.items, bad, [...path, '0']).map((v) => ({ value: [v.value], fields: v.fields }));
  if (s.type === 'object' || s.properties) {
    const props = Object.entries((s.properties ?? {}) as Record<string, Schema>).map(([key, p]) => ({ key, vs: variants(p, bad, [...path, key]) }));
    const pick = (choice: Record<string, number>): Variant => {
      const value: Record<string, unknown> = {};
      const fields: Field[] = [];
      for (const { key, vs } of props) {
        const v = vs[choice[key] ?? 0];
        if (!v) continue;
        value[key] = v.value;
        fields.push(...v.fields);
      }
      return { value, fields };
    };
    const out = [pick({})];
    for (const { key, vs } of props) for (let i = 1; i < vs.length; i++) out.push(pick({ [key]: i }));
    return out.filter((v) => v.fields.length > 0 || path.length > 0);
  }
  return [];
}

// The two ways a string goes wrong, as JSON (a lone surrogate is escaped by JSON.stringify) and
// as percent-encoding in a URL (a lone surrogate can only arrive as its 3-byte form, not UTF-8).
const BAD = [
  { label: 'a NUL byte', json: 'x\u0000y', url: 'x%00y' },
  { label: 'a lone surrogate', json: 'x\ud800y', url: 'x%ED%A0%80y' },
] as const;

let w: World;
beforeAll(async () => {
  w = await createWorld({
    env: { STRIPE_SECRET_KEY: STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PRICE_BASE: PRICE_BASE, STRIPE_PRICE_AGREEMENTS: PRICE_AGREEMENTS },
  });
});
afterAll(async () => w?.close());

/** A principal that has access to the operation, so the request reaches validation. */
function tokenFor(access: Access): string | undefined {
  switch (access.kind) {
    case 'public':
      return undefined;
    case 'user':
    case 'self':
      return w.A.people.admin.token;
    case 'operator':
      return w.operator.token;
    case 'municipality':
      return w.A.people[access.roles[0] ?? 'admin'].token;
    case 'provider':
      if (access.roles.length === 0) return w.P1.apiKey;
      return access.roles.includes('admin') ? w.P1.admin.token : w.P1.staff.token;
  }
}

function pathParams(): Record<string, string> {
  return {
    municipalityId: w.A.id,
    userId: w.A.people['case-manager'].userId,
    invitationId: w.A.invitationId,
    providerId: w.P1.id,
    apiKeyId: w.P1.apiKeyId,
    sessionId: 'abcdefghijklmnopqrstuvwx',
    version: '1',
    topic: 'money',
  };
}

function urlOf(op: Operation, overrides: Record<string, string> = {}, query: Record<string, string> = {}): string {
  const values = { ...pathParams(), ...overrides };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11');
  // Required query parameters get their example, so only the field under test is wrong.
  const required = Object.fromEntries(op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(resolve(p.schema).example ?? '')]));
  const q = Object.entries({ ...required, ...query })
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');
  return `/v1${path}${q ? `?${q}` : ''}`;
}

const HEADERS = { 'Idempotency-Key': '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b12' };

interface ProblemBody {
  status: number;
  invalidParams?: { name: string; reason: string }[];
}

async function expectNamed(res: Response, names: { name: string; ownMessage: boolean }[], what: string) {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBe(400);
  expect(res.headers.get('content-type'), what).toContain('application/problem+json');
  const problem = JSON.parse(text) as ProblemBody;
  for (const { name, ownMessage } of names) {
    // Outcome batches name records in their own style (records[0].reference, without 'body.').
    const normal = (n: string) => n.replace(/\[(\d+)\]/g, '.$1').replace(/^body\./, '');
    const reasons = (problem.invalidParams ?? []).filter((p) => normal(p.name) === normal(name)).map((p) => p.reason);
    expect(reasons.length, `${what}: ${name} is not named in ${text.slice(0, 400)}`).toBeGreaterThan(0);
    if (ownMessage) expect(reasons.some((r) => r === NOT_STORABLE_MESSAGE || r.startsWith('Not valid UTF-8')), `${what}: ${name}: ${reasons.join(' | ')}`).toBe(true);
  }
}

describe('the walk', () => {
  it('covers string fields in bodies, queries and paths', () => {
    const bodyFields = operations.flatMap((op) => (op.body ? variants(op.body, 'x').flatMap((v) => v.fields) : []));
    const queryFields = operations.flatMap((op) => op.parameters.filter((p) => p.in === 'query' && isString(resolve(p.schema))));
    expect(bodyFields.length).toBeGreaterThan(100);
    expect(queryFields.length).toBeGreaterThan(10);
  });
});

const hasStrings = (op: Operation) => op.parameters.some((p) => p.in !== 'header' && isString(resolve(p.schema))) || (op.body !== null && variants(op.body, '').length > 0);

describe.each(operations.filter(hasStrings))('$method $path ($operationId)', (op) => {
  const token = () => tokenFor(op.access);
  const send = async (url: string, body?: string) => {
    const headers: Record<string, string> = { ...HEADERS };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      if (op.operationId === 'receiveStripeEvent' || op.path === '/billing/stripe/events') headers['Stripe-Signature'] = await signature(body);
    }
    return w.app.request(url, { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
  };

  const bodyVariants = op.body ? variants(op.body, '') : [];
  if (bodyVariants.length > 0 && op.body) {
    const schema = op.body;
    it.each(BAD)('refuses $label in every string of the body, naming each field', async (bad) => {
      for (const v of variants(schema, bad.json)) {
        const res = await send(urlOf(op), JSON.stringify(v.value));
        await expectNamed(
          res,
          v.fields.map((f) => ({ name: ['body', ...f.path].join('.'), ownMessage: !formatOnly(f.schema) })),
          `${op.operationId} body ${bad.label}`,
        );
      }
    });
  }

  const queryStrings = op.parameters.filter((p) => p.in === 'query' && isString(resolve(p.schema)));
  if (queryStrings.length > 0) {
    it.each(BAD)('refuses $label in every string of the query, naming each parameter', async (bad) => {
      const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}';
      const res = await send(urlOf(op, {}, Object.fromEntries(queryStrings.map((p) => [p.name, bad.url]))), body);
      await expectNamed(
        res,
        queryStrings.map((p) => ({ name: `query.${p.name}`, ownMessage: !formatOnly(resolve(p.schema)) })),
        `${op.operationId} query ${bad.label}`,
      );
    });
  }

  const pathStrings = op.parameters.filter((p) => p.in === 'path' && isString(resolve(p.schema)));
  if (pathStrings.length > 0) {
    it.each(BAD)('refuses $label in each string path parameter, naming it', async (bad) => {
      for (const p of pathStrings) {
        const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}';
        const res = await send(urlOf(op, { [p.name]: bad.url }), body);
        await expectNamed(res, [{ name: `path.${p.name}`, ownMessage: false }], `${op.operationId} path ${p.name} ${bad.label}`);
      }
    });
  }
});

describe('pages', () => {
  it('refuse a NUL byte in a form field as 400, naming the field', async () => {
    const res = await w.app.request('/reset-password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' },
      body: 'token=abcdefghijklmnopqrstuvwx&password=correct%00horse%20battery',
    });
    expect(res.status).toBe(400);
  });

  it('refuse a NUL byte in a signing form as 400 problem+json naming the field', async () => {
    const res = await w.app.request('/sign/decline', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' },
      body: 't=abcdefghijklmnopqrstuvwx&reason=no%00thanks',
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as ProblemBody;
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['body.reason']);
  });
});

describe('the database backstop', () => {
  // A string that reached the database without passing a schema (a bug, a new code path): the
  // database's encoding errors still answer 400 problem+json, not 500.
  const app = new Hono<AppEnv>();
  app.get('/text', async (c) => c.json((await sql<{ v: string }>`select ${'a\u0000b'}::text as v`.execute(w.db)).rows));
  app.get('/jsonb-nul', async (c) => c.json((await sql<{ v: unknown }>`select ${'{"a":"x\\u0000y"}'}::text::jsonb as v`.execute(w.db)).rows));
  app.get('/jsonb-surrogate', async (c) => c.json((await sql<{ v: unknown }>`select ${'{"a":"x\\ud800y"}'}::text::jsonb as v`.execute(w.db)).rows));
  app.onError(onError);

  it.each(['/text', '/jsonb-nul', '/jsonb-surrogate'])('answers 400 for %s', async (path) => {
    const res = await app.request(path);
    const body = (await res.json()) as ProblemBody & { type: string };
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(body.type).toMatch(/invalid-input$/);
  });
});
