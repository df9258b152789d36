// Byte helpers without Buffer: 'binary strings' (one character per byte) for scanning a PDF's bytes as text, and base64;
// and a PDF's fingerprint. No PDF library here: the app Worker imports this file (it must not carry pdf-lib).
import { sha256Hex } from '../crypto.js';

/** Uint8Array → 'binary string' (one char per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return out;
}

export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i) & 0xff;
  return bytes;
}

export function base64ToBytes(base64: string): Uint8Array {
  return binaryToBytes(atob(base64.replace(/\s+/g, '')));
}

export function bytesToBase64(bytes: Uint8Array): string {
  return btoa(bytesToBinary(bytes));
}

/** SHA-256 (hex, lower case) of the file's bytes: what Vervolg registers for each sealed PDF. */
export function sha256OfPdf(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}
