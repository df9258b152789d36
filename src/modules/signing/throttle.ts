// Throttles on the signing page's one-time codes (signing codes and download codes alike), per
// signer and per client address, in the shared throttle table (every instance and Worker isolate
// sees the same counts). Asking for a code counts every time; a code attempt counts when wrong.
// A locked key answers 429 with Retry-After; the page shows it as a readable page.
import { type ThrottleRule, lockedFor, recordFailure } from '../../platform/auth/throttle.js';
import type { Tx } from '../../platform/db/database.js';
import { ApiError } from '../../platform/errors.js';

/** Code requests: a few resends when an SMS is slow, then a pause. */
export const CODE_REQUESTS_PER_SIGNER: ThrottleRule = { max: 5, windowMinutes: 30, lockMinutes: 30 };
/** From one address (a shared school or library network may hold several young people). */
export const CODE_REQUESTS_PER_ADDRESS: ThrottleRule = { max: 30, windowMinutes: 30, lockMinutes: 30 };
/** Wrong codes: each code dies after CODE_ATTEMPTS; this caps guessing across fresh codes too. */
export const CODE_FAILURES_PER_SIGNER: ThrottleRule = { max: 10, windowMinutes: 30, lockMinutes: 30 };
export const CODE_FAILURES_PER_ADDRESS: ThrottleRule = { max: 50, windowMinutes: 30, lockMinutes: 30 };

type Kind = 'request' | 'failure';

const keys = (kind: Kind, signerId: string, ip: string | null) => {
  const [perSigner, perAddress] = kind === 'request' ? [CODE_REQUESTS_PER_SIGNER, CODE_REQUESTS_PER_ADDRESS] : [CODE_FAILURES_PER_SIGNER, CODE_FAILURES_PER_ADDRESS];
  return [
    { key: `signing-code-${kind}:signer:${signerId}`, rule: perSigner },
    ...(ip ? [{ key: `signing-code-${kind}:ip:${ip}`, rule: perAddress }] : []),
  ];
};

export class CodeThrottled extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'too-many-attempts', 'Too many attempts', 'Too many codes or attempts. Wait a while and try again.', {}, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** Throws CodeThrottled when the signer or the address is locked for this kind of step. */
export async function refuseWhenLocked(trx: Tx, kind: Kind, signerId: string, ip: string | null, now: Date): Promise<void> {
  let wait = 0;
  for (const { key } of keys(kind, signerId, ip)) wait = Math.max(wait, await lockedFor(trx, key, now));
  if (wait > 0) throw new CodeThrottled(wait);
}

/** Count one step (a code asked for, a wrong code) against the signer and the address. */
export async function count(trx: Tx, kind: Kind, signerId: string, ip: string | null, now: Date): Promise<void> {
  for (const { key, rule } of keys(kind, signerId, ip)) await recordFailure(trx, key, rule, now);
}
