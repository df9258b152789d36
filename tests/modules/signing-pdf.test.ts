// The agreement PDF, its PAdES seal and the seal check (no database). Text is read back from the
// PDF's own content streams (decompressed and decoded from WinAnsi), so the assertions are about
// what a reader would see, not about what the renderer meant to draw.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SEAL_PASSPHRASE, generateDevelopmentSealerFile } from '../../src/platform/pdf/dev-seal-node.js';
import { type AgreementDocument, renderAgreementPdf } from '../../src/modules/signing/pdf/agreement-pdf.js';
import { exampleAgreementDocument } from '../../src/modules/signing/pdf/example.js';
import { bytesToBase64 } from '../../src/platform/pdf/bytes.js';
import {
  createDevelopmentSealer,
  DEVELOPMENT_SEAL_COMMON_NAME,
  loadSealer,
  type Sealer,
  sealerCertificate,
  sealPdf,
  withTimestamp,
} from '../../src/platform/pdf/seal.js';
import { timestampAuthority } from '../../src/platform/pdf/tsa.js';
import { TEST_SECRET_KEYS, loadConfig, loadSealConfig } from '../../src/config.js';
import { type FakeTsa, startFakeTsa } from '../support/fake-tsa.js';
import { isWinAnsi, toWinAnsi } from '../../src/platform/pdf/text.js';
import { inspectSeal, sha256OfPdf } from '../../src/platform/pdf/verify.js';
import { CHECKLIST_STATUSES, GOAL_STATUSES, type GoalStatus, LIFE_DOMAINS, type LifeDomain } from '../../src/domain/agreement.js';
import { type CodeList, codesOf } from '../../src/domain/code-list.js';
import { AUTHENTICATION_LABELS, type AuthenticationMethod, SIGNER_ROLE_LABELS, SIGNING_EVENT_LABELS, type SigningEventType } from '../../src/domain/signing.js';
import { hasPdftotext, pdfText, positions } from '../support/pdftotext.js';

// ---- reading text back out of a PDF ----

/** Windows-1252 0x80–0x9F ('?' where it has no character); the rest of WinAnsi is Latin-1. */
const CP1252_80 = '€?‚ƒ„…†‡ˆ‰Š‹Œ?Ž??‘’“”•–—˜™š›œ?žŸ';
const decodeByte = (b: number) => (b >= 0x80 && b <= 0x9f ? (CP1252_80[b - 0x80] as string) : String.fromCharCode(b));

interface Piece {
  x: number;
  y: number;
  text: string;
  /** Drawn with a slanted text matrix (synthetic italic). */
  slanted: boolean;
}

/** How a font's string bytes become text: WinAnsi bytes, or 2-byte glyph ids through the font's ToUnicode map. */
function decoderOf(font: PDFDict): (hex: string) => string {
  const toUnicode = font.lookup(PDFName.of('ToUnicode'));
  if (!(toUnicode instanceof PDFRawStream)) return (hex) => (hex.match(/../g) ?? []).map((h) => decodeByte(Number.parseInt(h, 16))).join('');
  const cmap = new TextDecoder('latin1').decode(decodePDFRawStream(toUnicode).decode());
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const units = (m[2]?.match(/.{4}/g) ?? []).map((u) => Number.parseInt(u, 16));
      map.set((m[1] as string).toLowerCase(), String.fromCharCode(...units));
    }
  }
  return (hex) => (hex.toLowerCase().match(/.{4}/g) ?? []).map((gid) => map.get(gid) ?? '\ufffd').join('');
}

/** The bytes of a PDF literal string's contents (ISO 32000-1 §7.3.4.2: escapes, octal, line continuations), in hex. */
function literalToHex(literal: string): string {
  const escapes: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, f: 0x0c, '(': 0x28, ')': 0x29, '\\': 0x5c };
  const bytes: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i] as string;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = literal[++i] ?? '';
    const octal = /^[0-7]{1,3}/.exec(literal.slice(i, i + 3));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (next in escapes) bytes.push(escapes[next] as number);
    else if (next === '\r' && literal[i + 1] === '\n') i++;
    else if (next !== '\n' && next !== '\r') bytes.push(next.charCodeAt(0));
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function readPages(bytes: Uint8Array): Promise<Piece[][]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const decoders = new Map<string, (hex: string) => string>();
    for (const [name, ref] of fonts?.entries() ?? []) decoders.set(name.asString(), decoderOf(doc.context.lookup(ref, PDFDict)));
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? Array.from({ length: contents.size() }, (_, i) => contents.lookup(i, PDFRawStream)) : [contents as PDFRawStream];
    const pieces: Piece[] = [];
    for (const stream of streams) {
      const ops = new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode());
      // The string shown: hex (<001F…>) or literal ((\0\x1f…), the bytes as characters, escaped).
      for (const m of ops.matchAll(/(\/F\d+) [\d.]+ Tf\s*(?:(-?[\d.]+) (-?[\d.]+) Td|1 0 ([\d.]+) 1 (-?[\d.]+) (-?[\d.]+) Tm)\s*(?:<([0-9A-Fa-f]*)>|\(((?:\\[\s\S]|[^\\()])*)\)) Tj/g)) {
        const decode = decoders.get(m[1] as string);
        if (!decode) throw new Error(`font ${m[1]} is not in the page resources`);
        const slanted = m[4] !== undefined;
        const hex = m[7] ?? literalToHex(m[8] ?? '');
        pieces.push({ x: Number(slanted ? m[5] : m[2]), y: Number(slanted ? m[6] : m[3]), text: decode(hex), slanted });
      }
    }
    return pieces;
  });
}

