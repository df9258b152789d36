// Text as a font can write it. pdf-lib throws (standard fonts) or draws an empty box (embedded
// fonts) for a character the font lacks, so every string goes through `textFor` first: what the
// font has is kept, odd spaces become spaces, invisible characters are dropped, a letter the font
// lacks loses its diacritic when that helps (ş → s), and what cannot be written at all becomes
// '?'. Never throws. The embedded Noto Sans (fonts.ts) has nearly everything a name needs;
// `toWinAnsi` is the same for the standard fonts (Courier: ids, hashes), which only have WinAnsi
// (Latin-1 plus € ‘ ’ “ ” – — … and a few more).

/** The code points outside Latin-1 that WinAnsi (Windows-1252) has, at 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Written as itself. (The soft hyphen is WinAnsi too, but would print as a visible hyphen: it is dropped.) */
export function isWinAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff && codePoint !== 0xad) || WIN_ANSI_EXTRA.has(codePoint);
}

/** Characters that have a reasonable WinAnsi spelling but don't decompose to one. */
const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–', // figure dash
  '\u2015': '—', // horizontal bar
  '\u2212': '-', // minus sign
  '\u201b': '‘',
  '\u201f': '“',
  '\u2032': "'",
  '\u2033': '"',
  '\u2043': '-',
  '\u2219': '•',
  '\u25cf': '•',
  '\u25aa': '•',
  '\u2192': '->',
  '\u2190': '<-',
  '\u21d2': '=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u2718': 'x',
  '\u0131': 'i',
  '\u0133': 'ij',
  '\u0132': 'IJ',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0126': 'H',
  '\u0127': 'h',
  '\u0149': "'n",
  '\u017f': 's',
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\u2116': 'No.',
};

/** Printed as a plain space (all the Unicode space characters; NBSP stays NBSP so words keep together). */
function isSpace(cp: number): boolean {
  return cp === 0x09 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0x1680;
}

/** Dropped: controls, soft hyphen, zero-width characters, variation selectors, stray combining marks. */
function isInvisible(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x0300 && cp <= 0x036f)
  );
}

/** Combining marks: kept only after a letter, when the font has them (NFC composes the usual ones first). */
const isCombining = (cp: number) => cp >= 0x0300 && cp <= 0x036f;

/** A font's repertoire and the cache of strings cleaned for it. */
export interface Repertoire {
  has(codePoint: number): boolean;
  cache: Map<string, string>;
}

const winAnsi: Repertoire = { has: isWinAnsi, cache: new Map() };

/**
 * The string as a font with this repertoire can write it. Line breaks are not kept (split lines
 * first); tabs and exotic spaces become spaces.
 */
export function textFor(input: string, font: Repertoire): string {
  const hit = font.cache.get(input);
  if (hit !== undefined) return hit;
  const text = input.normalize('NFC');
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (isSpace(cp)) out += ' ';
    else if (isCombining(cp) && out !== '' && !out.endsWith(' ') && font.has(cp)) out += ch;
    else if (isInvisible(cp)) continue;
    else if (font.has(cp)) out += ch;
    else if (Object.hasOwn(REPLACEMENTS, ch) && Array.from(REPLACEMENTS[ch] as string).every((c) => font.has(c.codePointAt(0) as number))) out += REPLACEMENTS[ch];
    else out += withoutDiacritics(ch, font);
  }
  if (font.cache.size > 5000) font.cache.clear();
  font.cache.set(input, out);
  return out;
}

/** The string as the standard fonts (WinAnsi) can write it. */
export function toWinAnsi(input: string): string {
  return textFor(input, winAnsi);
}

function withoutDiacritics(ch: string, font: Repertoire): string {
  let base = '';
  for (const part of ch.normalize('NFD')) {
    const cp = part.codePointAt(0) as number;
    if (isCombining(cp)) continue;
    if (!font.has(cp)) return '?';
    base += part;
  }
  return base === '' ? '?' : base;
}

/** Cut a string to at most `max` characters, with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
