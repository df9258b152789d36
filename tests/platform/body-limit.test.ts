// Bodies are limited by size before they are read: per operation (defineRoute's bodyLimit, in the
// OpenAPI document as x-body-limit with a 413 response), with and without Content-Length, for the
// API and for page forms; the handler never runs and an oversized upload is not read whole.
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.js';
import { DEFAULT_BODY_LIMIT, PAGE_FORM_LIMIT, limitBody } from '../../src/platform/http/body-limit.js';
import type { AppEnv } from '../../src/platform/http/env.js';
import { type World, createWorld } from '../support/world.js';

const MB = 1024 * 1024;

/** A body of `total` bytes as a stream, counting what the reader pulled. */
function countingStream(total: number, chunk = 64 * 1024, fill = 0x20) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const n = Math.min(chunk, total - state.pulled);
      state.pulled += n;
      controller.enqueue(new Uint8Array(n).fill(fill));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** A request with a streamed body; without Content-Length unless given (chunked). */
function streamed(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>): Request {
  return new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('the mechanism', () => {
  // What the handler saw, counted per test (each test starts from zero).
  let ran = 0;
  let received = 0;
  beforeEach(() => {
    ran = 0;
    received = 0;
  });
  const app = new Hono<AppEnv>();
  app.use('*', limitBody(() => 1000));
  app.post('/x', async (c) => {
    ran++;
    received = (await c.req.arrayBuffer()).byteLength;
    return c.text('ok');
  });

  it('refuses a declared Content-Length over the limit without reading anything; the handler never runs', async () => {
    const { stream, state } = countingStream(5000);
    const res = await app.fetch(streamed('http://x/x', stream, { 'Content-Type': 'application/json', 'Content-Length': '5000' }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { status: number }).status).toBe(413);
    expect(ran).toBe(0);
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses a chunked body once it passes the limit, reading no further; the handler never runs', async () => {
    const { stream, state } = countingStream(100_000, 300);
    const res = await app.fetch(streamed('http://x/x', stream, { 'Content-Type': 'application/json' }));
    expect(res.status).toBe(413);
    expect(ran).toBe(0);
    expect(state.pulled).toBeLessThanOrEqual(1000 + 2 * 300);
    expect(state.cancelled).toBe(true);
  });

  it('hands a body within the limit on whole, chunked or not', async () => {
    const { stream } = countingStream(1000, 300);
    expect((await app.fetch(streamed('http://x/x', stream, { 'Content-Type': 'application/octet-stream' }))).status).toBe(200);
    expect(received).toBe(1000);
    expect((await app.request('/x', { method: 'POST', body: 'a'.repeat(999) })).status).toBe(200);
    expect(received).toBe(999);
    expect(ran).toBe(2);
  });
});

describe('in the app', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w?.close());

  it('a 30 MB upload to POST /v1/verifications is refused with 413, with Content-Length unread', async () => {
    const { stream, state } = countingStream(30 * MB);
    const res = await w.app.fetch(streamed('http://localhost/v1/verifications', stream, { 'Content-Type': 'application/pdf', 'Content-Length': String(30 * MB) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/20 MB/);
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('a 30 MB chunked upload to POST /v1/verifications is refused after at most its 20 MB limit is read', async () => {
    const { stream, state } = countingStream(30 * MB);
    const res = await w.app.fetch(streamed('http://localhost/v1/verifications', stream, { 'Content-Type': 'application/pdf' }));
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(20 * MB + 64 * 1024);
    expect(state.pulled).toBeLessThan(30 * MB);
    expect(state.cancelled).toBe(true);
  });

  it('an over-limit JSON body never reaches validation or the handler (413, not 400; nothing written)', async () => {
    const admin = w.A.people.admin.token;
    const path = `/v1/municipalities/${w.A.id}/webhook-endpoints`;
    // Valid JSON, but invalid for the schema (description too long): validation would say 400.
    const json = JSON.stringify({ url: 'https://hooks.example.org/x', events: ['agreement.signed'], description: 'x'.repeat(DEFAULT_BODY_LIMIT) });
    const declared = await w.app.request(path, { method: 'POST', body: json, headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json', 'Content-Length': String(json.length) } });
    expect(declared.status).toBe(413);
    const bytes = new TextEncoder().encode(json);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.slice(i, i + 65536));
        controller.close();
      },
    });
    const res = await w.app.fetch(streamed(`http://localhost${path}`, chunked, { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }));
    expect(res.status).toBe(413);
    const list = (await (await w.request('GET', path, { token: admin })).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
    // Under the limit the same operation works as before.
    const ok = await w.request('POST', path, { token: admin, body: { url: 'https://hooks.example.org/x', events: ['agreement.signed'] } });
    expect(ok.status).toBe(201);
  });

  it('a body still arriving holds no database connection: other requests are answered meanwhile', async () => {
    // As many slow uploads (Content-Length declared, body sent in part) as the test pool has
    // connections; PGlite has one. Were the body read inside the request's transaction, each
    // would hold a connection until its client finished, and the health check would wait.
    const uploads = Array.from({ length: 10 }, () => {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          c.enqueue(new TextEncoder().encode('{"email":'));
        },
      });
      const answered = w.app.fetch(streamed('http://localhost/v1/auth/login', body, { 'Content-Type': 'application/json', 'Content-Length': '1000' }));
      return { controller, answered };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health = await Promise.race([w.app.request('/v1/health'), new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
    expect(health?.status).toBe(200);
    // The clients give up: their requests end with a problem, not a 500.
    for (const upload of uploads) upload.controller.error(new Error('client went away'));
    for (const upload of uploads) {
      const res = await upload.answered;
      expect(res.status).toBe(400);
      expect(((await res.json()) as { type: string }).type).toMatch(/body-incomplete$/);
    }
  });

  it('page forms are limited too', async () => {
    const form = `email=${'a'.repeat(PAGE_FORM_LIMIT)}%40example.org`;
    const big = await w.app.request('/login-link', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } });
    expect(big.status).toBe(413);
    const { stream } = countingStream(PAGE_FORM_LIMIT + 1, 4096, 0x61);
    const chunked = await w.app.fetch(streamed('http://localhost/login-link', stream, { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' }));
    expect(chunked.status).toBe(413);
    const small = await w.app.request('/login-link', { method: 'POST', body: 'email=someone%40example.org', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } });
    expect(small.status).not.toBe(413);
  });

  it('the OpenAPI document gives each operation with a body its limit and a 413 problem response', () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; 'x-body-limit'?: number; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const ops = Object.values(doc.paths).flatMap((p) => Object.entries(p).map(([method, op]) => ({ method, ...op })));
    const withBody = ops.filter((op) => op.requestBody !== undefined || ['post', 'put', 'patch'].includes(op.method));
    expect(withBody.length).toBeGreaterThan(20);
    for (const op of withBody) {
      expect(op.responses['413']?.content?.['application/problem+json'], op.operationId).toBeDefined();
      expect(op['x-body-limit'], op.operationId).toBeGreaterThan(0);
    }
    const limitOf = (id: string) => ops.find((op) => op.operationId === id)?.['x-body-limit'];
    expect(limitOf('verifyDocument')).toBe(20 * MB);
    expect(limitOf('createOutcomeBatch')).toBe(16 * MB);
    expect(limitOf('createWebhookEndpoint')).toBe(DEFAULT_BODY_LIMIT);
  });
});
