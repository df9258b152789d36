// The six-digit one-time codes of the signing page (to sign, and to download afterwards).
import { randomBytes } from '../../platform/crypto.js';

export function sixDigits(): string {
  // Rejection sampling over 32-bit values keeps the six digits uniform.
  for (;;) {
    const b = randomBytes(4);
    const n = ((b[0] as number) << 24) + ((b[1] as number) << 16) + ((b[2] as number) << 8) + (b[3] as number);
    const v = n >>> 0;
    if (v < 4_294_000_000) return String(v % 1_000_000).padStart(6, '0');
  }
}
