// Byte helpers without Buffer: 'binary strings' (one character per byte) for scanning a PDF's bytes as text, and base64.

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
