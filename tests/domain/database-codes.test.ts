// The code lists of src/domain against the database: every column that holds a code has a CHECK
// constraint listing the codes it accepts, and that list must be the vocabulary's, exactly. A code
// the database takes but the vocabulary lacks would reach a person unlabelled (and fail to parse
// where the code reads it back); a code the vocabulary has but the database refuses would fail at
// the first insert.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_KIND_CODES, LEGAL_FRAMEWORK_CODES, PLAN_PROGRESS_KIND_CODES, REVIEW_PARTICIPANT_CODES } from '../../src/domain/aftercare.js';
import { AGREEMENT_STATUSES, AGREEMENT_VERSION_STATUSES } from '../../src/domain/agreement.js';
import { PROCESSING_ACTIONS, PROCESSING_ACTORS } from '../../src/domain/processing.js';
import { Channel, SIGNER_ROLES, SignerStatus, SigningEventType } from '../../src/domain/signing.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../support/db.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

/** The codes a CHECK (column = ANY (ARRAY['a'::text, …])) constraint of the table accepts for the column (or, for an array column, CHECK (column <@ ARRAY[…])). */
async function checkedCodes(table: string, column: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
    where contype = 'c' and conrelid = ${table}::regclass`.execute(handle.db);
  const lists = rows.map((r) => r.def).filter((def) => def.startsWith(`CHECK ((${column} = ANY (ARRAY[`) || def.startsWith(`CHECK ((${column} <@ ARRAY[`));
  expect(lists, `${table}.${column}: one CHECK constraint listing its codes`).toHaveLength(1);
  return [...(lists[0] as string).matchAll(/'([^']*)'::text/g)].map((m) => m[1] as string);
}

const columns: [string, string, readonly string[]][] = [
  ['agreements', 'status', AGREEMENT_STATUSES],
  ['agreement_versions', 'status', AGREEMENT_VERSION_STATUSES],
  ['signers', 'role', SIGNER_ROLES],
  ['signers', 'status', SignerStatus.options],
  ['signers', 'channel', Channel.options],
  ['signing_events', 'type', SigningEventType.options],
  ['contact_moments', 'kind', CONTACT_KIND_CODES],
  ['review_meetings', 'participants', REVIEW_PARTICIPANT_CODES],
  ['plan_progress', 'kind', PLAN_PROGRESS_KIND_CODES],
  ['plan_progress', 'framework', LEGAL_FRAMEWORK_CODES],
  ['processing_log', 'action', Object.keys(PROCESSING_ACTIONS)],
  ['processing_log', 'actor_type', Object.keys(PROCESSING_ACTORS)],
];

describe('the database accepts exactly the codes of the vocabulary', () => {
  it.each(columns)('%s.%s', async (table, column, codes) => {
    expect((await checkedCodes(table, column)).sort()).toEqual([...codes].sort());
  });
});
