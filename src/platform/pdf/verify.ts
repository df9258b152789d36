// Checking a sealed PDF without trusting it: find the signature, check that it covers the whole
// file except its own hex, and verify the CMS (message digest of the signed ranges, and the RSA
// signature over the signed attributes with the certificate's key). Exact bytes come from a small
// DER walker (no re-encoding); node-forge reads certificates and values; Web Crypto does the
// hashing and RSA verification (native on Node and Workers).
//
// 'Sealed' means: unchanged since it was signed, by the certificate it carries. Whether that is
// Vervolg's certificate is a separate question: pass `trustedCertificates` (the fingerprints from
// sealerCertificate) — and Vervolg also looks the file's SHA-256 up in its database.
import forge from 'node-forge';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { sha256Hex } from '../crypto.js';
import { bytesToBinary } from './bytes.js';

export type SealInspection =
  | {
      sealed: true;
      signerCommonName: string | null;
      /** RFC 3339 UTC: the signing-time attribute, or the signature dictionary's /M when there is none. */
      signingTime: string | null;
      /** SHA-256 (hex) of the signing certificate (DER). */
      certificateSha256: string;
      /** A self-signed certificate (the development seal) is trusted by no one but itself. */
      selfSigned: boolean;
      subFilter: string | null;
      /** From the PDF's metadata as Vervolg writes it (covered by the seal). */
      agreement: { id: string; version: number; contentSha256: string | null } | null;
    }
  | { sealed: false; reason: string };

