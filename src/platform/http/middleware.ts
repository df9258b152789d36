// Middleware every request passes: request id and JSON log line, security and version headers,
// CORS by allow-list, and the one transaction (with authentication) for API requests.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { type Credentials, enterRequest, pathContext } from '../auth/enter.js';
import { actionOf, recordProcessing } from '../audit.js';
import { uuidv7 } from '../crypto.js';
import { type Tx, inAppTransaction, setContext } from '../db/database.js';
import { deliverNow, takeAfterCommit } from '../outbox.js';
import { ApiError } from '../errors.js';
import type { AppDeps, AppEnv, Principal } from './env.js';
import { changesState, comesFromAllowedOrigin, ownOrigin } from './origin.js';
import { API_VERSION } from './route.js';

export const SESSION_COOKIE = 'vervolg_session';

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('X-Request-ID');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : uuidv7();
    const requestDb = deps.requestDatabase?.(c.env);
    c.set('deps', requestDb ? { ...deps, db: requestDb } : deps);
    c.set('requestId', requestId);
    c.set('principal', null);
    c.set('tenantId', null);
    c.set('providerId', null);
    c.set('operationId', null);
    c.set('auditSubject', null);
    // Headers set before the response exists are applied when it is made; set after, they make
    // Hono copy the response — a cost on every request.
    c.header('X-Request-ID', requestId);
    await next();
    if (deps.config.logRequests) {
      const principal = c.get('principal');
      // No query string (it may hold a one-time token), no bodies, no personal data.
      deps.log({
        level: c.res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        requestId,
        method: c.req.method,
        path: c.req.path,
        route: c.req.routePath,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        tenantId: c.get('tenantId'),
        providerId: c.get('providerId'),
        principal: principal ? (principal.kind === 'user' ? `user:${principal.userId}` : `api-key:${principal.keyId}`) : null,
      });
    }
  };
}

/** Set before the handler runs (see above); pages and the docs override the CSP afterwards. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.header('API-Version', API_VERSION);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    await next();
  };
}

export function corsByAllowList(origins: string[]): MiddlewareHandler<AppEnv> {
  const handler = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-ID'],
    exposeHeaders: ['API-Version', 'X-Request-ID', 'ETag', 'Location', 'Retry-After'],
    credentials: true,
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
  // Programs calling the API send no Origin; CORS concerns browsers only.
  return (c, next) => (c.req.header('Origin') ? handler(c, next) : next());
}

function credentialsOf(c: Context<AppEnv>): Credentials | null {
  const header = c.req.header('Authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1] as string, via: 'bearer' } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Cookies ride along on cross-site requests; a write with a cookie must come from our own origin
 * or an allowed one (CORS_ORIGINS) — the same rule as the pages' forms (origin.tsx).
 */
function checkCookieOrigin(c: Context<AppEnv>, principal: Principal | null): void {
  if (principal?.kind !== 'user' || principal.via !== 'cookie' || !changesState(c.req.method)) return;
  if (!comesFromAllowedOrigin(c, [ownOrigin(c), ...c.get('deps').config.corsOrigins])) {
    throw new ApiError(403, 'origin-not-allowed', 'Origin not allowed', 'A write with a session cookie must come from an allowed origin. Programs should send Authorization: Bearer instead.');
  }
}

class Rollback extends Error {}

const LOGGED_REFUSALS = new Set([403, 404, 409, 412]);

/**
 * A refused operation (no right, not found, a conflict) leaves nothing behind but must still be
 * on record: it is written after the rollback, in a transaction of its own — under the tenant
 * only if the principal had entered it, so an attempt on another municipality reveals nothing.
 */
async function recordRefusal(c: Context<AppEnv>): Promise<void> {
  const error = c.error;
  const operation = c.get('operationId');
  if (!(error instanceof ApiError) || !LOGGED_REFUSALS.has(error.status) || !operation || !c.get('principal')) return;
  try {
    await inAppTransaction(c.get('deps').db, async (trx) => {
      await setContext(trx, { tenantId: c.get('tenantId') });
      await recordProcessing(trx, c, { operation, action: actionOf(c.req.method), status: 'refused', subject: c.get('auditSubject') });
    });
  } catch (logError) {
    c.get('deps').log({ level: 'error', msg: 'could not record a refusal', requestId: c.get('requestId'), error: String(logError) });
  }
}

/**
 * One transaction per API request. Its first statement (app_enter) switches to the request role,
 * authenticates and enters the path's municipality or provider; then the route runs. If the route
 * throws, everything it wrote is rolled back. A route that must keep a write while answering with
 * an error (login throttling counts a failed attempt) returns the problem response instead of
 * throwing it.
 */
export function requestTransaction(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get('deps');
    let transaction: Tx | undefined;
    try {
      await deps.db.transaction().execute(async (trx) => {
        transaction = trx;
        c.set('trx', trx);
        const entered = await enterRequest(trx, {
          credentials: credentialsOf(c),
          ...pathContext(c.req.path),
          idleMinutes: deps.config.sessionIdleMinutes,
          now: deps.now?.() ?? new Date(),
        });
        c.set('principal', entered.principal);
        c.set('entered', entered);
        checkCookieOrigin(c, entered.principal);
        await next();
        if (c.error) throw new Rollback();
      });
    } catch (error) {
      if (error instanceof Rollback) return recordRefusal(c);
      throw error;
    }
    // Committed: messages the request marked as urgent (one-time codes) leave now.
    const urgent = transaction ? takeAfterCommit(transaction) : [];
    if (urgent.length > 0) await afterCommit(c, () => deliverNow(deps.db, deps.transport, urgent, deps.now?.() ?? new Date()));
  });
}

/**
 * Work that must follow the commit without failing the request. On Workers it runs after the
 * response through waitUntil (the entry keeps the database open until it ends); where there is no
 * execution context (Node, tests) it runs before the response goes out — usually a few hundred
 * milliseconds, and the page then tells the truth when it says "we sent you a code".
 */
async function afterCommit(c: Context<AppEnv>, task: () => Promise<unknown>): Promise<void> {
  const deps = c.get('deps');
  const run = task().catch((error) => deps.log({ level: 'error', msg: 'after-commit work failed', requestId: c.get('requestId'), error: String(error) }));
  let waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  try {
    const ctx = c.executionCtx;
    waitUntil = ctx.waitUntil.bind(ctx);
  } catch {
    waitUntil = undefined; // Hono throws when the runtime gave no execution context
  }
  if (waitUntil) waitUntil(run);
  // A slow provider does not hold the page: after AFTER_COMMIT_WAIT_MS the answer goes out and
  // the send finishes on its own (Node keeps running; the row stays claimed until it ends).
  else {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([run, new Promise((resolve) => (timer = setTimeout(resolve, AFTER_COMMIT_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

const AFTER_COMMIT_WAIT_MS = 3_000;
