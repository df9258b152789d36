// The PDF fonts' bytes on Node (and in the tests): from the generated module
// (scripts/generate-fonts.mjs). Chosen by package.json's "imports" (#pdf-font-bytes, condition
// "default"); the Worker gets font-bytes-worker.ts instead (condition "workerd"), so the ~0.5 MB
// of base64 is not in its bundle.
import { base64ToBytes } from './bytes.js';
import { NOTO_SANS_BOLD_BASE64, NOTO_SANS_REGULAR_BASE64 } from './fonts/noto-sans.js';

export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

export async function loadFontBytes(): Promise<FontBytes> {
  return { regular: base64ToBytes(NOTO_SANS_REGULAR_BASE64), bold: base64ToBytes(NOTO_SANS_BOLD_BASE64) };
}
