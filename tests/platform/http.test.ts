// HTTP conventions of the NL API Design Rules: version and security headers everywhere,
// problem+json for every error, all field errors at once, CORS by allow-list, request ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const expectProblem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
  return body;
};

describe('headers', () => {
  it('every response has API-Version, security headers and a request id — errors too', async () => {
    for (const [method, path] of [
      ['GET', '/v1/health'],
      ['GET', '/v1/nope'],
      ['GET', '/v1/me'],
      ['GET', '/v1/openapi.json'],
    ] as const) {
      const res = await w.request(method, path);
      expect(res.headers.get('API-Version'), path).toBe('1.0.0');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Strict-Transport-Security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('X-Request-ID')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('the request id is in the JSON log line, which has no query string', async () => {
    w.logs.length = 0;
    const res = await w.request('GET', '/v1/health?token=secret-in-query');
    const id = res.headers.get('X-Request-ID');
    const line = w.logs.find((l) => l.requestId === id);
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/v1/health', status: 200 });
    expect(JSON.stringify(w.logs)).not.toContain('secret-in-query');
  });

  it('log lines never carry a token or password', async () => {
    w.logs.length = 0;
    await w.request('POST', '/v1/auth/login', { body: { email: w.A.people.admin.email, password: 'wrong password here' } });
    await w.request('GET', '/v1/me', { token: w.A.people.admin.token });
    const text = JSON.stringify(w.logs);
    expect(text).not.toContain('wrong password here');
    expect(text).not.toContain(w.A.people.admin.token);
    expect(text).not.toContain(w.A.people.admin.token.split('.')[1]);
  });
});

describe('errors', () => {
  it('an unknown route is 404 problem+json', async () => {
    await expectProblem(await w.request('GET', '/v1/does-not-exist'), 404);
    await expectProblem(await w.request('GET', '/elsewhere'), 404);
  });

  it('a trailing slash is 404, not a redirect', async () => {
    await expectProblem(await w.request('GET', '/v1/health/'), 404);
  });

  it('a wrong method is 405 with Allow', async () => {
    const res = await w.request('DELETE', '/v1/health');
    await expectProblem(res, 405);
    expect(res.headers.get('Allow')).toBe('GET');
  });

  it('invalid input is 400 listing every field error at once', async () => {
    const res = await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'x', cbsCode: 'GM12', slug: 'Not A Slug' } });
    const body = await expectProblem(res, 400);
    const names = (body.invalidParams as { name: string }[]).map((p) => p.name).sort();
    expect(names).toEqual(['body.cbsCode', 'body.name', 'body.slug']);
  });

  it('malformed JSON is 400, not 500', async () => {
    await expectProblem(await w.request('POST', '/v1/auth/login', { body: '{"email":' }), 400);
  });

  it('an invalid id in the path is 400 naming the parameter', async () => {
    const body = await expectProblem(await w.request('GET', '/v1/municipalities/not-a-uuid', { token: w.operator.token }), 400);
    expect(body.invalidParams).toEqual([expect.objectContaining({ name: 'path.municipalityId' })]);
  });

  it('a bad query value is 400', async () => {
    await expectProblem(await w.request('GET', '/v1/providers?limit=100000', { token: w.operator.token }), 400);
  });

  it('a duplicate is 409, and the failed request leaves nothing behind', async () => {
    const res = await w.request('POST', '/v1/municipalities', { token: w.operator.token, body: { name: 'Dubbel', cbsCode: 'GM0001', slug: 'dubbel' } });
    await expectProblem(res, 409);
    const list = (await (await w.request('GET', '/v1/municipalities', { token: w.operator.token })).json()) as { items: { slug: string }[] };
    expect(list.items.map((m) => m.slug)).not.toContain('dubbel');
  });
});

describe('CORS', () => {
  it('allows only origins on the allow-list', async () => {
    const ok = await w.request('OPTIONS', '/v1/health', { headers: { Origin: 'https://app.vervolg.test', 'Access-Control-Request-Method': 'GET' } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://app.vervolg.test');
    const other = await w.request('GET', '/v1/health', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('self-description', () => {
  it('serves the OpenAPI document without authentication, equal to the committed one but for its server', async () => {
    const res = await w.request('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.servers[0]?.url).toMatch(/\/v1$/);
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
    expect({ ...doc, servers: committed.servers }).toEqual(committed);
  });

  it('tags every operation with its capability', async () => {
    const doc = (await (await w.request('GET', '/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) expect(op.tags?.length, `${method} ${path}`).toBe(1);
    }
  });

  it('serves an interactive reference at /v1/docs that loads nothing from another host', async () => {
    const res = await w.request('GET', '/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    // Only this origin (and data: images, which are no host): no CDN, no inline script.
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
    const html = await res.text();
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBe(3);
    for (const ref of refs) expect(ref, ref).toMatch(/^\/v1\/docs\/[\w.-]+$/);
    expect(html).not.toMatch(/https?:\/\//);
    // Every script has a src: nothing inline for the CSP to allow.
    expect([...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)].every((m) => /\bsrc="/.test(m[1] as string) && (m[2] as string).trim() === '')).toBe(true);
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };
    for (const ref of refs) {
      const asset = await w.request('GET', ref);
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('content-type'), ref).toContain(types[ref.slice(ref.lastIndexOf('.'))] as string);
      const text = await asset.text();
      expect(text.length, ref).toBeGreaterThan(ref.endsWith('init.js') ? 100 : 100_000);
    }
    const init = await (await w.request('GET', '/v1/docs/init.js')).text();
    expect(init).toContain("url: '/v1/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    expect(await (await w.request('GET', '/v1/docs/swagger-ui-bundle.js')).text()).toContain('SwaggerUIBundle');
  });

  it("the served OpenAPI document's server is the origin it was fetched from, so Try it out calls this server", async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8787', 'https://vervolg.test', 'https://api.voorbeeld.nl']) {
      const doc = (await (await w.app.request(`${origin}/v1/openapi.json`)).json()) as { servers: { url: string }[] };
      expect(doc.servers.map((s) => s.url), origin).toEqual([`${origin}/v1`]);
    }
    // Behind a TLS-terminating proxy the request may arrive as http: for our own host, PUBLIC_URL's scheme counts.
    const proxied = (await (await w.app.request('http://vervolg.test/v1/openapi.json')).json()) as { servers: { url: string }[] };
    expect(proxied.servers[0]?.url).toBe('https://vervolg.test/v1');
  });

  it('health checks the database', async () => {
    const res = await w.request('GET', '/v1/health');
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', version: '1.0.0' });
  });
});