/** The body text of a page, without header (y > 790) and footer (y < 50). */
const body = (page: Piece[]) =>
  page
    .filter((p) => p.y > 50 && p.y < 790)
    .map((p) => p.text)
    .join(' ');
const squash = (s: string) => s.replace(/\s+/g, '');
/** True when `needle` is in `haystack`, whatever the line breaks and runs in between. */
const contains = (haystack: string, needle: string) => squash(haystack).includes(squash(needle));

// ---- fixtures ----

let sealer: Sealer;
let devSealMs = 0;
let typical: Uint8Array;
let typicalPages: Piece[][];

beforeAll(async () => {
  const started = performance.now();
  sealer = await createDevelopmentSealer();
  devSealMs = performance.now() - started;
  typical = await renderAgreementPdf(exampleAgreementDocument());
  typicalPages = await readPages(typical);
});

describe('renderAgreementPdf', () => {
  it('renders a typical agreement that pdf-lib reads back, with metadata from the input', async () => {
    const doc = await PDFDocument.load(typical, { updateMetadata: false });
    expect(doc.getPageCount()).toBeGreaterThan(1);
    for (const page of doc.getPages()) expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(doc.getTitle()).toBe('Jongerenovereenkomst Noor Bakker');
    expect(doc.getAuthor()).toBe('Vervolg');
    expect(doc.getProducer()).toBe('Vervolg (pdf-lib)');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-12T15:41:07.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-03-12T15:41:07.000Z');
    expect(doc.getKeywords()).toContain('0195f3a2-7c41-7d0e-9b6a-3f2d8c1e5a90');
  });

  it('holds the whole agreement: every section, goal, commitment, condition, risk, contact, checklist item and review', () => {
    const fixture = exampleAgreementDocument();
    const text = typicalPages.map(body).join(' ');
    const expected = [
      fixture.title,
      'Noor Bakker',
      '3 juni 2008',
      'Gemeente Utrecht',
      'Jeroen van Dijk',
      '1 april 2026',
      '16 maart 2026',
      ...fixture.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
      'Doelen op korte termijn',
      'Doelen op lange termijn',
      ...fixture.goals.map((g) => g.description),
      'Geld en schulden',
      'Werk en dagbesteding',
      ...fixture.commitments.flatMap((c) => [c.party, c.description]),
      ...fixture.conditions.flatMap((c) => [c.description, c.consequence ?? '']),
      ...fixture.risks.flatMap((r) => [r.risk, ...r.signals, ...r.actions]),
      ...fixture.network.flatMap((n) => [n.name, n.relation]),
      'vast steunpunt voor praktische zaken',
      ...fixture.turning18.map((c) => c.item),
      'Niet nodig',
      ...fixture.reviewMoments.map((r) => r.description),
      'Ondertekening',
    ];
    expect(fixture.commitments).toHaveLength(8);
    expect(fixture.turning18.length).toBeGreaterThanOrEqual(10);
    const missing = expected.filter((e) => !contains(text, e));
    expect(missing).toEqual([]);
  });

  it('writes Dutch characters as themselves (é ë ï ’ “ ” – €)', () => {
    const text = typicalPages.map(body).join(' ');
    for (const s of ['Ideeën', 'één keer', 'Noor’s mentor', '“Kamers met Kansen”', 'begeleider – eerst', '(€ 485,–)', 'vóór 1 april']) {
      expect(contains(text, s), s).toBe(true);
    }
  });

  it('ends with the certificate page: content hash, signers, how they were authenticated, events', () => {
    const start = typicalPages.findIndex((page) => body(page).includes('Certificaat van ondertekening'));
    expect(start).toBeGreaterThan(0);
    // The certificate starts on a page of its own, with its title first.
    const first = typicalPages[start]?.filter((p) => p.y > 50 && p.y < 790)[0];
    expect(first?.text).toBe('Certificaat van ondertekening');
    const cert = typicalPages.slice(start).map(body).join(' ');
    const fixture = exampleAgreementDocument();
    for (const s of [
      'SHA-256 van de inhoud zoals verstuurd',
      fixture.contentSha256,
      'Ondertekenaar 1: Noor Bakker',
      'Ondertekenaar 2: Jeroen van Dijk',
      'persoonlijke link + eenmalige code per sms',
      'inlog medewerker',
      '11 maart 2026, 19:02:51',
      'Afspraken bekeken',
      'Code bevestigd',
      '84.241.192.7',
      '145.12.8.21',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X)',
      'Gebeurtenissen van het document',
      'Link verstuurd',
      'Iedereen heeft ondertekend',
      'https://vervolg.example.nl/v1/verificaties',
    ]) {
      expect(contains(cert, s), s).toBe(true);
    }
    // Nothing of the certificate before its page.
    expect(typicalPages.slice(0, start).map(body).join(' ')).not.toContain('Herkend via');
  });

  it('numbers every page "pagina X van Y" and repeats the title in the header from page 2', () => {
    const total = typicalPages.length;
    typicalPages.forEach((page, i) => {
      const footer = page.filter((p) => p.y < 50).map((p) => p.text);
      expect(footer).toContain(`pagina ${i + 1} van ${total}`);
      const header = page.filter((p) => p.y > 790).map((p) => p.text);
      expect(header).toEqual(i === 0 ? [] : ['Jongerenovereenkomst Noor Bakker']);
    });
  });

  it('keeps all text inside the margins', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const page of typicalPages) {
      for (const p of page) {
        expect(p.x).toBeGreaterThanOrEqual(56);
        expect(p.y).toBeGreaterThan(20);
        expect(p.y).toBeLessThan(841.89 - 20);
        // At the smallest size used: a lower bound of the real width.
        expect(p.x + font.widthOfTextAtSize(p.text, 8)).toBeLessThan(595.28 - 40);
      }
    }
  });

  it('truncates long user agents on the certificate page', async () => {
    const ua = `Mozilla/5.0 ${'X'.repeat(400)} END-OF-AGENT`;
    const doc = exampleAgreementDocument();
    doc.events = doc.events.map((e) => ({ ...e, userAgent: e.userAgent ? ua : e.userAgent }));
    const text = (await readPages(await renderAgreementPdf(doc))).map(body).join(' ');
    expect(text).not.toContain('END-OF-AGENT');
    expect(contains(text, `Mozilla/5.0 ${'X'.repeat(100)}`)).toBe(true);
    expect(text).toContain('…');
  });

  it('renders English labels', async () => {
    const pages = await readPages(await renderAgreementPdf(exampleAgreementDocument({ locale: 'en' })));
    const text = pages.map(body).join(' ');
    for (const s of ['Aftercare youth agreement', 'Short-term goals', 'Commitments', 'Early-warning plan', 'Turning-18 checklist', 'Signing certificate', 'personal link + one-time code by SMS', '1 April 2026']) {
      expect(contains(text, s), s).toBe(true);
    }
    expect(pages[0]?.filter((p) => p.y < 50).map((p) => p.text)).toContain(`page 1 of ${pages.length}`);
  });

  it('is deterministic: the same input gives byte-identical output', async () => {
    const other = await renderAgreementPdf(exampleAgreementDocument({ version: 3 }));
    const again = await renderAgreementPdf(exampleAgreementDocument());
    expect(sha256OfPdf(again)).toBe(sha256OfPdf(typical));
    expect(Buffer.from(again).equals(Buffer.from(typical))).toBe(true);
    expect(sha256OfPdf(other)).not.toBe(sha256OfPdf(typical));
  });

  it('embeds a drawn signature, and falls back to the typed name when it is unusable', async () => {
    const raw = new TextDecoder('latin1').decode(typical);
    expect(raw).toMatch(/\/Subtype\s*\/Image/);
    expect(raw).toMatch(/\/SMask/); // the PNG's transparency
    const doc = exampleAgreementDocument();
    doc.signers = doc.signers.map((s) => ({ ...s, drawnSignature: 'data:image/png;base64,bm90IGEgcG5n' }));
    const bytes = await renderAgreementPdf(doc);
    expect(new TextDecoder('latin1').decode(bytes)).not.toMatch(/\/Subtype\s*\/Image/);
    const text = (await readPages(bytes)).map(body).join(' ');
    expect(contains(text, '(de getekende handtekening kon niet worden weergegeven)')).toBe(true);
  });

  it('never throws on characters outside WinAnsi, and writes what it can', async () => {
    const odd = 'Łukasz Ĳsselmeer 😀 中文 Ş e\u0301 x\u200by \u0007bel\ttab − → ﬁne \ud800 ok';
    const doc: AgreementDocument = {
      ...exampleAgreementDocument(),
      title: `Overeenkomst ${odd}`,
      youngPerson: { name: `Zoë ${odd}`, dateOfBirth: 'not a date' },
      municipalityName: odd,
      sections: [{ heading: odd, paragraphs: [odd, `${'W'.repeat(300)} lang woord`, 'regel 1\nregel 2\r\nregel 3\u2028'] }],
      // Codes outside the vocabulary (as a version frozen before a list changed could hold): printed as given.
      goals: [{ lifeDomain: 'unknown-domain' as LifeDomain, term: 'short', description: odd, targetDate: null, status: 'unknown-status' as GoalStatus }],
      commitments: [{ party: odd, description: odd }],
      conditions: [{ description: odd }],
      risks: [{ risk: odd, signals: [odd], actions: [], who: [odd] }],
      network: [{ name: odd, relation: odd }],
      turning18: [{ item: odd, status: 'done' }],
      reviewMoments: [{ date: '2026-13-45', description: odd }],
      signers: [{ ...exampleAgreementDocument().signers[0]!, name: odd, typedName: odd, authentication: 'something-new' as AuthenticationMethod }],
      events: [{ type: 'odd-event' as SigningEventType, at: 'yesterday', signerId: 'signer-noor', ip: odd, userAgent: odd }],
    };
    const bytes = await renderAgreementPdf(doc);
    const text = (await readPages(bytes)).map(body).join(' ');
    expect(contains(text, 'Lukasz IJsselmeer ? ?? S é xy bel tab - -> fine ? ok')).toBe(true);
    expect(text).toContain('Zoë');
    // Noto Sans has Ł Ĳ Ş − ﬁ; → has a spelling ('->'); what it can't write (emoji, Chinese, a lone surrogate) becomes '?'.
    expect(contains(text, 'Zoë Łukasz Ĳsselmeer ? ?? Ş é xy bel tab − -> ﬁne ? ok')).toBe(true);
    expect(contains(text, 'unknown-domain')).toBe(true);
    expect(contains(text, 'something-new')).toBe(true);
    expect(text).toContain('regel 2');
    expect(contains(text, 'W'.repeat(300))).toBe(true);
  });

  it('breaks long documents over many pages', async () => {
    const base = exampleAgreementDocument();
    const goals = Array.from({ length: 60 }, (_, i) => ({ ...base.goals[i % base.goals.length]!, description: `Doel nummer ${i + 1}: ${base.goals[0]!.description}` }));
    const pages = await readPages(await renderAgreementPdf({ ...base, goals }));
    expect(pages.length).toBeGreaterThan(10);
    const text = pages.map(body).join(' ');
    for (let i = 1; i <= 60; i++) expect(text).toContain(`Doel nummer ${i}:`);
    expect(pages.at(-1)?.filter((p) => p.y < 50).map((p) => p.text)).toContain(`pagina ${pages.length} van ${pages.length}`);
  });
});

