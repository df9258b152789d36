// Password hashing: scrypt, slow and memory-hard by design. node:crypto's scrypt runs on Node and
// on Workers (nodejs_compat). Parameters are stored with each hash, so they can be raised later
// without breaking existing passwords. N=2^14, r=8, p=5 is one of OWASP's equivalent minimums.
import { scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import { randomBytes } from '../crypto.js';

const PARAMS = { ln: 14, r: 8, p: 5 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Uint8Array, ln: number, r: number, p: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { N: 2 ** ln, r, p, maxmem: 256 * 2 ** ln * r }, (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS.ln, PARAMS.r, PARAMS.p);
  return `$scrypt$ln=${PARAMS.ln},r=${PARAMS.r},p=${PARAMS.p}$${encodeBase64(salt)}$${encodeBase64(key)}`;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(hash);
  if (!match) return false;
  const [, ln, r, p, salt, expected] = match as unknown as [string, string, string, string, string, string];
  const key = await scrypt(password, decodeBase64(salt), Number(ln), Number(r), Number(p));
  const want = decodeBase64(expected);
  return key.length === want.length && timingSafeEqual(key, want);
}

/** A hash of a random password: verifying against it costs the same as a real one (no timing oracle). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(encodeBase64(randomBytes(16)));
  return dummyHash;
}

/** Rules for a new password: long enough to resist guessing, not absurdly long (hash cost). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;
