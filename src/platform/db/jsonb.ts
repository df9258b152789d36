// Writing jsonb columns. The generated table types (schema.generated.ts) read a jsonb column as the
// parsed JSON value and accept on write only what jsonb() makes, so every write takes the one path
// that stores the same thing on both drivers.
import { type RawBuilder, sql } from 'kysely';

declare const jsonbText: unique symbol;
/** JSON text cast to jsonb in SQL, as jsonb() makes it. A plain string is not one (see below). */
export type JsonbText = string & { readonly [jsonbText]: true };

/**
 * A jsonb value that both drivers store as the object: postgres.js would JSON-encode a string
 * parameter typed jsonb a second time (storing a JSON string), so the text is cast in SQL.
 * A string argument is taken to be JSON text already.
 */
export function jsonb(value: unknown): RawBuilder<JsonbText> {
  return sql<JsonbText>`(${typeof value === 'string' ? value : JSON.stringify(value)}::text)::jsonb`;
}
