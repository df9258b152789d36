// The router each module registers its operations on, and shared schema pieces.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ApiError, invalidParamsFromZod } from '../errors.js';
import type { AppEnv } from './env.js';
import { text } from '../text.js';

const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = TARGET_NAMES[result.target] ?? result.target;
        const invalidParams = invalidParamsFromZod(target, result.error.issues);
        throw new ApiError(
          400,
          'invalid-input',
          'Invalid input',
          `The request has ${invalidParams.length} invalid ${invalidParams.length === 1 ? 'field' : 'fields'} in the ${target}.`,
          { invalidParams },
        );
      }
    },
  });
}

export const uuidParam = (name: string, description: string) =>
  z.uuid().openapi({ param: { name, in: 'path' }, description, example: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' });

export const PaginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (1–200).', example: 50 }),
  cursor: z.uuid().optional().openapi({ description: 'The nextCursor of the previous page.' }),
});

export function page<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.uuid().nullable().openapi({ description: 'Pass as cursor to get the next page; null on the last page.' }),
    })
    .openapi(name);
}

/** Keyset pagination on a time-ordered UUID v7 id: stable under inserts, no OFFSET scans. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => string = (row) => (row as { id: string }).id): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? key(last) : null };
}

export const Timestamp = text().openapi({ format: 'date-time', example: '2026-11-22T10:15:00Z' });
export const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
