// The fonts of Vervolg's PDFs. Noto Sans (Regular and Bold), embedded as a subset of the glyphs a
// document uses, so that every name prints as written: Şükrü Yılmaz, Łucja Wójcik, Nguyễn Thị
// Ánh, Анна Петрова. The standard PDF fonts only have WinAnsi (Latin-1 and a few more), where
// anything else became '?'. Italic is the regular font slanted (layout.ts); hashes, ids and
// addresses stay in Courier (ASCII).
//
// The font bytes come from a generated module (scripts/generate-fonts.mjs, font-bytes.ts), also in
// the PDF Worker on Workers (src/pdf-worker.ts). They are loaded and parsed once per process or isolate: pdf-lib's embedFont parses the font again for every document (~20 ms each),
// so it is given a fontkit whose create() hands back the font parsed the first time. And pdf-lib
// runs fontkit's full OpenType shaper for every width it measures and every string it writes; the
// embedded font has no layout tables (one glyph per character, see the generator), so the shaper
// is replaced by the plain character-to-glyph mapping, remembered per character: the same glyphs,
// many times faster.
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFFont, PDFHexString, StandardFonts } from 'pdf-lib';
import { type FontBytes, loadFontBytes } from './font-bytes.js';
import type { Fonts } from './layout.js';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type ParsedFont = ReturnType<Fontkit['create']>;

let bytes: Promise<FontBytes> | undefined;
const parsed = new Map<Uint8Array, ParsedFont>();

/** fontkit, remembering each font it parsed (keyed by the very byte array, which lives as long as the process). */
const cachingFontkit: Fontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsed.get(data);
    if (!font) {
      const created = fontkit.create(data, postscriptName);
      // pdf-lib reads only `.glyphs` of a layout (advance widths and glyph ids).
      const glyphsOf = glyphsByCodePoint(created);
      created.layout = ((text: string) => ({ glyphs: glyphsOf(text) })) as unknown as typeof created.layout;
      font = created;
      parsed.set(data, font);
    }
    return font;
  },
};

type Glyph = ReturnType<ParsedFont['glyphForCodePoint']>;

/** Surrogates (half of a character beyond the BMP) and variation selectors: fontkit maps these itself. */
const notOneGlyph = (code: number) => (code >= 0xd800 && code <= 0xdfff) || (code >= 0xfe00 && code <= 0xfe0f);

/**
 * fontkit's glyphsForString, remembering the glyph of each character: it looks every character up
 * in the font's cmap again, for every width measured and every string written (fontkit keeps the
 * glyph objects themselves, so the result is the same glyphs). Surrogate pairs and variation
 * selectors, rare in what we print, go through fontkit itself.
 */
function glyphsByCodePoint(font: ParsedFont): (text: string) => Glyph[] {
  const known = new Map<number, Glyph>();
  return (text) => {
    const glyphs: Glyph[] = new Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (notOneGlyph(code)) return font.glyphsForString(text);
      let glyph = known.get(code);
      if (glyph === undefined) {
        glyph = font.glyphForCodePoint(code);
        rememberOutline(glyph);
        known.set(code, glyph);
      }
      glyphs[i] = glyph;
    }
    return glyphs;
  };
}

/**
 * Every document's subset asks each of its glyphs for its outline (fontkit's TTFSubset._addGlyph
 * decodes every point of a glyph only to see whether it is made of other glyphs): read once per
 * glyph for the process. The decoded outline is only read (the embedded fonts have no variations,
 * the one case where fontkit would move its points).
 */
function rememberOutline(glyph: Glyph): void {
  const g = glyph as unknown as { _decode?: () => unknown };
  const decode = g._decode;
  if (typeof decode !== 'function') return;
  let outline: unknown;
  let decoded = false;
  g._decode = function (this: unknown) {
    if (!decoded) {
      outline = decode.call(this);
      decoded = true;
    }
    return outline;
  };
}

/** What encodeText uses of pdf-lib's CustomFontSubsetEmbedder (pdf-lib 1.17, its last release). */
interface SubsetEmbedder {
  font: ParsedFont;
  fontFeatures: unknown;
  subset: { includeGlyph(glyph: Glyph): number };
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
  encodeText(text: string): PDFHexString;
}

/**
 * The operand of a text-showing operator (Tj) for text in a subset font of this document, as
 * pdf-lib would encode it but as a literal string: each glyph's 2-byte code in the subset as two
 * bytes ('(\0\x1f\0\x02…)', characters 0–255 standing for bytes), where pdf-lib writes a hex
 * string of four digits per glyph ('<001F0002…>'). The same codes and glyphs; the page contents
 * are a third smaller, and deflating them (the larger part of saving) takes half the time.
 */
const literalEncoders = new WeakMap<PDFFont, (text: string) => string>();

