// Every error becomes application/problem+json. Database errors a client can provoke (a
// duplicate, a broken reference, a value out of range) map to 4xx, never to 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { databaseUnreachableReason } from '../db/unreachable.js';
import { ApiError, problemBody } from '../errors.js';
import type { AppEnv } from './env.js';
import { PdfServiceUnavailable } from '../pdf-service.js';

interface PgError {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  detail?: string;
}

function fromDatabase(error: unknown): ApiError | null {
  const e = error as PgError;
  if (typeof e?.code !== 'string' || e.code.length !== 5) return null;
  const constraint = e.constraint ?? e.constraint_name ?? '';
  switch (e.code) {
    case '23505':
      return new ApiError(409, 'duplicate', 'Already exists', `A resource with the same unique value already exists${constraint ? ` (${constraint})` : ''}.`);
    case '23503':
      return new ApiError(409, 'reference', 'Referenced resource missing or in use', 'The request refers to a resource that does not exist, or removes one that is still in use.');
    case '23514':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return new ApiError(400, 'invalid-input', 'Invalid input', `A value was not accepted by the database${constraint ? ` (${constraint})` : ''}.`);
    // Text the database cannot store (a NUL byte, invalid Unicode, a bad escape in jsonb): the
    // schemas refuse it first (platform/text.ts); this is the backstop for any other way in.
    case '22021':
    case '22P05':
    case '22025':
    case '22019':
      return new ApiError(400, 'invalid-input', 'Invalid input', 'A text contains a character that cannot be stored: a NUL byte (U+0000) or invalid Unicode. Remove it.');
    case '40001':
    case '40P01':
      return new ApiError(503, 'retry', 'Please retry', 'The request collided with another one; retry it.', {}, { 'Retry-After': '1' });
    default:
      return null;
  }
}

/** Retry-After: PostgreSQL restarts in seconds, and the first request after it is back succeeds. */
export const databaseUnavailable = () =>
  new ApiError(503, 'database-unavailable', 'Database unavailable', 'The database cannot be reached right now. Try again shortly.', {}, { 'Retry-After': '2' });

/** The PDF service failed (platform/pdf-service.ts): nothing was saved, and sending the request again usually works. */
export const pdfUnavailable = () =>
  new ApiError(503, 'pdf-unavailable', 'Document service unavailable', 'The document could not be made right now; nothing was saved. Try again in a moment.', {}, { 'Retry-After': '5' });

export function problemResponse(c: Context<AppEnv>, error: ApiError): Response {
  const instance = `urn:uuid:${c.get('requestId') ?? ''}`;
  const response = c.json(problemBody(error, instance), error.status as 400, {
    'Content-Type': 'application/problem+json',
    ...error.headers,
  });
  return response;
}

export function onError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return problemResponse(c, error);
  if (error instanceof HTTPException) {
    const status = error.status;
    const detail = status === 400 ? `The request could not be read: ${error.message || 'malformed body'}.` : error.message || 'Request refused.';
    return problemResponse(c, new ApiError(status, status === 400 ? 'invalid-input' : 'http-error', status === 400 ? 'Invalid input' : 'Request refused', detail));
  }
  // The database is down, restarting or refusing connections: nothing is wrong with the request
  // and the client may send it again (with the same Idempotency-Key, where the route takes one:
  // a commit whose acknowledgement was lost with the connection is then not applied twice).
  const unreachable = databaseUnreachableReason(error);
  if (unreachable) {
    c.get('deps')?.log({ level: 'warn', msg: 'database unavailable', requestId: c.get('requestId'), reason: unreachable });
    return problemResponse(c, databaseUnavailable());
  }
  if (error instanceof PdfServiceUnavailable) {
    const reason = error.reason instanceof Error ? error.reason : new Error(String(error.reason));
    c.get('deps')?.log({ level: 'error', msg: 'pdf service unavailable', requestId: c.get('requestId'), operation: error.operation, error: reason.message, stack: reason.stack });
    return problemResponse(c, pdfUnavailable());
  }
  const mapped = fromDatabase(error);
  if (mapped) return problemResponse(c, mapped);
  c.get('deps')?.log({ level: 'error', msg: 'unhandled error', requestId: c.get('requestId'), error: error.message, stack: error.stack });
  return problemResponse(c, new ApiError(500, 'internal', 'Internal error', 'Something went wrong on our side. Quote the instance when you contact support.'));
}
