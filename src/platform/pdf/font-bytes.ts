// The PDF fonts' bytes: from the generated module (scripts/generate-fonts.mjs), on Node and in the
// PDF Worker alike (~0.2 MB of its gzip). On Workers only the PDF Worker (src/pdf-worker.ts) carries
// them: the app Worker, whose upload is to stay ≤ 1 MiB gzip (issue 15), makes no PDFs.
import { base64ToBytes } from './bytes.js';
import { NOTO_SANS_BOLD_BASE64, NOTO_SANS_REGULAR_BASE64 } from './fonts/noto-sans.js';

export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

export async function loadFontBytes(): Promise<FontBytes> {
  return { regular: base64ToBytes(NOTO_SANS_REGULAR_BASE64), bold: base64ToBytes(NOTO_SANS_BOLD_BASE64) };
}