/** Names in scripts beyond WinAnsi: each must print exactly as written. */
const NAMES = ['Şükrü Yılmaz', 'Łucja Wójcik', 'Nguyễn Thị Ánh', 'Анна Петрова'] as const;

/** The example with a signer in every role, every event, every goal status and domain, every checklist status. */
function everyCode(locale: 'nl' | 'en'): AgreementDocument {
  const base = exampleAgreementDocument({ locale });
  const roles = codesOf(SIGNER_ROLE_LABELS);
  const signers = roles.map((role, i) => ({ ...base.signers[0]!, id: `signer-${i}`, role, name: NAMES[i % NAMES.length]!, typedName: NAMES[(i + 1) % NAMES.length]!, drawnSignature: null }));
  const events = codesOf(SIGNING_EVENT_LABELS).map((type, i) => ({ type, at: `2026-03-11T17:${String(10 + i).padStart(2, '0')}:00Z`, signerId: i % 2 ? 'signer-0' : null }));
  const domains = codesOf(LIFE_DOMAINS);
  const statuses = codesOf(GOAL_STATUSES);
  const goals = domains.map((lifeDomain, i) => ({ lifeDomain, term: i % 2 ? ('long' as const) : ('short' as const), description: `Doel ${i}`, targetDate: '2026-09-01', status: statuses[i % statuses.length]! }));
  const turning18 = codesOf(CHECKLIST_STATUSES).map((status, i) => ({ item: `Punt ${i}`, status }));
  return { ...base, signers, events, goals, turning18 };
}

