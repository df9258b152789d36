// A small flow layout on top of pdf-lib: A4 pages with margins, wrapped text in mixed fonts,
// automatic page breaks, blocks with a rule in the margin, and header/footer once the page count
// is known. Every string passes through textFor (what the font can write), so drawing never throws
// on odd characters and never draws an empty box.
import { Buffer } from 'node:buffer';
import {
  type Color,
  ColorTypes,
  degrees,
  drawImage,
  drawLine,
  numberToString,
  type PDFContext,
  type PDFDocument,
  PDFFlateStream,
  type PDFFont,
  type PDFImage,
  PDFName,
  type PDFOperator,
  type PDFPage,
  rgb,
  setFillingColor,
  StandardFonts,
} from 'pdf-lib';
import { textOperand } from './fonts.js';
import { type Repertoire, textFor, toWinAnsi } from './text.js';

export const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 56;
const MARGIN_TOP = 64;
const MARGIN_BOTTOM = 64;

export const colors = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.4, 0.44),
  accent: rgb(0.0, 0.27, 0.52),
  rule: rgb(0.78, 0.8, 0.84),
  block: rgb(0.55, 0.68, 0.82),
};

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** When it is the regular font itself, italic text is drawn slanted (a synthetic oblique). */
  italic: PDFFont;
  mono: PDFFont;
}

/** The slant of synthetic italic: tan(12°), as most italics lean. */
const OBLIQUE = 0.2126;
const STANDARD_FONT_NAMES = new Set<string>(Object.values(StandardFonts));

/** A piece of text in one font; a paragraph is a list of runs, wrapped as one. */
export interface Run {
  text: string;
  font?: keyof Fonts;
  color?: Color;
}

export interface TextOptions {
  size?: number;
  indent?: number;
  color?: Color;
  /** Line height as a multiple of the size. */
  leading?: number;
  /** Space after the paragraph, in points. */
  after?: number;
}

interface Token {
  text: string;
  font: PDFFont;
  color: Color;
  width: number;
  spaceBefore: boolean;
  slant: boolean;
}

interface OpenBlock {
  x: number;
  top: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A number as pdf-lib writes it in an operator (never in exponent notation). */
const num = (n: number): string => {
  const text = String(n);
  return text.includes('e') ? numberToString(n) : text;
};

/** The fill colour operator of a colour, made once per colour object ('0.1 0.1 0.12 rg'). */
const fillOperators = new WeakMap<Color, string>();
function fillOperator(color: Color): string {
  let op = fillOperators.get(color);
  if (op === undefined) {
    op = color.type === ColorTypes.RGB ? `${num(color.red)} ${num(color.green)} ${num(color.blue)} rg` : String(setFillingColor(color));
    fillOperators.set(color, op);
  }
  return op;
}

/**
 * A page's content stream, written as text: PDF operators, each followed by a line break, as
 * pdf-lib's own content stream writes them (except the strings of text: literal strings of the
 * glyph codes, see textOperand in fonts.ts, where pdf-lib writes the same codes in hex). pdf-lib builds an object per operator and per number
 * (six operators and some ten objects for every piece of text), and writes them out again byte by
 * byte on save; for a few hundred pieces of text per page that was a good part of rendering.
 * Deflated like any of pdf-lib's streams (natively by savePdf, see document.ts).
 */
class PageContent extends PDFFlateStream {
  private text = '';

  static of(context: PDFContext): PageContent {
    return new PageContent(context.obj({}), true);
  }

  /** Appends operators: one string per operator, as written ('/F1 9 Tf'). */
  push(...operators: (string | PDFOperator)[]): void {
    for (const op of operators) this.text += `${op}\n`;
    this.contentsCache.invalidate();
  }

  /** Appends operators already written out, each followed by a line break (the hot path: text). */
  append(text: string): void {
    this.text += text;
    this.contentsCache.invalidate();
  }

  override getContentsString(): string {
    return this.text;
  }

  override getUnencodedContents(): Uint8Array {
    // One byte per character: operators are ASCII (names are escaped), and the literal strings of
    // text (fonts.ts, textOperand) hold bytes as the characters 0–255.
    return Buffer.from(this.text, 'latin1');
  }

