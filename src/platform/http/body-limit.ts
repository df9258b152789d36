// Request bodies are limited by size before anything reads them. Each API operation declares its
// limit once (defineRoute's `bodyLimit` option, default DEFAULT_BODY_LIMIT); the limit is stored
// on the operation (`x-body-limit` in the OpenAPI document, next to its 413 response) and enforced
// here, in front of the request's transaction, so an oversized or slow upload never holds a
// database connection and never reaches a parser or a handler.
//
// - With Content-Length: a declared size over the limit is refused at once, unread.
// - Without (chunked): the body is read up to the limit and no further; one byte more and the
//   stream is cancelled and the request refused.
// - A body within the limit is read whole here and handed on buffered (every operation reads its
//   whole body anyway), with or without Content-Length: a client sending its body slowly then
//   waits alone, before the transaction — not holding a pooled connection, nor on the embedded
//   PGlite (one connection) every other request.
//
// Hono's own bodyLimit middleware does the same counting, but its overflow surfaces as a stream
// error inside the JSON validator (a 400 "malformed JSON") and only after the handler chain has
// started; reading ahead here answers 413 and keeps the chain from running at all.
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';
import { problemResponse } from './errors-handler.js';

/** Bytes a JSON body may have unless the operation says otherwise. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Bytes a page form (application/x-www-form-urlencoded or text) may have. */
export const PAGE_FORM_LIMIT = 64 * 1024;
/** Bytes a page upload (multipart/form-data, e.g. a PDF to verify) may have. */
export const PAGE_UPLOAD_LIMIT = 20 * 1024 * 1024;

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

const human = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} kB`);

function tooLarge(c: Context<AppEnv>, limit: number): Response {
  // Connection: close: on Node the server would otherwise drain the rest of the upload to reuse
  // the connection; closing it stops reading at once.
  return problemResponse(
    c,
    new ApiError(413, 'body-too-large', 'Body too large', `The request body may be at most ${human(limit)} (${limit} bytes) here; send less.`),
  );
}

/** Refuse a body larger than `limitOf(c)` bytes before anything reads it (see above). */
export function limitBody(limitOf: (c: Context<AppEnv>) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (NO_BODY.has(c.req.method)) return next();
    const raw = c.req.raw;
    if (!raw.body) return next();
    const limit = limitOf(c);
    const declared = c.req.header('Content-Length');
    if (declared !== undefined && declared.trim() !== '') {
      const size = Number(declared);
      if (!Number.isSafeInteger(size) || size < 0 || size > limit) return tooLarge(c, limit);
      // The runtime holds the body to its declared length; it is still read here (see above).
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch {
        // The client went away mid-body (or the server cut it off while stopping): nobody reads
        // this answer, but the log should say what happened rather than show a 500.
        return problemResponse(c, new ApiError(400, 'body-incomplete', 'Body incomplete', 'The connection ended before the whole request body arrived; send it again.'));
      }
      const { done, value } = read;
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge(c, limit);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    return next();
  };
}

interface RouteLike {
  method: string;
  path: string;
  'x-body-limit'?: number;
}

/**
 * The limit of each API operation, from the routes' `x-body-limit`: a function of method and path
 * (under `prefix`, e.g. /v1). A path that matches no operation gets the default.
 */
export function apiBodyLimits(routes: RouteLike[], prefix: string): (method: string, path: string) => number {
  const table = routes.map((r) => ({
    method: r.method.toUpperCase(),
    pattern: new RegExp(`^${prefix}${r.path.replace(/\{[A-Za-z]+\}/g, '[^/]+')}$`),
    limit: r['x-body-limit'] ?? DEFAULT_BODY_LIMIT,
  }));
  return (method, path) => table.find((r) => r.method === method && r.pattern.test(path))?.limit ?? DEFAULT_BODY_LIMIT;
}

/** Page uploads that may be larger than PAGE_UPLOAD_LIMIT: a module names its path and limit (allowLargerPageUpload). */
const LARGER_PAGE_UPLOADS: { pattern: RegExp; limit: number }[] = [];

/** Let multipart posts to paths matching `pattern` carry up to `limit` bytes (e.g. a spreadsheet of 50,000 rows). */
export function allowLargerPageUpload(pattern: RegExp, limit: number): void {
  LARGER_PAGE_UPLOADS.push({ pattern, limit });
}

/** Pages: small forms, larger for file uploads (multipart), larger still where a module allowed it. */
export function pageBodyLimit(c: Context<AppEnv>): number {
  if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')) return PAGE_FORM_LIMIT;
  return LARGER_PAGE_UPLOADS.find((u) => u.pattern.test(c.req.path))?.limit ?? PAGE_UPLOAD_LIMIT;
}
