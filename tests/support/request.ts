// Typed requests: call an operation by its route definition (the one the module registers, exported
// as `routes` from its routes.ts) and get the response body typed from that route's own response
// schema, so a test reads `contract.terms.products[0]` without casting JSON.
//
//   import { routes as contracts } from '../../src/modules/contracts/routes.js';
//   const res = await w.call(contracts.getContract, { token, params: { municipalityId, contractId } });
//   expect(res.headers.get('ETag')).toBe('"r1"');
//   const contract = res.json(200);          // checks the status (failing with the body) → z.output<Contract>
//   const problem = res.json(412);           // a status the route does not declare → Problem (problem+json)
//
// Path parameters fill the route's path ({municipalityId} …) and are typed from its params schema;
// the body (`json`) is sent as given, so a test can also send what the API must refuse.
import type { RouteConfig, z } from '@hono/zod-openapi';
import { expect } from 'vitest';
import type { ProblemSchema } from '../../src/platform/errors.js';

export type Problem = z.output<typeof ProblemSchema>;

type Responses<R extends RouteConfig> = R['responses'];
type JsonContent<Res> = Res extends { content: { 'application/json': { schema: infer S } } } ? (S extends z.ZodType ? z.output<S> : unknown) : undefined;

/** The body at a status: the route's own schema for the statuses it declares, else a Problem. */
export type BodyAt<R extends RouteConfig, S extends number> = S extends keyof Responses<R> ? JsonContent<Responses<R>[S]> : Problem;

type Part<R extends RouteConfig, K extends 'params' | 'query'> = R['request'] extends Record<K, infer P> ? (P extends z.ZodType ? z.input<P> : never) : never;

export type CallInput<R extends RouteConfig> = {
  /** A session token or API key, sent as Authorization: Bearer. */
  token?: string;
  /** The JSON body, sent as given. */
  json?: unknown;
  headers?: Record<string, string>;
  /** The client address (TEST_CLIENT_IP unless given). */
  from?: string;
} & ([Part<R, 'params'>] extends [never] ? { params?: undefined } : { params: Part<R, 'params'> }) &
  ([Part<R, 'query'>] extends [never] ? { query?: undefined } : { query?: Partial<Part<R, 'query'>> });

export interface Answer<R extends RouteConfig> {
  status: number;
  headers: Headers;
  /** The raw body. */
  text: string;
  /** The parsed JSON body, after checking the status is `status` (else the test fails showing the body). */
  json<S extends number>(status: S): BodyAt<R, S>;
}

/** The URL of an operation: /v1 + its path with the parameters filled in, plus the query string. */
export function urlOf(route: RouteConfig, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.method.toUpperCase()} ${route.path}: no value for path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
  return `/v1${path}${search ? `?${search}` : ''}`;
}

type Send = (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; from?: string }) => Promise<Response>;

export async function callRoute<R extends RouteConfig>(send: Send, route: R, input: CallInput<R>): Promise<Answer<R>> {
  const res = await send(route.method.toUpperCase(), urlOf(route, input.params as Record<string, unknown> | undefined, input.query as Record<string, unknown> | undefined), {
    ...(input.token !== undefined ? { token: input.token } : {}),
    ...(input.json !== undefined ? { body: input.json } : {}),
    ...(input.headers ? { headers: input.headers } : {}),
    ...(input.from ? { from: input.from } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json<S extends number>(status: S) {
      expect(res.status, text.slice(0, 2000)).toBe(status);
      return JSON.parse(text) as BodyAt<R, S>;
    },
  };
}
