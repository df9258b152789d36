// Optimistic concurrency for versioned resources (agreements, contracts): the ETag is the row's
// revision, a change names the revision it was based on (If-Match), and the UPDATE itself only
// matches the row while it still has that revision and a status the change may start from.
// Checking in code and then updating is not enough: under READ COMMITTED two requests that read
// the same revision both pass the check; only one of them can match the guarded UPDATE (the
// other waits for the first's row lock, re-reads the row and finds it changed). Whatever else a
// change writes (versions, messages, webhook events, signers) comes after that UPDATE, so a
// change that lost the race leaves nothing behind: it throws, and its transaction rolls back.
import { ApiError, notFound } from './errors.js';

export const etagOf = (revision: number) => `"r${revision}"`;

const changedMeanwhile = (noun: string, now: number) =>
  new ApiError(412, 'precondition-failed', 'Changed by someone else', `The ${noun} changed since you read it (now ${etagOf(now)}). Read it again and redo your change.`);

/**
 * The revision a change must still find: the one its If-Match names. Without If-Match 428; when
 * it names another revision than the one just read, 412 at once (the guarded UPDATE would miss
 * anyway). `*` (any revision) means the one just read, so the change is still based on what
 * this request saw.
 */
export function expectedRevision(ifMatch: string | undefined, current: number, noun: string): number {
  if (!ifMatch) throw new ApiError(428, 'if-match-required', 'If-Match required', `Send If-Match: ${etagOf(current)} (the ETag you read) with changes.`);
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(current)) && !tags.includes('*')) throw changedMeanwhile(noun, current);
  return current;
}

/** What a guarded UPDATE required of the row. */
export interface Expected<S extends string> {
  /** The revision the change was based on; absent for changes no client versioned (a signature, an expiry). */
  revision?: number;
  /** The statuses the change may start from. */
  from: readonly S[];
}

export interface Miss<S extends string> {
  noun: string;
  expected: Expected<S>;
  /** The row as it is now (the UPDATE missed, so it changed or went): undefined when it is gone. */
  reread: () => Promise<{ revision: number; status: S } | undefined>;
  /** The 409 for a status the change may not start from (each module keeps its own wording and type). */
  refused: (status: S) => ApiError;
}

/**
 * After a guarded UPDATE: nothing to do when it matched the row; otherwise read the row again and
 * say why it did not — gone (404), another revision than the client's If-Match (412), or a status
 * the change may not start from (409).
 */
export async function requireMatched<S extends string>(result: { numUpdatedRows: bigint }, miss: Miss<S>): Promise<void> {
  if (Number(result.numUpdatedRows) > 0) return;
  const now = await miss.reread();
  if (!now) throw notFound(miss.noun);
  if (miss.expected.revision !== undefined && now.revision !== miss.expected.revision) throw changedMeanwhile(miss.noun, now.revision);
  if (!miss.expected.from.includes(now.status)) throw miss.refused(now.status);
  // Same revision and an allowed status, yet no match: only a change between the UPDATE and this
  // read explains it. Still "changed by someone else".
  throw changedMeanwhile(miss.noun, now.revision);
}
