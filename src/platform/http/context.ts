// Small accessors routes share.
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { ApiError } from '../errors.js';
import { clientAddress } from './client-ip.js';
import type { AppEnv, Principal } from './env.js';
import { SESSION_COOKIE } from './middleware.js';

export const nowOf = (c: Context<AppEnv>): Date => c.get('deps').now?.() ?? new Date();

/** The client's IP address as the runtime knows it (see client-ip.ts); null when it cannot tell. */
export function clientIp(c: Context<AppEnv>): string | null {
  const { runtime, config } = c.get('deps');
  return clientAddress(c, runtime, config.trustedProxies);
}

export function userPrincipal(c: Context<AppEnv>): Extract<Principal, { kind: 'user' }> {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new ApiError(401, 'unauthorized', 'Authentication required', 'Sign in first.');
  return p;
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const { config } = c.get('deps');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https://') || config.env === 'production',
    sameSite: 'Lax',
    path: '/',
    maxAge: config.sessionIdleMinutes * 60,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  setCookie(c, SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 0 });
}
