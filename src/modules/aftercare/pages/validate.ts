// What every aftercare form does with what was posted, as its API operation does: check it with
// the operation's schema, and when that fails still check what needs the database (the day
// against the aftercare start, the items of the plan in force), so that one answer lists every
// problem beside its field. Shared by the contact moments, review meetings and progress pages.
import type { z } from 'zod';
import { ApiError, type InvalidParam, badRequest } from '../../../platform/errors.js';
import { validateForm } from '../../../platform/ui/form.js';

/**
 * The form's input parsed by `schema`, or a 400 with the schema's problems and `more()`'s (the
 * ones the schema cannot know; a field already named by the schema is not named twice).
 */
export async function validateAll<S extends z.ZodType>(schema: S, raw: unknown, more: () => Promise<InvalidParam[]>): Promise<z.output<S>> {
  try {
    return validateForm(schema, raw);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    const params = [...((error.extra.invalidParams as InvalidParam[] | undefined) ?? [])];
    const named = new Set(params.map((p) => p.name));
    for (const p of await more()) if (!named.has(p.name)) params.push(p);
    throw badRequest(error.detail, params);
  }
}