/** What a text-showing operator shows: the text encoded for the font, as a PDF string. */
export function textOperand(font: PDFFont, text: string): string {
  const literal = literalEncoders.get(font);
  return literal ? literal(text) : font.encodeText(text).toString();
}

/** A byte in a PDF literal string: the delimiters and the backslash escaped, and the line ends (a bare CR would be read as LF). */
function literalByte(byte: number): string {
  if (byte === 0x28 || byte === 0x29 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte === 0x0d) return '\\r';
  if (byte === 0x0a) return '\\n';
  return String.fromCharCode(byte);
}

/**
 * pdf-lib's encodeText for a subset font, remembering the code of each glyph in this document's
 * subset: pdf-lib adds every glyph of every string to the subset again and formats its number in
 * hex again (some ten thousand glyphs in a typical agreement). The same subset and the same hex;
 * textOperand gets the same codes as a literal string. Left as it is when pdf-lib's embedder does
 * not look as expected.
 */
function rememberGlyphCodes(font: PDFFont): void {
  const embedder = (font as unknown as { embedder: Partial<SubsetEmbedder> }).embedder;
  if (!embedder?.font || !embedder.subset || !Array.isArray(embedder.glyphs) || !(embedder.glyphIdMap instanceof Map) || !embedder.glyphCache) return;
  const e = embedder as SubsetEmbedder;
  // Per glyph id in the font: its code in the subset, in hex and as literal-string bytes.
  const hexCodes = new Map<number, string>();
  const literalCodes = new Map<number, string>();
  /** The glyphs of the text, each added to the subset the first time. */
  const glyphsOf = (text: string): Glyph[] => {
    const glyphs = e.font.layout(text, e.fontFeatures as never).glyphs;
    let added = false;
    for (const glyph of glyphs) {
      if (hexCodes.has(glyph.id)) continue;
      const subsetId = e.subset.includeGlyph(glyph);
      e.glyphs[subsetId - 1] = glyph;
      e.glyphIdMap.set(glyph.id, subsetId);
      hexCodes.set(glyph.id, subsetId.toString(16).toUpperCase().padStart(4, '0'));
      literalCodes.set(glyph.id, literalByte(subsetId >> 8) + literalByte(subsetId & 0xff));
      added = true;
    }
    if (added) e.glyphCache.invalidate();
    return glyphs;
  };
  e.encodeText = (text) => {
    let hex = '';
    for (const glyph of glyphsOf(text)) hex += hexCodes.get(glyph.id) as string;
    return PDFHexString.of(hex);
  };
  // Per character: its code's literal-string bytes, for the characters that are one glyph each
  // (all but surrogate pairs and variation selectors, see glyphsByCodePoint): one lookup per
  // character once the document has written it.
  const byChar = new Map<number, string>();
  const viaGlyphs = (text: string): string => {
    const glyphs = glyphsOf(text);
    let literal = '(';
    for (const glyph of glyphs) literal += literalCodes.get(glyph.id) as string;
    let oneGlyphEach = glyphs.length === text.length;
    for (let i = 0; oneGlyphEach && i < text.length; i++) oneGlyphEach = !notOneGlyph(text.charCodeAt(i));
    if (oneGlyphEach) for (let i = 0; i < text.length; i++) byChar.set(text.charCodeAt(i), literalCodes.get((glyphs[i] as Glyph).id) as string);
    return `${literal})`;
  };
  const modified = font as unknown as { modified: boolean };
  literalEncoders.set(font, (text) => {
    // What PDFFont.encodeText does first: the font (its subset) is written again when saved.
    modified.modified = true;
    let literal = '(';
    for (let i = 0; i < text.length; i++) {
      const code = byChar.get(text.charCodeAt(i));
      if (code === undefined) return viaGlyphs(text);
      literal += code;
    }
    return `${literal})`;
  });
}

/** The font files, loaded once per process or isolate (a failed load is tried again next time). */
function fontBytes(): Promise<FontBytes> {
  bytes ??= loadFontBytes().catch((error) => {
    bytes = undefined;
    throw error;
  });
  return bytes;
}

/**
 * The document's fonts: Noto Sans regular and bold as subsets (only the glyphs used are written),
 * Courier for code-like text. Fixed subset names keep the output byte-identical for the same input
 * (pdf-lib would otherwise add a random suffix).
 */
export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  const { regular, bold } = await fontBytes();
  pdf.registerFontkit(cachingFontkit);
  const sans = await pdf.embedFont(regular, { subset: true, customName: 'VRVLGR+NotoSans-Regular' });
  const sansBold = await pdf.embedFont(bold, { subset: true, customName: 'VRVLGB+NotoSans-Bold' });
  rememberGlyphCodes(sans);
  rememberGlyphCodes(sansBold);
  return {
    regular: sans,
    bold: sansBold,
    italic: sans,
    mono: await pdf.embedFont(StandardFonts.Courier),
  };
}
