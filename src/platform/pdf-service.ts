// The PDF service: what the app asks of whoever renders, seals and inspects its PDFs. On Node that
// is this process (src/pdf-in-process.ts); on Workers a second Worker, "vervolg-pdf" (src/pdf-worker.ts),
// reached through a service binding with RPC, so the app Worker's upload carries none of pdf-lib,
// fontkit, the standard fonts or PKIjs (issue 15: ≤ 1 MiB gzip).
//
// Only plain data crosses (structured clone: objects, strings, Dates, Uint8Array). The interface is
// open: the platform knows no domain, so each module adds its own documents to it by declaration
// merging, next to the data they print (signing: modules/signing/pdf/types.ts; contracts:
// modules/contracts/service.ts). The PDF Worker's class implements the merged whole.
import type { PdfBytes } from './pdf/document.js';
import type { SealInspection } from './pdf/verify.js';

// PdfBytes: a PDF file's bytes, on an ArrayBuffer of their own (what Response bodies take).
export type { PdfBytes, SealInspection };

export interface PdfService {
  /** What a PDF's seal says (platform/pdf/verify.ts): sealed and unchanged, by which certificate. */
  inspectSeal(bytes: Uint8Array): Promise<SealInspection>;
}

/** The deps' PDF service; an entry that set none fails the request (a 500, logged) rather than guessing. */
export function pdfServiceOf(deps: { pdf?: PdfService | undefined }): PdfService {
  if (!deps.pdf) throw new Error('This app has no PDF service: the entry sets deps.pdf (src/server.ts in process, src/worker.ts the PDF binding).');
  return deps.pdf;
}
