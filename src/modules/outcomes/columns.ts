// Rows sent to PostgreSQL as columns: one array literal per column, bound as one text parameter
// and unpacked in SQL with unnest($1::text::uuid[], $2::text::date[], …). A batch of 10,000 rows
// then costs a dozen parameters, not one per value (a multi-row VALUES list would need 170,000 and
// its parse and plan), and the database reads plain arrays instead of parsing a JSON object per row
// (json_to_recordset costs several microseconds a row). Bound as text and cast in SQL, it is the
// same on postgres.js and PGlite: neither driver has to know the array type.
import { type RawBuilder, sql } from 'kysely';

type Scalar = string | number | boolean | null | undefined;

/**
 * An array literal of values that never need quoting: uuids, ISO dates, numbers, booleans (and
 * NULL). Only for values the code made or the schema checked to have that form.
 */
export function bareArray(values: readonly Scalar[]): string {
  // Built with join, not +=: one flat string, which the driver then writes without first
  // flattening a rope of 10,000 pieces.
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : String(v);
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** An array literal of free text: every element quoted (so "NULL", commas and braces stay text), `"` and `\` escaped. */
export function textArray(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
}

/** A column bound as text and cast to its array type in SQL, e.g. column(bareArray(ids), 'uuid'). */
export const column = (literal: string, type: 'uuid' | 'text' | 'date' | 'smallint' | 'integer' | 'bigint' | 'boolean' | 'jsonb'): RawBuilder<unknown> =>
  sql`${literal}::text::${sql.raw(type)}[]`;