/** SHA-256 (hex, lower case) of the file's bytes: what Vervolg registers for each sealed PDF. */
export function sha256OfPdf(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  rsaEncryption: '1.2.840.113549.1.1.1',
};
const DIGESTS: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
/** RSA PKCS#1 v1.5 signature algorithms and the hash they imply (null: the digest algorithm decides). */
const RSA_SIGNATURES: Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | null> = {
  [OID.rsaEncryption]: null,
  '1.2.840.113549.1.1.5': 'SHA-1', // only for certificates of older CAs; the seal's digest must be SHA-2
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

/** Bytes on a plain ArrayBuffer (what Web Crypto accepts). */
type Bytes = Uint8Array<ArrayBuffer>;

const SEQ = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OID_TAG = 0x06;

class NotSealed extends Error {}
function fail(reason: string): never {
  throw new NotSealed(reason);
}

export interface InspectOptions {
  /**
   * SHA-256 fingerprints (hex) of the seal certificates to accept (Vervolg's current and earlier
   * ones). Without it any certificate whose signature verifies counts: pass it to answer
   * 'did Vervolg seal this?' rather than 'is this sealed, and unchanged?'.
   */
  trustedCertificates?: Iterable<string>;
}

export async function inspectSeal(bytes: Uint8Array, options: InspectOptions = {}): Promise<SealInspection> {
  try {
    const trusted = options.trustedCertificates ? new Set([...options.trustedCertificates].map((h) => h.toLowerCase())) : null;
    return await inspect(bytes, trusted);
  } catch (error) {
    if (error instanceof NotSealed) return { sealed: false, reason: error.message };
    return { sealed: false, reason: `the signature cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function inspect(bytes: Uint8Array, trusted: Set<string> | null): Promise<SealInspection> {
  const text = bytesToBinary(bytes);
  const found = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (found.length === 0) fail('the file has no PDF signature');

  // The seal must cover the whole file: [0, start of '<hex>', end of '<hex>', rest of the file].
  const covering = found.find((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    return a === 0 && b > 0 && c > b && c + d === bytes.length && bytes[b] === 0x3c && bytes[c - 1] === 0x3e;
  });
  if (!covering) fail('the signature does not cover the whole file: it was changed or added to after sealing');
  const m = covering as RegExpMatchArray;
  const [, b, c] = m.slice(1, 5).map(Number) as [number, number, number, number];
  const dict = signatureDictionary(text, m.index as number, b);

  // The signature hex, exactly as written: lower-case hex digits, the DER, then zero padding.
  const hex = text.slice(b + 1, c - 1);
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) fail('the signature value is not in the form Vervolg writes (lower-case hex)');
  const contents = hexToBytes(hex);
  const outer = tlv(contents, 0);
  if (outer.end > contents.length) fail('the signature value is truncated');
  for (let i = outer.end; i < contents.length; i++) if (contents[i] !== 0) fail('the signature value has bytes after the CMS');
  const cms = contents.subarray(0, outer.end);

  // ContentInfo → SignedData → SignerInfo, every tag checked. Besides what the signature covers,
  // the parts of the CMS that nothing signs are checked against each other, so that a change
  // there is noticed too.
  const [typeNode, explicit, ...more] = children(cms, expect(outer, SEQ, 'ContentInfo'));
  if (oidAt(cms, typeNode) !== OID.signedData || more.length > 0) fail('the signature is not CMS SignedData');
  const [signedData, ...extra] = children(cms, expect(explicit, 0xa0, 'ContentInfo content'));
  if (extra.length > 0) fail('the ContentInfo has unexpected content');
  const [sdVersion, digestAlgorithms, encapContentInfo, certSet, signerInfos, ...sdRest] = children(cms, expect(signedData, SEQ, 'SignedData'));
  if (integerAt(cms, sdVersion) !== 1) fail('the SignedData version is not 1');
  const encap = children(cms, expect(encapContentInfo, SEQ, 'encapsulated content info'));
  if (encap.length !== 1 || oidAt(cms, encap[0]) !== OID.data) fail('the CMS is not a detached signature over id-data');
  // Vervolg's CMS has certificates and no CRLs: [0] certificates, then the signer infos.
  if (sdRest.length > 0) fail('the SignedData has unexpected fields (CRLs?)');
  const signerList = children(cms, expect(signerInfos, SET, 'signer infos'));
  if (signerList.length !== 1) fail(`the CMS has ${signerList.length} signers, expected one`);
  const si = children(cms, expect(signerList[0], SEQ, 'SignerInfo'));
  const [siVersion, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signatureValue, unsignedAttrs, ...siRest] = si;
  if (integerAt(cms, siVersion) !== 1) fail('the SignerInfo version is not 1');
  expect(signedAttrs, 0xa0, 'signed attributes');
  expect(signatureValue, OCTET_STRING, 'signature value');
  if (unsignedAttrs) expect(unsignedAttrs, 0xa1, 'unsigned attributes');
  if (siRest.length > 0) fail('the SignerInfo has unexpected fields');

  const hash = DIGESTS[algorithmOid(cms, digestAlgorithm)] ?? fail('unsupported digest algorithm');
  const listed = children(cms, expect(digestAlgorithms, SET, 'digest algorithms'));
  if (listed.length !== 1 || !equal(raw(cms, listed[0] as Tlv), raw(cms, digestAlgorithm as Tlv))) fail('the SignedData digest algorithms do not match the signer’s');
  const sigOid = algorithmOid(cms, signatureAlgorithm);
  const sigHash = RSA_SIGNATURES[sigOid];
  if (sigHash === undefined) fail(`unsupported signature algorithm ${sigOid}`);
  if (sigHash !== null && sigHash !== hash) fail('the signature algorithm does not match the digest algorithm');

  // The signing certificate: the one the SignerInfo names by issuer and serial number (exact bytes).
  const certs = children(cms, expect(certSet, 0xa0, 'certificates')).map((node) => parseCertificate(raw(cms, node)));
  const [sidIssuer, sidSerial, ...sidRest] = children(cms, expect(sid, SEQ, 'signer identifier (issuer and serial number)'));
  expect(sidIssuer, SEQ, 'signer issuer');
  expect(sidSerial, INTEGER, 'signer serial number');
  if (sidRest.length > 0) fail('the signer identifier is malformed');
  const signing =
    certs.find((cert) => equal(cert.issuer, raw(cms, sidIssuer as Tlv)) && equal(cert.serial, raw(cms, sidSerial as Tlv))) ??
    fail('the signing certificate is not in the signature');

  // Signed attributes: content type, message digest, signing time, ESS signing certificate.
  const attrsDer = cms.slice((signedAttrs as Tlv).start - (signedAttrs as Tlv).header, (signedAttrs as Tlv).end);
  attrsDer[0] = SET; // [0] IMPLICIT → SET OF, as signed (RFC 5652 §5.4)
  const attrs = readAttributes(cms, signedAttrs as Tlv);
  const contentType = attrs.get(OID.contentType);
  if (!contentType || oidAt(cms, contentType) !== OID.data) fail('the content-type attribute is missing or not id-data');
  const messageDigest = expect(attrs.get(OID.messageDigest), OCTET_STRING, 'message-digest attribute');

  const signedRanges = new Uint8Array(bytes.length - (c - b));
  signedRanges.set(bytes.subarray(0, b), 0);
  signedRanges.set(bytes.subarray(c), b);
  const actual = new Uint8Array(await crypto.subtle.digest(hash, signedRanges));
  if (!equal(actual, contentOf(cms, messageDigest))) fail('the file was changed after sealing (the message digest does not match)');

  const essCert = attrs.get(OID.signingCertificateV2);
  if (essCert && !(await essCertMatches(cms, essCert, signing.der))) fail('the signing-certificate attribute names another certificate');

  const key = (await importRsaKey(signing.spki, hash)) ?? fail('the signing certificate has no RSA public key');
  if (!(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, contentOf(cms, signatureValue as Tlv), attrsDer))) {
    fail('the signature does not verify with the certificate’s public key');
  }

  // The certificates: each link of the included chain verified, up to a self-signed root. When the
  // chain stops before a root, the top certificate's bytes are vouched for by nothing in the file:
  // then only a trusted fingerprint (trustedCertificates) makes the seal count.
  const chain = await verifyChain(signing, certs);
  if (trusted && !trusted.has(sha256Hex(signing.der))) fail('sealed with a certificate that is not one of the trusted seal certificates');
  if (!trusted && chain !== 'complete') fail('the certificate chain in the signature does not end in a root, so the certificates cannot be checked (pass trustedCertificates)');

  const timeNode = attrs.get(OID.signingTime);
  const signingTime = timeNode ? readTime(cms, timeNode) : pdfDate(dict.match(/\/M\s*\(([^)]*)\)/)?.[1]);
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(bytesToBinary(signing.der)));
  const cn = cert.subject.getField('CN')?.value;
  return {
    sealed: true,
    signerCommonName: typeof cn === 'string' ? cn : null,
    signingTime: signingTime?.toISOString() ?? null,
    certificateSha256: sha256Hex(signing.der),
    selfSigned: equal(signing.subject, signing.issuer),
    subFilter: dict.match(/\/SubFilter\s*\/([^\s/<>[\]()]+)/)?.[1] ?? null,
    agreement: await agreementOf(bytes),
  };
}

/**
 * Follows issuer links among the included certificates from the signing one, verifying each
 * signature. 'complete' when it ends in a self-signed root; every included certificate must be on it.
 */
async function verifyChain(signing: Certificate, certs: Certificate[]): Promise<'complete' | 'partial'> {
  const onChain = new Set<Certificate>([signing]);
  let current = signing;
  for (let depth = 0; depth < 8; depth++) {
    const issuer = certs.find((cert) => equal(cert.subject, current.issuer));
    if (!issuer) break;
    if (!(await certificateSignedBy(current, issuer))) fail('a certificate in the signature was altered (its issuer’s signature does not verify)');
    if (issuer === current) {
      if (certs.some((cert) => !onChain.has(cert))) fail('the signature holds certificates outside the signing chain');
      return 'complete';
    }
    onChain.add(issuer);
    current = issuer;
  }
  if (certs.some((cert) => !onChain.has(cert))) fail('the signature holds certificates outside the signing chain');
  return 'partial';
}

interface Certificate {
  der: Bytes;
  tbs: Bytes;
  serial: Bytes;
  issuer: Bytes;
  subject: Bytes;
  spki: Bytes;
  signatureOid: string;
  signature: Bytes;
}

/** The parts of an X.509 certificate, as exact bytes. */
function parseCertificate(der: Bytes): Certificate {
  const [tbs, algorithm, value, ...rest] = children(der, expect(tlv(der, 0), SEQ, 'certificate'));
  expect(value, 0x03, 'certificate signature');
  if (rest.length > 0 || der[(value as Tlv).start] !== 0) fail('a certificate in the signature is malformed');
  const fields = children(der, expect(tbs, SEQ, 'certificate body'));
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, , subject, spki] = fields.slice(offset);
  expect(serial, INTEGER, 'certificate serial number');
  expect(issuer, SEQ, 'certificate issuer');
  expect(subject, SEQ, 'certificate subject');
  expect(spki, SEQ, 'certificate public key');
  return {
    der,
    tbs: raw(der, tbs as Tlv),
    serial: raw(der, serial as Tlv),
    issuer: raw(der, issuer as Tlv),
    subject: raw(der, subject as Tlv),
    spki: raw(der, spki as Tlv),
    signatureOid: algorithmOid(der, algorithm),
    // BIT STRING: the first content byte counts unused bits (0 for signatures).
    signature: der.subarray((value as Tlv).start + 1, (value as Tlv).end),
  };
}

async function certificateSignedBy(cert: Certificate, issuer: Certificate): Promise<boolean> {
  const hash = RSA_SIGNATURES[cert.signatureOid];
  if (!hash) return false;
  const key = await importRsaKey(issuer.spki, hash);
  return !!key && crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, cert.signature, cert.tbs);
}

async function importRsaKey(spki: Bytes, hash: string): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
  } catch {
    return null;
  }
}

/** The text of the signature dictionary around the ByteRange (for /M and /SubFilter). */
function signatureDictionary(text: string, byteRangeAt: number, contentsAt: number): string {
  const start = text.lastIndexOf('<<', byteRangeAt);
  const end = text.indexOf('>>', contentsAt + 1);
  const before = text.slice(Math.max(0, start), byteRangeAt);
  // Everything after the hex up to the dictionary end (signpdf puts /Reason, /M, … after /Contents).
  const hexEnd = text.indexOf('>', contentsAt);
  return before + text.slice(hexEnd + 1, end === -1 ? hexEnd + 2000 : end);
}

async function agreementOf(bytes: Uint8Array): Promise<{ id: string; version: number; contentSha256: string | null } | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    const keywords = doc.getKeywords() ?? '';
    const version = /(?:^|\s)v(\d+)(?:\s|$)/.exec(keywords)?.[1];
    const id = keywords.split(/\s+/)[0];
    if (!id || !version) return null;
    return { id, version: Number(version), contentSha256: /sha256:([0-9a-f]{64})/.exec(keywords)?.[1] ?? null };
  } catch {
    return null;
  }
}

async function essCertMatches(cms: Bytes, attr: Tlv, certDer: Bytes): Promise<boolean> {
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING, … }
  const certs = children(cms, attr)[0];
  const first = certs ? children(cms, certs)[0] : undefined;
  if (!first) return false;
  const parts = children(cms, first);
  let algo: 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined = 'SHA-256';
  let hashNode = parts[0];
  if (hashNode?.tag === 0x30) {
    algo = DIGESTS[oidAt(cms, children(cms, hashNode)[0] as Tlv)];
    hashNode = parts[1];
  }
  if (!algo || !hashNode || hashNode.tag !== 0x04) return false;
  const digest = new Uint8Array(await crypto.subtle.digest(algo, certDer));
  return equal(digest, contentOf(cms, hashNode));
}

function readAttributes(der: Bytes, set: Tlv): Map<string, Tlv> {
  const out = new Map<string, Tlv>();
  for (const attr of children(der, set)) {
    const [type, values, ...rest] = children(der, expect(attr, SEQ, 'signed attribute'));
    if (rest.length > 0) fail('a signed attribute is malformed');
    const oid = oidAt(der, type);
    if (out.has(oid)) fail(`the signed attribute ${oid} appears twice`);
    const first = children(der, expect(values, SET, 'signed attribute values'));
    if (first.length !== 1) fail(`the signed attribute ${oid} must have exactly one value`);
    out.set(oid, first[0] as Tlv);
  }
  return out;
}

function readTime(der: Bytes, node: Tlv): Date | null {
  const value = bytesToBinary(contentOf(der, node));
  if (node.tag === 0x17) return forge.asn1.utcTimeToDate(value);
  if (node.tag === 0x18) return forge.asn1.generalizedTimeToDate(value);
  return null;
}

/** 'D:20260312154107Z' or "D:20260312164107+01'00'" → Date. */
function pdfDate(value: string | undefined): Date | null {
  const m = value && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz = 'Z'] = m;
  const offset = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

// ---- a minimal DER reader: positions of exact bytes, nothing re-encoded ----

interface Tlv {
  tag: number;
  header: number;
  start: number;
  end: number;
}

function tlv(der: Bytes, offset: number): Tlv {
  const tag = der[offset];
  let lengthByte = der[offset + 1];
  if (tag === undefined || lengthByte === undefined) fail('the signature value is truncated');
  if (((tag as number) & 0x1f) === 0x1f) fail('unexpected multi-byte ASN.1 tag');
  let length = 0;
  let header = 2;
  if ((lengthByte as number) < 0x80) length = lengthByte as number;
  else {
    const n = (lengthByte as number) & 0x7f;
    if (n === 0 || n > 4) fail('the signature is not DER (indefinite or oversized length)');
    for (let i = 0; i < n; i++) {
      lengthByte = der[offset + 2 + i];
      if (lengthByte === undefined) fail('the signature value is truncated');
      length = length * 256 + (lengthByte as number);
    }
    header += n;
  }
  const start = offset + header;
  return { tag: tag as number, header, start, end: start + length };
}

function children(der: Bytes, parent: Tlv): Tlv[] {
  if (((parent.tag as number) & 0x20) === 0) fail('expected a constructed ASN.1 value');
  if (parent.end > der.length) fail('the signature value is truncated');
  const out: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = tlv(der, at);
    if (child.end > parent.end) fail('an ASN.1 value overruns its parent');
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The whole encoding of a node (tag, length and value). */
function raw(der: Bytes, node: Tlv): Bytes {
  return der.subarray(node.start - node.header, node.end);
}

function integerAt(der: Bytes, node: Tlv | undefined): number {
  const int = expect(node, INTEGER, 'version');
  if (int.end - int.start > 4) fail('expected a small integer');
  let n = 0;
  for (const byte of contentOf(der, int)) n = n * 256 + byte;
  return n;
}

function contentOf(der: Bytes, node: Tlv): Bytes {
  return der.subarray(node.start, node.end);
}

function oidAt(der: Bytes, node: Tlv | undefined): string {
  return forge.asn1.derToOid(bytesToBinary(contentOf(der, expect(node, OID_TAG, 'object identifier'))));
}

/** AlgorithmIdentifier: an OID with absent or NULL parameters (all that RSA and SHA-2 use). */
function algorithmOid(der: Bytes, node: Tlv | undefined): string {
  const [oid, params, ...rest] = children(der, expect(node, SEQ, 'algorithm identifier'));
  if (rest.length > 0 || (params && (params.tag !== 0x05 || params.end !== params.start))) fail('unexpected algorithm parameters');
  return oidAt(der, oid);
}

function expect(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node) fail(`the signature has no ${what}`);
  if (node.tag !== tag) fail(`the ${what} in the signature has the wrong type`);
  return node;
}

function hexToBytes(hex: string): Bytes {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
