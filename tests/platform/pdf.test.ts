// The agreement PDF, its PAdES seal and the seal check (no database). Text is read back from the
// PDF's own content streams (decompressed and decoded from WinAnsi), so the assertions are about
// what a reader would see, not about what the renderer meant to draw.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SEAL_PASSPHRASE, generateDevelopmentSealerFile } from '../../src/platform/pdf/dev-seal-node.js';
import { type AgreementDocument, renderAgreementPdf } from '../../src/platform/pdf/document.js';
import { exampleAgreementDocument } from '../../src/platform/pdf/example.js';
import { bytesToBase64 } from '../../src/platform/pdf/bytes.js';
import {
  createDevelopmentSealer,
  DEVELOPMENT_SEAL_COMMON_NAME,
  loadSealer,
  type Sealer,
  sealerCertificate,
  sealPdf,
} from '../../src/platform/pdf/seal.js';
import { isWinAnsi, toWinAnsi } from '../../src/platform/pdf/text.js';
import { inspectSeal, sha256OfPdf } from '../../src/platform/pdf/verify.js';

// ---- reading text back out of a PDF ----

/** Windows-1252 0x80–0x9F ('?' where it has no character); the rest of WinAnsi is Latin-1. */
const CP1252_80 = '€?‚ƒ„…†‡ˆ‰Š‹Œ?Ž??‘’“”•–—˜™š›œ?žŸ';
const decodeByte = (b: number) => (b >= 0x80 && b <= 0x9f ? (CP1252_80[b - 0x80] as string) : String.fromCharCode(b));

interface Piece {
  x: number;
  y: number;
  text: string;
}

async function readPages(bytes: Uint8Array): Promise<Piece[][]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? Array.from({ length: contents.size() }, (_, i) => contents.lookup(i, PDFRawStream)) : [contents as PDFRawStream];
    const pieces: Piece[] = [];
    for (const stream of streams) {
      const ops = new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode());
      for (const m of ops.matchAll(/(-?[\d.]+) (-?[\d.]+) Td\s*<([0-9A-Fa-f]*)> Tj/g)) {
        const text = (m[3]?.match(/../g) ?? []).map((h) => decodeByte(Number.parseInt(h, 16))).join('');
        pieces.push({ x: Number(m[1]), y: Number(m[2]), text });
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
      'Financiën en schulden',
      'Werk en dagbesteding',
      ...fixture.commitments.flatMap((c) => [c.party, c.description]),
      ...fixture.conditions.flatMap((c) => [c.description, c.consequence ?? '']),
      ...fixture.risks.flatMap((r) => [r.risk, ...r.signals, ...r.actions]),
      ...fixture.network.flatMap((n) => [n.name, n.relation]),
      'vast steunpunt voor praktische zaken',
      ...fixture.turning18.map((c) => c.item),
      'Niet van toepassing',
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
    for (const s of ['Financiën', 'Ideeën', 'één keer', 'Noor’s mentor', '“Kamers met Kansen”', 'begeleider – eerst', '(€ 485,–)', 'vóór 1 april']) {
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
      'Toestemming gegeven',
      'Code bevestigd',
      '84.241.192.7',
      '145.12.8.21',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X)',
      'Gebeurtenissen van het document',
      'Verstuurd',
      'Voltooid',
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
      goals: [{ lifeDomain: 'unknown-domain', term: 'short', description: odd, targetDate: null, status: 'unknown-status' }],
      commitments: [{ party: odd, description: odd }],
      conditions: [{ description: odd }],
      risks: [{ risk: odd, signals: [odd], actions: [], who: [odd] }],
      network: [{ name: odd, relation: odd }],
      turning18: [{ item: odd, status: 'done' }],
      reviewMoments: [{ date: '2026-13-45', description: odd }],
      signers: [{ ...exampleAgreementDocument().signers[0]!, name: odd, typedName: odd, authentication: 'something-new' }],
      events: [{ type: 'odd-event', at: 'yesterday', signerId: 'signer-noor', ip: odd, userAgent: odd }],
    };
    const bytes = await renderAgreementPdf(doc);
    const text = (await readPages(bytes)).map(body).join(' ');
    expect(contains(text, 'Lukasz IJsselmeer ? ?? S é xy bel tab - -> fine ? ok')).toBe(true);
    expect(text).toContain('Zoë');
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
  });

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
    const loaded = loadSealer(bytesToBase64(sealer.p12), sealer.passphrase);
    const result = await inspectSeal(await sealPdf(typical, loaded));
    expect(result.sealed).toBe(true);
  });

  it('says what is wrong with a bad secret', () => {
    expect(() => loadSealer('', 'x')).toThrow(/SEAL_P12_BASE64 is empty/);
    expect(() => loadSealer('%%%', 'x')).toThrow(/SEAL_P12_BASE64 is not valid base64/);
    expect(() => loadSealer(bytesToBase64(new TextEncoder().encode('not a p12')), 'x')).toThrow(/not a readable PKCS#12/);
    expect(() => loadSealer(bytesToBase64(sealer.p12), 'wrong passphrase')).toThrow(/SEAL_P12_PASSPHRASE/);
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