describe.skipIf(!hasPdftotext)('the PDF as a reader sees it (pdftotext)', () => {
  it('prints every name as written: Şükrü Yılmaz, Łucja Wójcik, Nguyễn Thị Ánh, Анна Петрова', async () => {
    const base = exampleAgreementDocument();
    const doc: AgreementDocument = {
      ...base,
      title: `Toekomstafspraken ${NAMES[2]}`,
      youngPerson: { ...base.youngPerson, name: NAMES[2] },
      caseManagerName: NAMES[3],
      municipalityName: 'Gemeente Súdwest-Fryslân',
      network: [{ name: NAMES[0], relation: 'oom', practicalSupport: true }],
      commitments: [{ party: NAMES[1], description: 'Belt elke week met Ánh.' }],
      // The typed name is drawn slanted (synthetic italic): it must still read as written.
      signers: NAMES.map((name, i) => ({ ...base.signers[0]!, id: `s${i}`, name, typedName: name, drawnSignature: null })),
      events: [],
    };
    const pdf = await renderAgreementPdf(doc);
    const text = pdfText(pdf);
    for (const name of [...NAMES, 'Súdwest-Fryslân', 'Belt elke week met Ánh.']) expect(text, name).toContain(name);
    // Nothing became '?' inside a word (as 'Y?lmaz' did with the standard fonts).
    expect(text).not.toMatch(/\?\p{L}/u);
    // Each name is on the signature page twice (name and typed name) and in the certificate.
    for (const name of NAMES) expect(text.split(name).length - 1, name).toBeGreaterThanOrEqual(3);
    // The fonts are embedded as subsets (a reader without Noto Sans sees the same).
    const objects = (await PDFDocument.load(pdf, { updateMetadata: false })).context.enumerateIndirectObjects().map(([, o]) => o);
    const dicts = objects.map((o) => (o instanceof PDFDict ? o : o instanceof PDFRawStream ? o.dict : null)).filter((d) => d !== null);
    const baseFonts = dicts.map((d) => d.get(PDFName.of('BaseFont'))?.toString()).filter(Boolean);
    expect(baseFonts).toEqual(expect.arrayContaining(['/VRVLGR+NotoSans-Regular', '/VRVLGB+NotoSans-Bold']));
    expect(dicts.filter((d) => d.has(PDFName.of('FontFile2')))).toHaveLength(2);
    expect(pdf.length).toBeLessThan(120_000);
  });

  it('follows the template: each section, then its part of the plan, in the order given', async () => {
    const base = exampleAgreementDocument();
    const keys = ['introduction', 'goals', 'commitments', 'conditions', 'risks', 'network', 'turning18', 'privacy'] as const;
    const sections = keys.map((key) => ({ key, heading: `Kop ${key}`, paragraphs: [`Tekst van ${key}.`] }));
    const text = pdfText(await renderAgreementPdf({ ...base, sections }));
    const order = [
      'Kop introduction',
      'Tekst van introduction.',
      'Kop goals',
      base.goals[0]!.description,
      'Kop commitments',
      base.commitments[0]!.description,
      'Kop conditions',
      base.conditions[0]!.description,
      'Kop risks',
      base.risks[0]!.risk,
      'Kop network',
      base.network[0]!.name,
      'Kop turning18',
      base.turning18[0]!.item,
      base.reviewMoments[0]!.description,
      'Kop privacy',
      'Tekst van privacy.',
      'Ondertekening',
    ];
    const at = positions(text, order);
    expect(at.filter((p) => p < 0)).toEqual([]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // The part's own heading is not repeated under the template's.
    expect(text).not.toContain('Doelen op korte termijn\nDoelen');
    expect(text.split('Signaleringsplan').length - 1).toBe(0);
  });

  it('prints labels, never codes: roles, events, statuses, life domains (Dutch and English)', async () => {
    for (const locale of ['nl', 'en'] as const) {
      const text = pdfText(await renderAgreementPdf(everyCode(locale)));
      const lists = { SIGNER_ROLE_LABELS, SIGNING_EVENT_LABELS, GOAL_STATUSES, CHECKLIST_STATUSES, LIFE_DOMAINS, AUTHENTICATION_LABELS };
      for (const [name, list] of Object.entries(lists)) {
        for (const [code, label] of Object.entries(list as CodeList)) {
          // Codes of one plain word ('signed', 'housing') can be ordinary words of the text; codes with a hyphen cannot.
          if (code.includes('-')) expect(text, `${name}.${code} (${locale})`).not.toContain(code);
          if (name !== 'AUTHENTICATION_LABELS' || code === 'link-sms-code') expect(text.replace(/\s+/g, ' '), `${name}.${code} (${locale})`).toContain(label[locale]);
        }
      }
    }
  });
});

describe('toWinAnsi', () => {
  it('keeps every WinAnsi character, and Helvetica can encode all of them', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const all: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) if (isWinAnsi(cp)) all.push(String.fromCharCode(cp));
    expect(all).toHaveLength(95 + 95 + 27); // ASCII, Latin-1 without the soft hyphen, cp1252's extras
    const text = all.join('');
    expect(toWinAnsi(text)).toBe(text);
    expect(() => font.encodeText(text)).not.toThrow();
  });

  it('replaces what WinAnsi lacks, and never returns something Helvetica cannot encode', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    expect(toWinAnsi('ł ĳ ş ğ ő ř ﬂ − ‐ → ≥ \u200b\u00ad|')).toBe('l ij s g o r fl - - -> >= |');
    let sample = '';
    for (let cp = 0; cp < 0x3000; cp += 7) sample += String.fromCodePoint(cp);
    sample += '😀👍🏽\ud83d';
    expect(() => font.encodeText(toWinAnsi(sample))).not.toThrow();
  });
});

