// What a client sends outside a JSON body, checked the way platform/text.ts checks strings in
// schemas: path parameters and query values must be percent-encoded UTF-8 (Hono keeps an
// undecodable sequence such as %ED%A0%80 — a lone surrogate — as raw text, which would slip past
// the schemas), and form fields of pages may hold no NUL byte or invalid Unicode. Each refusal is
// 400 problem+json naming the field, like a schema's.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError, type InvalidParam } from '../errors.js';
import { NOT_STORABLE_MESSAGE, isStorableText } from '../text.js';
import type { AppEnv } from './env.js';

const NOT_UTF8 = 'Not valid UTF-8 percent-encoding (invalid Unicode). Encode the value as UTF-8.';

/** The decoded value, or null when the percent-encoding is not UTF-8. */
function decode(raw: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

function check(name: string, raw: string, plusIsSpace: boolean, problems: InvalidParam[]) {
  const value = decode(raw, plusIsSpace);
  if (value === null) problems.push({ name, reason: NOT_UTF8 });
  else if (!isStorableText(value)) problems.push({ name, reason: NOT_STORABLE_MESSAGE });
}

function refuse(problems: InvalidParam[], where: string): never {
  throw new ApiError(400, 'invalid-input', 'Invalid input', `The request has ${problems.length} invalid ${problems.length === 1 ? 'field' : 'fields'} in the ${where}.`, {
    invalidParams: problems,
  });
}

/** Path parameters (by the route's pattern) and query values of an API operation: UTF-8, storable. */
export const wellFormedUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const problems: InvalidParam[] = [];
  const pattern = c.req.routePath.split('/');
  const segments = url.pathname.split('/');
  if (pattern.length === segments.length) {
    pattern.forEach((part, i) => {
      if (part.startsWith(':')) check(`path.${part.slice(1).replace(/\{.*$/, '')}`, segments[i] ?? '', false, problems);
    });
  }
  if (problems.length) refuse(problems, 'path');
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const rawKey = at === -1 ? pair : pair.slice(0, at);
    const key = decode(rawKey, true);
    check(`query.${key ?? rawKey}`, rawKey, true, problems);
    if (at !== -1) check(`query.${key ?? rawKey}`, pair.slice(at + 1), true, problems);
  }
  if (problems.length) refuse(problems, 'query');
  await next();
});

/**
 * The string fields of a page's form (urlencoded or multipart; files are left out), refused as a
 * whole when any holds a NUL byte or invalid Unicode. Pages read their forms with this instead of
 * c.req.parseBody().
 */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  const problems: InvalidParam[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    if (!isStorableText(key) || !isStorableText(value)) problems.push({ name: `body.${isStorableText(key) ? key : 'field'}`, reason: NOT_STORABLE_MESSAGE });
    else fields[key] = value;
  }
  if (problems.length) refuse(problems, 'form');
  return fields;
}
