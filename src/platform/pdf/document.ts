// Saving a PDF, the same way for every document Vervolg makes (the agreement, the contract
// summary) and for the sealer, which saves the document again with its signature placeholder.
//
// Compression: pdf-lib deflates every stream (page contents, the font subsets, their ToUnicode
// maps, images) with pako, zlib ported to JavaScript; for the typical agreement that was about a
// third of the time to render it. The native zlib of the runtime (node:zlib: Node, and Workers with
// nodejs_compat) makes the same kind of stream (FlateDecode, zlib format, level 6) several times
// faster. The content a reader sees is the same; the compressed bytes may differ from pako's, and
// between zlib builds, so only one runtime's output is byte-identical for the same input.
import { deflateSync } from 'node:zlib';
import { type PDFContext, type PDFDocument, PDFFlateStream, PDFName, PDFRawStream, typedArrayFor } from 'pdf-lib';

/** Save options shared with the sealer: no object-per-tick pauses (each costs a timer turn). */
export const SAVE_OPTIONS = { useObjectStreams: true, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY } as const;

/** PDF bytes on their own ArrayBuffer (usable as a Response body as they are). */
export type PdfBytes = Uint8Array<ArrayBuffer>;

/** zlib's default level: what pako used, the usual balance of size and speed. */
const DEFLATE_LEVEL = 6;

function deflate(bytes: Uint8Array): Uint8Array {
  return deflateSync(bytes, { level: DEFLATE_LEVEL });
}

const FILTER = PDFName.of('Filter');

/**
 * Save a document Vervolg drew (nothing may be drawn on it afterwards): fonts and images are
 * embedded and the page contents written with native deflate, then pdf-lib writes the file.
 */
export async function savePdf(pdf: PDFDocument): Promise<PdfBytes> {
  const context = pdf.context;
  // pdf-lib's embedders (font files, ToUnicode maps, images) call context.flateStream, on this
  // document only; the same stream, deflated natively.
  context.flateStream = ((contents: string | Uint8Array, dict = {}) =>
    context.stream(deflate(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' })) as PDFContext['flateStream'];
  await pdf.flush();
  // Page contents (pdf-lib's content streams and Layout's) are deflated by pdf-lib while it writes
  // the file: deflate them now, as raw streams that carry their FlateDecode bytes (the dictionary
  // already says FlateDecode). The object and cross-reference streams pdf-lib makes while writing
  // are small; they stay with pako.
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFFlateStream && object.dict.has(FILTER)) context.assign(ref, PDFRawStream.of(object.dict, deflate(object.getUnencodedContents())));
  }
  return (await pdf.save(SAVE_OPTIONS)) as PdfBytes;
}
