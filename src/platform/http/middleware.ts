// Middleware every request passes: request id and JSON log line, security and version headers,
// CORS by allow-list, and the one transaction (with authentication) for API requests.
import type { Context, MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import { getCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { isApiKey } from '../auth/tokens.js';
import { validateSessionToken } from '../auth/sessions.js';
import { sha256Hex, uuidv7 } from '../crypto.js';
import { inAppTransaction } from '../db/database.js';
import { ApiError } from '../errors.js';
import type { AppDeps, AppEnv, Principal } from './env.js';
import { API_VERSION } from './route.js';

export const SESSION_COOKIE = 'vervolg_session';

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('X-Request-ID');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : uuidv7();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('principal', null);
    c.set('tenantId', null);
    c.set('providerId', null);
    c.set('operationId', null);
    c.set('auditSubject', null);
    await next();
    c.header('X-Request-ID', requestId);
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

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('API-Version', API_VERSION);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.res.headers.get('Content-Security-Policy')) {
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  };
}

export function corsByAllowList(origins: string[]): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-ID'],
    exposeHeaders: ['API-Version', 'X-Request-ID', 'ETag', 'Location', 'Retry-After'],
    credentials: true,
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
}

function bearerToken(c: Context<AppEnv>): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = c.req.header('Authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1] as string, via: 'bearer' } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

async function authenticate(c: Context<AppEnv>): Promise<Principal | null> {
  const credentials = bearerToken(c);
  if (!credentials) return null;
  const { config } = c.get('deps');
  const trx = c.get('trx');
  const now = c.get('deps').now?.() ?? new Date();
  if (credentials.via === 'bearer' && isApiKey(credentials.token)) {
    const { rows } = await sql<{
      id: string;
      provider_id: string;
      scopes: string[];
      expires_at: Date | null;
      revoked_at: Date | null;
    }>`select * from auth_api_key(${sha256Hex(credentials.token)})`.execute(trx);
    const key = rows[0];
    if (!key || key.revoked_at || (key.expires_at && new Date(key.expires_at) <= now)) return null;
    return { kind: 'api-key', keyId: key.id, providerId: key.provider_id, scopes: key.scopes };
  }
  const session = await validateSessionToken(trx, credentials.token, config.sessionIdleMinutes, now);
  if (!session) return null;
  if (credentials.via === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
    // Cookies ride along on cross-site requests; a write with a cookie must come from our own origin.
    const origin = c.req.header('Origin');
    const allowed = [new URL(config.publicUrl).origin, ...config.corsOrigins];
    if (!origin || !allowed.includes(origin)) {
      throw new ApiError(403, 'origin-not-allowed', 'Origin not allowed', 'A write with a session cookie must come from an allowed origin. Programs should send Authorization: Bearer instead.');
    }
  }
  return { kind: 'user', ...session, via: credentials.via };
}

class Rollback extends Error {}

/**
 * One transaction per API request, as the app role. Authentication runs inside it, then the
 * route. If the route throws, everything it wrote is rolled back. A route that must keep a write
 * while answering with an error (login throttling counts a failed attempt) returns the problem
 * response instead of throwing it.
 */
export function requestTransaction(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    try {
      await inAppTransaction(c.get('deps').db, async (trx) => {
        c.set('trx', trx);
        c.set('principal', await authenticate(c));
        await next();
        if (c.error) throw new Rollback();
      });
    } catch (error) {
      if (error instanceof Rollback) return;
      throw error;
    }
  });
}