  override clone(context?: PDFContext): PageContent {
    const copy = new PageContent(this.dict.clone(context), this.encode);
    copy.text = this.text;
    return copy;
  }
}

/**
 * What a font's strings measure (at size 1) and how they are cleaned for it (textFor), kept for the
 * process: per parsed font (fonts.ts parses each font once, and every document's PDFFont of it
 * shares it) or per standard font. A document repeats its labels, and every document the same
 * labels and words; measuring and cleaning again per document was a tenth of rendering one. Both
 * are bounded like textFor's cache.
 */
interface FontMemo {
  widths: Map<string, number>;
  repertoire: Repertoire | null;
}
const MAX_MEMO = 5000;
const fontMemos = new Map<unknown, FontMemo>();

/** The parsed font of an embedded PDFFont (fontkit, one per process), or a standard font's name. */
function parsedFontOf(font: PDFFont): { hasGlyphForCodePoint(cp: number): boolean } | null {
  if (STANDARD_FONT_NAMES.has(font.name)) return null;
  return (font as unknown as { embedder: { font: { hasGlyphForCodePoint(cp: number): boolean } } }).embedder.font;
}

function memoOf(font: PDFFont): FontMemo {
  const parsed = parsedFontOf(font);
  const key = parsed ?? font.name;
  let memo = fontMemos.get(key);
  if (!memo) {
    // An embedded font: its own cmap says what it has. A standard font: WinAnsi (toWinAnsi).
    memo = { widths: new Map(), repertoire: parsed ? { has: (cp) => parsed.hasGlyphForCodePoint(cp), cache: new Map() } : null };
    fontMemos.set(key, memo);
  }
  return memo;
}

export class Layout {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly blocks: OpenBlock[] = [];
  private readonly memos = new Map<PDFFont, FontMemo>();
  /**
   * Font resource names per page. pdf-lib's drawText adds a new, randomly named resource entry each
   * time the font changes; text is drawn with plain operators instead, under fixed names (F1, F2, …).
   */
  private readonly fontNames = new Map<PDFPage, Map<PDFFont, string>>();
  private readonly contents = new Map<PDFPage, PageContent>();

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  get left(): number {
    return MARGIN_X;
  }

  get width(): number {
    return A4[0] - 2 * MARGIN_X;
  }

  /** Room left on the current page, in points. */
  get remaining(): number {
    return this.y - MARGIN_BOTTOM;
  }

  newPage(): void {
    // Close the margin rules of open blocks on the old page; they continue on the new one.
    if (this.pages.length > 0) for (const block of this.blocks) this.blockRule(block, this.y);
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN_TOP;
    for (const block of this.blocks) block.top = this.y;
  }

  /** Start a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.y - height < MARGIN_BOTTOM) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
    if (this.y < MARGIN_BOTTOM) this.newPage();
  }

  private memo(font: PDFFont): FontMemo {
    let memo = this.memos.get(font);
    if (!memo) {
      memo = memoOf(font);
      this.memos.set(font, memo);
    }
    return memo;
  }

  widthOf(text: string, font: PDFFont, size: number): number {
    const widths = this.memo(font).widths;
    let w = widths.get(text);
    if (w === undefined) {
      w = font.widthOfTextAtSize(text, 1);
      if (widths.size >= MAX_MEMO) widths.clear();
      widths.set(text, w);
    }
    return w * size;
  }

  /** The text as `font` can write it (see text.ts). */
  clean(text: string, font: PDFFont): string {
    const repertoire = this.memo(font).repertoire;
    return repertoire ? textFor(text, repertoire) : toWinAnsi(text);
  }

  /** Wrapped text; `\n` starts a new line. */
  text(text: string, options: TextOptions & { font?: keyof Fonts } = {}): void {
    this.paragraph([{ text, font: options.font ?? 'regular' }], options);
  }

  /** Runs in mixed fonts, wrapped as one paragraph, with page breaks between lines. */
  paragraph(runs: Run[], options: TextOptions = {}): void {
    const size = options.size ?? 10;
    const leading = size * (options.leading ?? 1.38);
    const indent = options.indent ?? 0;
    const x0 = MARGIN_X + indent;
    const maxWidth = this.width - indent;
    for (const line of this.wrap(runs, size, maxWidth, options.color ?? colors.text)) {
      this.ensure(leading);
      this.y -= leading;
      this.drawLine(line, x0, this.y + (leading - size) * 0.5, size);
    }
    if (options.after) this.space(options.after);
  }

  heading(text: string, level: 1 | 2 | 3): void {
    const size = level === 1 ? 15 : level === 2 ? 12.5 : 10.5;
    // Keep a heading with at least a few lines of what follows.
    this.ensure(size * 1.6 + 48);
    this.space(level === 1 ? 10 : level === 2 ? 8 : 4);
    this.paragraph([{ text, font: 'bold', color: level === 3 ? colors.text : colors.accent }], { size, leading: 1.3, after: level === 3 ? 2 : 4 });
  }

