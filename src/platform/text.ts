// Every string a client sends goes through one of these schemas (text, email, url), never a
// bare z.string(): PostgreSQL cannot store a NUL byte (U+0000) in text or jsonb, and an unpaired
// UTF-16 surrogate is not Unicode at all (it would be stored as U+FFFD or refused). Both are
// refused at validation as 400 problem+json naming the field, so no such string ever reaches the
// database. Biome refuses a bare z.string() / z.email() / z.url() outside this file and
// src/config.ts (scripts/no-bare-string.grit, see biome.json), so a new schema cannot forget it.
import { z } from '@hono/zod-openapi';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point
const NOT_STORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NOT_STORABLE_MESSAGE = 'Contains a character that is not allowed: a NUL byte (U+0000) or invalid Unicode (an unpaired surrogate). Remove it.';

/** True when a string holds a NUL byte or an unpaired surrogate. */
export const isStorableText = (value: string): boolean => !NOT_STORABLE.test(value);

const storable = { message: NOT_STORABLE_MESSAGE };

/** A string that can be stored: no NUL byte, no unpaired surrogate. Chain .min/.max/.trim/.regex as on z.string(). */
export const text = (params?: string | z.core.$ZodStringParams) => z.string(params).refine(isStorableText, storable);

/** An e-mail address, refused like text() when it holds a NUL byte or invalid Unicode. */
export const email = (params?: string | z.core.$ZodEmailParams) => z.email(params).refine(isStorableText, storable);

/** A URL: the URL parser percent-encodes a NUL in a path instead of refusing it, so check the string as given. */
export const url = (params?: string | z.core.$ZodURLParams) => z.url(params).refine(isStorableText, storable);
