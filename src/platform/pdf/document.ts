// Saving a PDF, the same way for every document Vervolg makes (the agreement, the contract
// summary) and for the sealer, which saves the document again with its signature placeholder.
//
// Compression: pdf-lib deflates every stream (page contents, the font subsets, their ToUnicode
// maps, images) with pako, zlib ported to JavaScript; for the typical agreement that was about a
// third of the time to render it. The native zlib of the runtime (node:zlib: Node, and Workers with
// nodejs_compat) makes the same kind of stream (FlateDecode, zlib format, level 6) several times
// faster. The content a reader sees is the same; the compressed bytes may differ from pako's, and
// between zlib builds, so only one runtime's output is byte-identical for the same input.
import { deflateSync, type ZlibOptions } from 'node:zlib';
import { Cache, PDFCrossRefStream, type PDFContext, type PDFDocument, PDFFlateStream, PDFName, type PDFObject, PDFObjectStream, PDFRawStream, type PDFRef, PDFStreamWriter, typedArrayFor } from 'pdf-lib';

/** No object-per-tick pauses while writing (each costs a timer turn). */
const OBJECTS_PER_TICK = Number.POSITIVE_INFINITY;

/** PDF bytes on their own ArrayBuffer (usable as a Response body as they are). */
export type PdfBytes = Uint8Array<ArrayBuffer>;

/** zlib's default level: what pako used, the usual balance of size and speed. */
const DEFLATE_LEVEL = 6;

function deflate(bytes: Uint8Array, options: ZlibOptions = { level: DEFLATE_LEVEL }): Uint8Array {
  return deflateSync(bytes, options);
}

const FILTER = PDFName.of('Filter');

/**
 * A stream of these contents, deflated natively (what context.flateStream makes, with pako); at
 * level 6 unless other zlib options suit the contents better (png.ts, for image channels).
 */
export function deflatedStream(context: PDFContext, contents: string | Uint8Array, dict: Parameters<PDFContext['stream']>[1] = {}, options?: ZlibOptions): PDFRawStream {
  return context.stream(deflate(typedArrayFor(contents), options), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Save a document Vervolg drew (nothing may be drawn on it afterwards): fonts and images are
 * embedded and the page contents written with native deflate, then pdf-lib writes the file.
 */
export async function savePdf(pdf: PDFDocument): Promise<PdfBytes> {
  const context = pdf.context;
  // pdf-lib's embedders (font files, ToUnicode maps, images) call context.flateStream, on this
  // document only; the same stream, deflated natively.
  context.flateStream = ((contents: string | Uint8Array, dict = {}) => deflatedStream(context, contents, dict)) as PDFContext['flateStream'];
  await pdf.flush();
  // Page contents (pdf-lib's content streams and Layout's) are deflated by pdf-lib while it writes
  // the file: deflate them now, as raw streams that carry their FlateDecode bytes (the dictionary
  // already says FlateDecode).
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFFlateStream && object.dict.has(FILTER)) context.assign(ref, PDFRawStream.of(object.dict, deflate(object.getUnencodedContents())));
  }
  // What pdf.save({ useObjectStreams: true, addDefaultPage: false }) does after flushing (Vervolg's
  // documents have no form fields whose appearances it would update; the seal's signature field
  // has none to update), with the object streams and the cross-reference stream deflated natively.
  return (await nativeDeflateWriter(context).serializeToBuffer()) as PdfBytes;
}

/**
 * pdf-lib's writer with object streams (all dictionaries, arrays and numbers of the file packed
 * into a few streams) and a cross-reference stream, the same file pdf-lib writes, but with these
 * streams deflated natively: pdf-lib makes them while it writes and deflated them with pako, about
 * a twentieth of rendering the agreement. Writing without object streams (a classic cross-reference
 * table) would avoid deflating them, but made the typical agreement 13 % larger. pdf-lib measures
 * every object it writes (computeIndirectObjectSize) before it reads its contents: the object and
 * cross-reference streams get their deflated contents from node:zlib from that moment on.
 */
function nativeDeflateWriter(context: PDFContext): PDFStreamWriter {
  const writer = PDFStreamWriter.forContext(context, OBJECTS_PER_TICK);
  const w = writer as unknown as { computeIndirectObjectSize(entry: [PDFRef, PDFObject]): number };
  const measure = w.computeIndirectObjectSize;
  w.computeIndirectObjectSize = function (entry) {
    const object = entry[1];
    if (object instanceof PDFObjectStream || object instanceof PDFCrossRefStream) {
      // Both were made with encode = true (the dictionary says FlateDecode); contentsCache is what
      // pdf-lib reads the bytes from (and invalidates when a cross-reference entry is added).
      (object as unknown as { contentsCache: Cache<Uint8Array> }).contentsCache = Cache.populatedBy(() => deflate(object.getUnencodedContents()));
    }
    return measure.call(this, entry);
  };
  return writer;
}