  /** A label column and a wrapped value column. */
  field(label: string, value: string | Run[], options: { labelWidth?: number; size?: number; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const labelWidth = options.labelWidth ?? 150;
    const indent = options.indent ?? 0;
    const leading = size * 1.38;
    const valueRuns = typeof value === 'string' ? [{ text: value }] : value;
    const labelLines = this.wrap([{ text: label, font: 'bold' }], size, labelWidth - 8, colors.muted);
    const valueLines = this.wrap(valueRuns, size, this.width - indent - labelWidth, colors.text);
    const n = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < n; i++) {
      this.ensure(leading);
      this.y -= leading;
      const baseline = this.y + (leading - size) * 0.5;
      const l = labelLines[i];
      const v = valueLines[i];
      if (l) this.drawLine(l, MARGIN_X + indent, baseline, size);
      if (v) this.drawLine(v, MARGIN_X + indent + labelWidth, baseline, size);
    }
  }

  /** A bulleted list. */
  bullets(items: string[], options: { size?: number; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    for (const item of items) {
      const leading = size * 1.38;
      this.ensure(leading);
      this.draw(this.page, '•', MARGIN_X + indent + 2, this.y - leading + (leading - size) * 0.5, size, this.fonts.regular, colors.text, false);
      this.paragraph([{ text: item }], { size, indent: indent + 12 });
    }
  }

  rule(options: { color?: Color; after?: number } = {}): void {
    this.ensure(6);
    this.y -= 3;
    this.line(this.page, { x: MARGIN_X, y: this.y }, { x: A4[0] - MARGIN_X, y: this.y }, 0.5, options.color ?? colors.rule);
    this.space(options.after ?? 3);
  }

  /** Content with a rule in the left margin (continued across page breaks). Starts on a new page unless `minHeight` fits. */
  block(minHeight: number, draw: () => void, options: { indent?: number } = {}): void {
    this.ensure(minHeight);
    const block: OpenBlock = { x: MARGIN_X + (options.indent ?? 0), top: this.y };
    this.blocks.push(block);
    try {
      draw();
    } finally {
      this.blocks.pop();
    }
    this.blockRule(block, this.y);
    this.space(8);
  }

  image(image: PDFImage, maxWidth: number, maxHeight: number, options: { indent?: number } = {}): void {
    const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
    const w = image.width * scale;
    const h = image.height * scale;
    this.ensure(h + 4);
    this.y -= h + 4;
    // What page.drawImage writes, into this page's content (rare: pdf-lib's operators will do).
    const name = this.page.node.newXObject('Image', image.ref);
    const none = degrees(0);
    this.contentOf(this.page).push(...drawImage(name, { x: MARGIN_X + (options.indent ?? 0), y: this.y + 2, width: w, height: h, rotate: none, xSkew: none, ySkew: none }));
  }

  /** Header (from page 2) and footer with 'page X of Y' on every page; call once, at the end. */
  finish(header: string, footer: string, pageLabel: (n: number, total: number) => string): void {
    const size = 8;
    const { regular } = this.fonts;
    const total = this.pages.length;
    const head = this.fit(this.clean(header, regular), regular, size, this.width);
    this.pages.forEach((page, i) => {
      if (i > 0) {
        this.draw(page, head, MARGIN_X, A4[1] - 36, size, regular, colors.muted, false);
        this.line(page, { x: MARGIN_X, y: A4[1] - 42 }, { x: A4[0] - MARGIN_X, y: A4[1] - 42 }, 0.4, colors.rule);
      }
      const number = this.clean(pageLabel(i + 1, total), regular);
      const foot = this.fit(this.clean(footer, regular), regular, size, this.width - this.widthOf(number, regular, size) - 16);
      this.line(page, { x: MARGIN_X, y: 44 }, { x: A4[0] - MARGIN_X, y: 44 }, 0.4, colors.rule);
      this.draw(page, foot, MARGIN_X, 32, size, regular, colors.muted, false);
      this.draw(page, number, A4[0] - MARGIN_X - this.widthOf(number, regular, size), 32, size, regular, colors.muted, false);
    });
  }

  /** The text, cut with an ellipsis to fit `maxWidth`. */
  private fit(text: string, font: PDFFont, size: number, maxWidth: number): string {
    if (this.widthOf(text, font, size) <= maxWidth) return text;
    const chars = Array.from(text);
    while (chars.length > 0 && this.widthOf(`${chars.join('')}…`, font, size) > maxWidth) chars.pop();
    return `${chars.join('')}…`;
  }

  private blockRule(block: OpenBlock, bottom: number): void {
    if (block.top - bottom < 1) return;
    this.line(this.page, { x: block.x - 8, y: block.top - 2 }, { x: block.x - 8, y: bottom }, 1.5, colors.block);
  }

  private drawLine(tokens: Token[], x0: number, baseline: number, size: number): void {
    let x = x0;
    // Merge neighbouring tokens in the same font and colour: one text operator per piece.
    let pending: { text: string; x: number; font: PDFFont; color: Color; slant: boolean } | null = null;
    for (const token of tokens) {
      const space = token.spaceBefore && x > x0 ? this.widthOf(' ', token.font, size) : 0;
      if (pending && pending.font === token.font && pending.color === token.color && pending.slant === token.slant) {
        pending.text += (space ? ' ' : '') + token.text;
      } else {
        if (pending) this.draw(this.page, pending.text, pending.x, baseline, size, pending.font, pending.color, pending.slant);
        pending = { text: token.text, x: x + space, font: token.font, color: token.color, slant: token.slant };
      }
      x += space + token.width;
    }
    if (pending) this.draw(this.page, pending.text, pending.x, baseline, size, pending.font, pending.color, pending.slant);
  }

  /** This page's content stream, added to the page when first drawn on (where pdf-lib adds its own). */
  private contentOf(page: PDFPage): PageContent {
    let content = this.contents.get(page);
    if (!content) {
      content = PageContent.of(this.doc.context);
      page.node.addContentStream(this.doc.context.register(content));
      this.contents.set(page, content);
    }
    return content;
  }

  /** What page.drawLine writes (rules are few: pdf-lib's operators will do). */
  private line(page: PDFPage, start: { x: number; y: number }, end: { x: number; y: number }, thickness: number, color: Color): void {
    this.contentOf(page).push(...drawLine({ start, end, thickness, color }));
  }

  private draw(page: PDFPage, text: string, x: number, y: number, size: number, font: PDFFont, color: Color, slant: boolean): void {
    let names = this.fontNames.get(page);
    if (!names) {
      names = new Map();
      this.fontNames.set(page, names);
    }
    let name = names.get(font);
    if (!name) {
      const pdfName = PDFName.of(`F${names.size + 1}`);
      page.node.setFontDictionary(pdfName, font.ref);
      name = pdfName.toString();
      names.set(font, name);
    }
    // beginText, setFillingColor, setFontAndSize, moveText or setTextMatrix, showText, endText.
    const position = slant ? `1 0 ${OBLIQUE} 1 ${num(round(x))} ${num(round(y))} Tm` : `${num(round(x))} ${num(round(y))} Td`;
    this.contentOf(page).append(`BT\n${fillOperator(color)}\n${name} ${num(size)} Tf\n${position}\n${textOperand(font, text)} Tj\nET\n`);
  }

  /** Greedy word wrap over runs; a word wider than the line is broken between characters. */
  private wrap(runs: Run[], size: number, maxWidth: number, defaultColor: Color): Token[][] {
    const lines: Token[][] = [];
    let line: Token[] = [];
    let lineWidth = 0;
    const push = (token: Token) => {
      const space = token.spaceBefore && line.length > 0 ? this.widthOf(' ', token.font, size) : 0;
      if (line.length > 0 && lineWidth + space + token.width > maxWidth) {
        lines.push(line);
        line = [];
        lineWidth = 0;
        push({ ...token, spaceBefore: false });
        return;
      }
      if (token.width > maxWidth) {
        // Break a long word (a URL, a hash, a user agent) over lines.
        let piece = '';
        for (const ch of token.text) {
          if (piece && this.widthOf(piece + ch, token.font, size) > maxWidth) {
            lines.push([{ ...token, text: piece, width: this.widthOf(piece, token.font, size) }]);
            piece = '';
          }
          piece += ch;
        }
        line = [{ ...token, text: piece, width: this.widthOf(piece, token.font, size), spaceBefore: false }];
        lineWidth = line[0]?.width ?? 0;
        return;
      }
      line.push(token);
      lineWidth += space + token.width;
    };
    // Words are separated by spaces, also across runs ('Label: ' + 'value'); runs that meet without
    // a space are glued ('(' + 'x' + ')').
    let spaceBefore = false;
    for (const run of runs) {
      const font = this.fonts[run.font ?? 'regular'];
      const slant = run.font === 'italic' && this.fonts.italic === this.fonts.regular;
      const color = run.color ?? defaultColor;
      run.text.split(/\r\n|\r|\n/).forEach((hard, i) => {
        if (i > 0) {
          lines.push(line);
          line = [];
          lineWidth = 0;
          spaceBefore = false;
        }
        const clean = this.clean(hard, font);
        for (const word of clean.split(' ')) {
          if (word === '') {
            spaceBefore = true;
            continue;
          }
          push({ text: word, font, color, width: this.widthOf(word, font, size), spaceBefore, slant });
          // The next word of this run was split off by a space.
          spaceBefore = true;
        }
        // A run that ends in a word (no trailing space) glues to the next run.
        if (clean !== '' && !clean.endsWith(' ')) spaceBefore = false;
      });
    }
    if (line.length > 0 || lines.length === 0) lines.push(line);
    return lines;
  }
}