describe('sealPdf and inspectSeal', () => {
  let sealed: Uint8Array;
  const signingTime = new Date('2026-03-12T15:41:09Z');

  beforeAll(async () => {
    sealed = await sealPdf(typical, sealer, { signingTime });
  });

  it('makes the development certificate quickly enough to do at first start', () => {
    const cert = sealerCertificate(sealer);
    expect(cert.commonName).toBe(DEVELOPMENT_SEAL_COMMON_NAME);
    expect(cert.selfSigned).toBe(true);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBeGreaterThan(364 * 24 * 3600_000);
    expect(devSealMs).toBeLessThan(10_000);
  });

  it('seals: inspectSeal finds a valid seal by the development certificate, with time and agreement', async () => {
    const result = await inspectSeal(sealed);
    expect(result).toMatchObject({
      sealed: true,
      signerCommonName: 'Vervolg development seal',
      signingTime: '2026-03-12T15:41:09.000Z',
      certificateSha256: sealerCertificate(sealer).sha256,
      selfSigned: true,
      subFilter: 'ETSI.CAdES.detached',
      agreement: { id: '0195f3a2-7c41-7d0e-9b6a-3f2d8c1e5a90', version: 2, contentSha256: exampleAgreementDocument().contentSha256 },
    });
    const raw = new TextDecoder('latin1').decode(sealed);
    expect(raw).toContain('/Reason (Verzegeld door Vervolg)');
    // Still an ordinary PDF with the same pages.
    const doc = await PDFDocument.load(sealed, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(typicalPages.length);
  });

  it('accepts the seal only from trusted certificates when given', async () => {
    expect((await inspectSeal(sealed, { trustedCertificates: [sealerCertificate(sealer).sha256] })).sealed).toBe(true);
    const other = await inspectSeal(sealed, { trustedCertificates: ['0'.repeat(64)] });
    expect(other).toEqual({ sealed: false, reason: expect.stringContaining('not one of the trusted') });
  });

  it('reports an unsealed PDF, and garbage, as not sealed without throwing', async () => {
    expect(await inspectSeal(typical)).toEqual({ sealed: false, reason: 'the file has no PDF signature' });
    expect((await inspectSeal(new Uint8Array([1, 2, 3]))).sealed).toBe(false);
    expect((await inspectSeal(new TextEncoder().encode('/ByteRange [0 1 2 3]'))).sealed).toBe(false);
  });

  it('finds any one-byte change after sealing, wherever it is', async () => {
    const raw = new TextDecoder('latin1').decode(sealed);
    const [, , start, end] = (/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(raw) ?? []).map(Number) as number[];
    const hexStart = (start as number) + 1;
    const derHexLength = 2 * (Number.parseInt(raw.slice(hexStart + 4, hexStart + 8), 16) + 4);
    const positions = new Set<number>([0, 100, (start as number) - 1, start as number, (end as number) - 1, end as number, raw.indexOf('Verzegeld door'), raw.indexOf('/M (D:') + 8, sealed.length - 1]);
    for (let i = 0; i < sealed.length; i += 997) positions.add(i);
    // Inside the CMS: every 7th hex digit of the DER, and some of the zero padding after it.
    for (let i = 0; i < derHexLength; i += 7) positions.add(hexStart + i);
    for (let i = derHexLength; i < (end as number) - hexStart - 1; i += 1500) positions.add(hexStart + i);

    const survivors: number[] = [];
    for (const at of positions) {
      const changed = sealed.slice();
      const inHex = at >= hexStart && at < (end as number) - 1;
      // In the hex, change to another hex digit (anything else is refused even sooner).
      changed[at] = inHex ? (changed[at] === 0x30 ? 0x31 : 0x30) : (changed[at] as number) ^ 0x01;
      if ((await inspectSeal(changed)).sealed) survivors.push(at);
    }
    expect(positions.size).toBeGreaterThan(400);
    expect(survivors).toEqual([]);
    // Some 450 full checks (ASN.1 read and re-encoded, digest, RSA verification): give a loaded machine time.
  }, 180_000);

  it('finds a PDF cut short or added to after sealing', async () => {
    expect((await inspectSeal(sealed.subarray(0, sealed.length - 1))).sealed).toBe(false);
    const appended = new Uint8Array([...sealed, ...new TextEncoder().encode('\n1 0 obj\n<< >>\nendobj\n%%EOF\n')]);
    expect(await inspectSeal(appended)).toEqual({ sealed: false, reason: expect.stringContaining('does not cover the whole file') });
    // The same hex digit in upper case is a change too (the file's hash changes).
    const raw = new TextDecoder('latin1').decode(sealed);
    const hexStart = raw.indexOf('<3082') + 1;
    const letter = hexStart + raw.slice(hexStart).search(/[a-f]/);
    const upper = sealed.slice();
    upper[letter] = (upper[letter] as number) - 32;
    expect(await inspectSeal(upper)).toEqual({ sealed: false, reason: expect.stringContaining('lower-case hex') });
  });

  it('hashes a PDF the way the database registers it', () => {
    expect(sha256OfPdf(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256OfPdf(sealed)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256OfPdf(sealed)).not.toBe(sha256OfPdf(typical));
  });
});

describe('loadSealer', () => {
  it('opens a base64 P12 with its passphrase, and the seal it makes verifies', async () => {
    const loaded = await loadSealer(bytesToBase64(sealer.p12), sealer.passphrase);
    const result = await inspectSeal(await sealPdf(typical, loaded));
    expect(result.sealed).toBe(true);
  });

  it('says what is wrong with a bad secret', async () => {
    await expect(loadSealer('', 'x')).rejects.toThrow(/SEAL_P12_BASE64 is empty/);
    await expect(loadSealer('%%%', 'x')).rejects.toThrow(/SEAL_P12_BASE64 is not valid base64/);
    await expect(loadSealer(bytesToBase64(new TextEncoder().encode('not a p12')), 'x')).rejects.toThrow(/not a readable PKCS#12/);
    await expect(loadSealer(bytesToBase64(sealer.p12), 'wrong passphrase')).rejects.toThrow(/SEAL_P12_PASSPHRASE/);
    await expect(loadSealer(bytesToBase64(sealer.p12), sealer.passphrase, { now: new Date(Date.now() + 400 * 24 * 3600_000) })).rejects.toThrow(/expired/);
  });
});

describe('where the seal certificate is required', () => {
  const production = { APP_ENV: 'production', OUTBOX_TRANSPORT: 'console', SECRET_KEYS: TEST_SECRET_KEYS };
  const seal = { SEAL_P12_BASE64: 'eA==', SEAL_P12_PASSPHRASE: 'x' };

  it('Node seals itself: its production config needs both secrets', () => {
    expect(() => loadConfig(production)).toThrow(/SEAL_P12_BASE64 and SEAL_P12_PASSPHRASE .* are required in production/);
    expect(() => loadConfig({ ...production, SEAL_P12_BASE64: 'eA==' })).toThrow(/required in production/);
    expect(loadConfig({ ...production, ...seal }).seal).toEqual({ p12Base64: 'eA==', passphrase: 'x' });
  });

  it('the app Worker seals nothing (sealsPdfs: false): its production config needs neither; the PDF Worker\'s does', () => {
    expect(loadConfig(production, { sealsPdfs: false }).seal).toBeNull();
    expect(() => loadSealConfig({ APP_ENV: 'production' })).toThrow(/required in production/);
    // The PDF Worker reads only its own settings: the app's required ones (SECRET_KEYS, Notify) are not asked for.
    expect(loadSealConfig({ APP_ENV: 'production', ...seal, TSA_URL: 'https://tsa.example/' })).toEqual({ env: 'production', seal: { p12Base64: 'eA==', passphrase: 'x' }, tsaUrl: 'https://tsa.example/' });
    expect(() => loadSealConfig({ APP_ENV: 'production', ...seal, TSA_URL: 'not a url' })).toThrow(/TSA_URL/);
    // Outside production a development certificate is made instead.
    expect(loadSealConfig({ APP_ENV: 'development' })).toEqual({ env: 'development', seal: null, tsaUrl: null });
  });
});

describe('generateDevelopmentSealerFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vervolg-dev-seal-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the development seal once and reuses it afterwards', async () => {
    const path = join(dir, 'nested', 'dev-seal.p12');
    const first = await generateDevelopmentSealerFile(path);
    expect(first.created).toBe(true);
    expect(first.passphrase).toBe(DEVELOPMENT_SEAL_PASSPHRASE);
    const second = await generateDevelopmentSealerFile(path);
    expect(second.created).toBe(false);
    expect(Buffer.from(second.p12).equals(Buffer.from(await readFile(path)))).toBe(true);
    expect(Buffer.from(second.p12).equals(Buffer.from(first.p12))).toBe(true);
    const result = await inspectSeal(await sealPdf(typical, second));
    expect(result).toMatchObject({ sealed: true, signerCommonName: DEVELOPMENT_SEAL_COMMON_NAME });
  });

  it('renews it shortly before it expires', async () => {
    const path = join(dir, 'renew.p12');
    const first = await generateDevelopmentSealerFile(path, new Date('2026-01-01T00:00:00Z'));
    const later = await generateDevelopmentSealerFile(path, new Date('2026-12-25T00:00:00Z'));
    expect(later.created).toBe(true);
    expect(Buffer.from(later.p12).equals(Buffer.from(first.p12))).toBe(false);
  });

  it('never overwrites a file it cannot read', async () => {
    const path = join(dir, 'foreign.p12');
    await writeFile(path, 'someone else’s certificate');
    await expect(generateDevelopmentSealerFile(path)).rejects.toThrow(/delete it to make a new one/);
    expect(await readFile(path, 'utf8')).toBe('someone else’s certificate');
  });
});

// ---- PAdES B-B, checked from outside: poppler's pdfsig (NSS) and the CMS read attribute by attribute ----

/** Runs a command; null when it is not installed. */
function run(command: string, args: string[]): { stdout: string; status: number } | null {
  try {
    return { stdout: execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), status: 0 };
  } catch (error) {
    const e = error as { code?: string; stdout?: string; status?: number };
    if (e.code === 'ENOENT') return null;
    return { stdout: e.stdout ?? '', status: e.status ?? 1 };
  }
}
const hasPdfsig = run('pdfsig', ['-v']) !== null;
const hasOpenssl = run('openssl', ['version']) !== null;

