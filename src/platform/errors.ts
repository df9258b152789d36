// Problem details (RFC 9457) for every error the API gives. Services throw ApiError; the app's
// error handler turns it, validation failures, and anything unexpected into application/problem+json.
import { z } from '@hono/zod-openapi';
import { text } from './text.js';

export const PROBLEM_TYPE_BASE = 'https://vervolg.nl/problems/';

export interface InvalidParam {
  name: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const notFound = (what = 'resource') =>
  new ApiError(404, 'not-found', 'Not found', `The ${what} does not exist or you have no access to it.`);
export const unauthorized = (detail = 'Sign in, or send a valid API key or session token.') =>
  new ApiError(401, 'unauthorized', 'Authentication required', detail, {}, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail = 'Your role does not allow this operation.') =>
  new ApiError(403, 'forbidden', 'Forbidden', detail);
export const conflict = (detail: string, slug = 'conflict') => new ApiError(409, slug, 'Conflict', detail);
export const badRequest = (detail: string, invalidParams: InvalidParam[] = []) =>
  new ApiError(400, 'invalid-input', 'Invalid input', detail, invalidParams.length ? { invalidParams } : {});

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [key: string]: unknown;
}

export function problemBody(error: ApiError, instance: string): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.slug}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance,
    ...error.extra,
  };
}

/** Turn zod issues into one list of field errors, named by where they came from. */
export function invalidParamsFromZod(target: string, issues: readonly z.core.$ZodIssue[]): InvalidParam[] {
  return issues.map((issue) => ({
    name: [target, ...issue.path.map(String)].join('.'),
    reason: issue.message,
  }));
}

export const ProblemSchema = z
  .object({
    type: text().openapi({ example: `${PROBLEM_TYPE_BASE}invalid-input` }),
    title: text().openapi({ example: 'Invalid input' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: text().openapi({ example: 'The request has 2 invalid fields.' }),
    instance: text().openapi({ example: 'urn:uuid:0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }),
    invalidParams: z
      .array(z.object({ name: text(), reason: text() }))
      .optional()
      .openapi({ description: 'Every invalid field, for status 400.' }),
  })
  .openapi('Problem');
