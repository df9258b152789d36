// Small, runtime-neutral crypto helpers on Web Crypto and @oslojs (Node and Workers alike).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** A random, URL-safe secret with `bytes` bytes of entropy (base32, lower case). */
export function randomToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

export function sha256Hex(value: string | Uint8Array): string {
  const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return encodeHexLowerCase(sha256(data));
}

/**
 * Random bytes for identifiers (not secrets), drawn from a pool filled 4 KiB at a time: asking Web
 * Crypto for 16 bytes per id cost more than the rest of uuidv7, and a request makes several ids
 * (the request id, the processing-log row; a batch of outcome records thousands of trajectories). Node's own randomUUID pools the same way. Secrets and
 * keys keep calling randomBytes, which asks Web Crypto every time.
 */
const ID_POOL_BYTES = 4096;
let idPool: Uint8Array = new Uint8Array(0);
let idPoolOffset = 0;
function idBytes(n: number): Uint8Array {
  if (idPoolOffset + n > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idPoolOffset = 0;
  }
  // A copy: the caller changes some bytes (the version and the time).
  const bytes = idPool.slice(idPoolOffset, idPoolOffset + n);
  idPoolOffset += n;
  return bytes;
}

/** UUID version 7: time-ordered, so ids sort by creation and serve as pagination cursors. */
export function uuidv7(now = Date.now()): string {
  const bytes = idBytes(16);
  let ts = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = encodeHexLowerCase(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