/** The CMS in a sealed PDF, parsed by PKIjs (the test reads it independently of verify.ts). */
function cmsOf(pdf: Uint8Array): pkijs.SignedData {
  const raw = new TextDecoder('latin1').decode(pdf);
  const [, , start, end] = (/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(raw) ?? []).map(Number) as number[];
  const hex = raw.slice((start as number) + 1, (end as number) - 1).replace(/(00)+$/, '');
  const der = new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  const info = pkijs.ContentInfo.fromBER(der);
  expect(info.contentType).toBe('1.2.840.113549.1.7.2');
  return new pkijs.SignedData({ schema: info.content });
}

describe('the seal is PAdES baseline B-B', () => {
  const signingTime = new Date('2027-03-02T09:30:00Z');
  let sealed: Uint8Array;
  let dir: string;
  beforeAll(async () => {
    sealed = await sealPdf(typical, sealer, { signingTime });
    dir = await mkdtemp(join(tmpdir(), 'vervolg-pades-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has content-type, message-digest and signing-certificate-v2 (with the certificate’s SHA-256 and serial) as signed attributes, and no signing-time', async () => {
    const signedData = cmsOf(sealed);
    expect(signedData.signerInfos).toHaveLength(1);
    const signer = signedData.signerInfos[0] as pkijs.SignerInfo;
    const types = (signer.signedAttrs?.attributes ?? []).map((a) => a.type);
    expect(new Set(types)).toEqual(new Set(['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.16.2.47']));
    expect(types).not.toContain('1.2.840.113549.1.9.5');
    expect(signer.unsignedAttrs).toBeUndefined();
    expect(signer.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');

    // ESSCertIDv2 { certHash, issuerSerial { issuer, serialNumber } } (hash algorithm SHA-256 by default, so absent).
    const ess = signer.signedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.47')?.values[0] as asn1js.Sequence;
    const essCertId = ((ess.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    expect(essCertId[0]).toBeInstanceOf(asn1js.OctetString);
    const certificate = signedData.certificates?.[0] as pkijs.Certificate;
    const certDer = Buffer.from(certificate.toSchema().toBER(false));
    const certHash = createHash('sha256').update(certDer).digest('hex');
    expect(Buffer.from((essCertId[0] as asn1js.OctetString).valueBlock.valueHexView).toString('hex')).toBe(certHash);
    expect(certHash).toBe(sealerCertificate(sealer).sha256);
    const issuerSerial = (essCertId[1] as asn1js.Sequence).valueBlock.value;
    expect(Buffer.from((issuerSerial[1] as asn1js.Integer).valueBlock.valueHexView).equals(Buffer.from(certificate.serialNumber.valueBlock.valueHexView))).toBe(true);

    // The time is the signature dictionary's /M, and inspectSeal reads it from there.
    expect(new TextDecoder('latin1').decode(sealed)).toMatch(/\/M \(D:20270302093000Z\)/);
    expect(await inspectSeal(sealed)).toMatchObject({ sealed: true, signingTime: '2027-03-02T09:30:00.000Z', signingCertificateV2: true, timestampTime: null, subFilter: 'ETSI.CAdES.detached' });
  });

  it('refuses a seal whose signing-certificate-v2 names another certificate', async () => {
    const other = await createDevelopmentSealer();
    // The same key with another certificate's ESS attribute: the signature verifies, the attribute does not.
    const wrong = await sealPdf(typical, { ...sealer, essSigningCertificate: other.essSigningCertificate });
    expect(await inspectSeal(wrong)).toEqual({ sealed: false, reason: 'the signing-certificate attribute names another certificate' });
  });

  const pdfsigTitle = hasPdfsig ? 'pdfsig (poppler) finds the signature valid and the whole document signed; a changed byte fails' : 'pdfsig (poppler) — SKIPPED: pdfsig is not installed (apt-get install poppler-utils)';
  it.skipIf(!hasPdfsig && process.env.CI !== 'true')(pdfsigTitle, async () => {
    // In CI the test runs, and fails, when pdfsig is missing: the proof must not quietly vanish.
    expect(hasPdfsig, 'pdfsig (poppler-utils) must be installed in CI').toBe(true);
    const file = join(dir, 'sealed.pdf');
    await writeFile(file, sealed);
    const ok = run('pdfsig', [file]);
    expect(ok?.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(ok?.stdout).toContain('Total document signed');
    expect(ok?.stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(ok?.stdout).toContain('Signing Hash Algorithm: SHA-256');
    expect(ok?.stdout).toContain(`Signer Certificate Common Name: ${DEVELOPMENT_SEAL_COMMON_NAME}`);
    // The development certificate is self-signed: NSS knows no issuer for it (a real seal certificate chains to a trusted CA).
    expect(ok?.stdout).toContain('Certificate Validation: Certificate issuer is unknown.');

    const tampered = sealed.slice();
    const at = new TextDecoder('latin1').decode(sealed).indexOf('Verzegeld door');
    tampered[at] = (tampered[at] as number) ^ 0x01;
    const changedFile = join(dir, 'tampered.pdf');
    await writeFile(changedFile, tampered);
    const bad = run('pdfsig', [changedFile]);
    expect(bad?.stdout).not.toContain('Signature is Valid');
    expect(bad?.stdout).toContain('Signature Validation: Digest Mismatch.');
    expect(await inspectSeal(tampered)).toMatchObject({ sealed: false, reason: expect.stringContaining('changed after sealing') });
  });

  it.skipIf(!hasOpenssl)('opens a PKCS#12 exported by OpenSSL 3 (the production secret), and explains a legacy RC2/3DES one', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/C=NL/O=Gemeente Test/CN=Vervolg test seal']);
    const modern = join(dir, 'modern.p12');
    expect(run('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', modern, '-passout', 'pass:geheim'])?.status).toBe(0);
    const loaded = await loadSealer(bytesToBase64(new Uint8Array(await readFile(modern))), 'geheim');
    expect(loaded.info.commonName).toBe('Vervolg test seal');
    expect(await inspectSeal(await sealPdf(typical, loaded))).toMatchObject({ sealed: true, signerCommonName: 'Vervolg test seal', signingCertificateV2: true });

    const legacy = join(dir, 'legacy.p12');
    const made = run('openssl', ['pkcs12', '-export', '-legacy', '-inkey', key, '-in', cert, '-out', legacy, '-passout', 'pass:geheim']);
    if (made?.status === 0) {
      await expect(loadSealer(bytesToBase64(new Uint8Array(await readFile(legacy))), 'geheim')).rejects.toThrow(/openssl pkcs12 .*-legacy/);
    }
  });
});

describe('an RFC 3161 signature timestamp when TSA_URL is set (PAdES B-T), against a local fake TSA', () => {
  let tsa: FakeTsa;
  beforeAll(async () => {
    tsa = await startFakeTsa();
  });
  afterAll(async () => {
    await tsa?.close();
  });

  it('puts the authority’s token over the signature in the CMS as an unsigned attribute, and the check verifies it', async () => {
    const stamped = await sealPdf(typical, withTimestamp(sealer, timestampAuthority(tsa.url)), { signingTime: new Date('2027-03-02T09:30:00Z') });
    expect(tsa.requests).toBe(1);
    const signer = cmsOf(stamped).signerInfos[0] as pkijs.SignerInfo;
    expect(signer.unsignedAttrs?.attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.16.2.14']);
    expect(await inspectSeal(stamped)).toMatchObject({ sealed: true, signingCertificateV2: true, timestampTime: '2027-03-02T09:30:05.000Z' });
    if (hasPdfsig) {
      const dir = await mkdtemp(join(tmpdir(), 'vervolg-tsa-'));
      await writeFile(join(dir, 'stamped.pdf'), stamped);
      expect(run('pdfsig', [join(dir, 'stamped.pdf')])?.stdout).toContain('Signature Validation: Signature is Valid.');
      await rm(dir, { recursive: true, force: true });
    }

    // A token over another signature is refused by the check.
    const other = await sealPdf(typical, withTimestamp(sealer, async () => (cmsOf(stamped).signerInfos[0] as pkijs.SignerInfo).unsignedAttrs?.attributes[0]?.values[0].toBER(false) as never));
    expect(await inspectSeal(other)).toEqual({ sealed: false, reason: 'the timestamp does not verify (or is not over this signature)' });
  });

  it('fails the sealing when the authority does not answer properly', async () => {
    await expect(sealPdf(typical, withTimestamp(sealer, timestampAuthority('http://127.0.0.1:1/tsa')))).rejects.toThrow();
    const refusing = timestampAuthority(tsa.url, async () => new Response('no', { status: 503 }));
    await expect(sealPdf(typical, withTimestamp(sealer, refusing))).rejects.toThrow(/HTTP 503/);
  });

  it('is configured with TSA_URL', () => {
    expect(loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test', TSA_URL: tsa.url }).tsaUrl).toBe(tsa.url);
    expect(loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test' }).tsaUrl).toBeNull();
    expect(() => loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test', TSA_URL: 'not a url' })).toThrow(/TSA_URL/);
  });
});
