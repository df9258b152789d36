// defineRoute: createRoute plus who may call it (see access.ts) and whether it returns personal
// data (then each read is logged). Every operation gets the standard responses: the API-Version
// header on success, problem+json for each error it can give.
import { type OpenAPIHono, createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { logOperation } from '../audit.js';
import { ProblemSchema } from '../errors.js';
import { type Access, type AccessPolicy, enforceAccess, securityFor } from './access.js';
import { DEFAULT_BODY_LIMIT } from './body-limit.js';
import type { AppEnv } from './env.js';
import { wellFormedUrl } from './input.js';

export const API_VERSION = '1.0.0';

/** The API-Version header every response carries (set in middleware.ts); also for responses built by hand. */
export const versionHeader = {
  'API-Version': { description: 'The full version of the API that answered.', schema: { type: 'string' as const, example: API_VERSION } },
};

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, headers: versionHeader, content: { 'application/json': { schema } } };
}

export function emptyResponse(description: string) {
  return { description, headers: versionHeader };
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every problem is listed in invalidParams.',
  401: 'No valid credentials.',
  403: 'Your role or API key scope does not allow this, or the session has no verified second factor yet (two-factor-required).',
  404: 'Not found, or not yours to see.',
  409: 'Conflicts with the current state.',
  412: 'The resource changed since you read it (If-Match).',
  413: 'The request body is larger than this operation accepts (see x-body-limit); refused before it is read.',
  415: 'The body’s Content-Type is not one this operation accepts.',
  429: 'Too many attempts; try again later.',
  503: 'A service this operation needs (e.g. the one that makes documents) is unavailable right now; nothing was saved. Send it again after Retry-After seconds.',
};

function problemResponses(codes: number[], descriptions: Record<number, string> = ERROR_DESCRIPTIONS) {
  const out: Record<string, { description: string; headers: typeof versionHeader; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> = {};
  for (const code of codes) {
    out[String(code)] = {
      description: descriptions[code] ?? 'Error',
      headers: versionHeader,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return out;
}

export interface RouteOptions {
  /** The operation returns a person's personal data: each read is written to the processing log. */
  personalData?: boolean;
  /** Extra error statuses this operation can answer with (400/401/403/404 are added as fitting). */
  errors?: number[];
  /**
   * The most bytes the request body may have (default DEFAULT_BODY_LIMIT, 1 MB). Enforced before
   * the body is read, with or without Content-Length (body-limit.ts); a larger body gets 413.
   */
  bodyLimit?: number;
}

export function defineRoute<const R extends RouteConfig>(access: Access, config: R, options: RouteOptions = {}): R {
  const codes = new Set<number>([400, ...(options.errors ?? [])]);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const takesBody = config.request?.body !== undefined || ['post', 'put', 'patch'].includes(config.method);
  if (takesBody) codes.add(413);
  if (access.kind !== 'public') codes.add(401);
  if (access.kind !== 'public' && access.kind !== 'self') codes.add(403);
  if (config.path.includes('{')) codes.add(404);
  // What the modules' access policies can answer (billing's 402) is added by documentAccessPolicies.
  const operationId = config.operationId;
  if (!operationId) throw new Error(`route ${config.method} ${config.path} needs an operationId`);
  // A municipality's API key reads (its archive, its data warehouse); it never changes anything.
  if (access.kind === 'municipality' && access.scope && config.method !== 'get') {
    throw new Error(`route ${config.method} ${config.path}: a municipality's API key scope is for reads (GET) only`);
  }
  // The operation is about the most specific resource in its path, e.g. {userId} in
  // /municipalities/{municipalityId}/members/{userId}, unless the handler names another subject.
  const lastPathParam = [...config.path.matchAll(/\{(\w+)\}/g)].at(-1)?.[1];
  const tagAndLog = createMiddleware<AppEnv>(async (c, next) => {
    c.set('operationId', operationId);
    const id = lastPathParam ? c.req.param(lastPathParam) : undefined;
    const pathSubject = lastPathParam && id ? { type: lastPathParam.replace(/Id$/, ''), id } : null;
    await next();
    await logOperation(c, options.personalData ?? false, pathSubject);
  });
  return createRoute({
    ...config,
    security: securityFor(access),
    'x-access': access,
    'x-personal-data': options.personalData ?? false,
    // Read by apiBodyLimits (body-limit.ts), which enforces it in front of the transaction.
    'x-body-limit': bodyLimit,
    responses: { ...problemResponses([...codes].sort()), ...config.responses },
    // After the access check (401/403 first), before the schemas: see input.ts.
    middleware: [tagAndLog, enforceAccess(access), wellFormedUrl],
  }) as unknown as R;
}

/**
 * Add the errors the access policies can answer (e.g. billing's 402 on a municipality's writes) to
 * every operation they apply to. Routes are defined when their module is imported, before the app
 * knows its policies, so this runs on the finished router (buildApi) instead of in defineRoute.
 */
export function documentAccessPolicies(api: OpenAPIHono<AppEnv>, policies: readonly AccessPolicy[]) {
  for (const definition of api.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route as RouteConfig & { 'x-access'?: Access };
    const access = route['x-access'];
    if (!access) continue;
    const errors: Record<number, string> = {};
    for (const policy of policies) Object.assign(errors, policy.documentedErrors?.(access, route.method));
    const codes = Object.keys(errors).map(Number);
    // The route's own responses win, as in defineRoute.
    if (codes.length > 0) definition.route = { ...route, responses: { ...problemResponses(codes, errors), ...route.responses } };
  }
}
