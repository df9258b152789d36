// Checking a sealed PDF without trusting it: find the signature, check that it covers the whole
// file except its own hex, and verify the CMS with PKIjs (message digest of the signed ranges, the
// signature over the signed attributes with the certificate's key, the ESS signing-certificate-v2
// attribute, the certificate chain, and an RFC 3161 timestamp when there is one). PKIjs and asn1js
// read the ASN.1; Web Crypto hashes and verifies (native on Node and Workers).
//
// 'Sealed' means: unchanged since it was signed, by the certificate it carries. Whether that is
// Vervolg's certificate is a separate question: pass `trustedCertificates` (the fingerprints from
// sealerCertificate) — and Vervolg also looks the file's SHA-256 up in its database.
import * as asn1js from 'asn1js';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { sha256Hex } from '../crypto.js';
import { bytesToBinary } from './bytes.js';
import { type Bytes, bytesOf, certificateDer, DIGESTS, equalBytes as equal, nameField, OID, readSigningCertificateV2 } from './pki.js';

export type SealInspection =
  | {
      sealed: true;
      signerCommonName: string | null;
      /** RFC 3339 UTC: the signature dictionary's /M (PAdES), or a signing-time attribute of an older seal. */
      signingTime: string | null;
      /** SHA-256 (hex) of the signing certificate (DER). */
      certificateSha256: string;
      /** A self-signed certificate (the development seal) is trusted by no one but itself. */
      selfSigned: boolean;
      subFilter: string | null;
      /** The CMS names its certificate in an ESS signing-certificate-v2 attribute (PAdES B-B). */
      signingCertificateV2: boolean;
      /** RFC 3339 UTC: the time of a verified RFC 3161 signature timestamp (PAdES B-T), if any. */
      timestampTime: string | null;
      /** From the PDF's metadata as Vervolg writes it (covered by the seal). */
      agreement: { id: string; version: number; contentSha256: string | null; municipalityName: string | null } | null;
    }
  | { sealed: false; reason: string };

// Kept here too for the callers that inspect and fingerprint together; it lives in bytes.ts, which
// the app Worker may import (this file it must not: PKIjs and pdf-lib).
export { sha256OfPdf } from './bytes.js';

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
  const parsed = asn1js.fromBER(contents);
  if (parsed.offset === -1) fail(`the signature value is not ASN.1 (${parsed.result.error})`);
  const cms = contents.subarray(0, parsed.offset);
  for (let i = parsed.offset; i < contents.length; i++) if (contents[i] !== 0) fail('the signature value has bytes after the CMS');
  // DER, as Vervolg writes it: encoding again what was read gives the same bytes. So no byte of
  // the CMS can change without changing what the checks below read.
  if (!equal(bytesOf(parsed.result.toBER(false)), cms)) fail('the signature is not DER-encoded');

  const contentInfo = readAs(() => new pkijs.ContentInfo({ schema: parsed.result }), 'the signature is not a CMS ContentInfo');
  if (contentInfo.contentType !== OID.signedData) fail('the signature is not CMS SignedData');
  const signedData = readAs(() => new pkijs.SignedData({ schema: contentInfo.content }), 'the CMS SignedData cannot be read');
  if (signedData.version !== 1) fail('the SignedData version is not 1');
  if (signedData.encapContentInfo.eContentType !== OID.data || signedData.encapContentInfo.eContent) fail('the CMS is not a detached signature over id-data');
  if (signedData.crls?.length) fail('the SignedData has unexpected fields (CRLs)');
  if (signedData.signerInfos.length !== 1) fail(`the CMS has ${signedData.signerInfos.length} signers, expected one`);
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  if (signerInfo.version !== 1 || !(signerInfo.sid instanceof pkijs.IssuerAndSerialNumber)) fail('the SignerInfo is not version 1 with issuer and serial number');

  const hash = DIGESTS[signerInfo.digestAlgorithm.algorithmId] ?? fail('unsupported digest algorithm');
  // The parts of the CMS that nothing signs are checked against each other.
  const listed = signedData.digestAlgorithms;
  if (listed.length !== 1 || !(listed[0] as pkijs.AlgorithmIdentifier).isEqual(signerInfo.digestAlgorithm)) fail('the SignedData digest algorithms do not match the signer’s');

  const certs = (signedData.certificates ?? []).map((cert) => (cert instanceof pkijs.Certificate ? cert : fail('the signature holds something other than X.509 certificates')));
  const sid = signerInfo.sid;
  const signing = certs.find((cert) => cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber)) ?? fail('the signing certificate is not in the signature');
  const signingDer = certificateDer(signing);

  // Signed attributes: content type, message digest, ESS signing certificate (v2); each once.
  const attrs = new Map<string, unknown>();
  for (const attribute of signerInfo.signedAttrs?.attributes ?? fail('the signature has no signed attributes')) {
    if (attrs.has(attribute.type)) fail(`the signed attribute ${attribute.type} appears twice`);
    if (attribute.values.length !== 1) fail(`the signed attribute ${attribute.type} must have exactly one value`);
    attrs.set(attribute.type, attribute.values[0]);
  }
  const contentType = attrs.get(OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.data) fail('the content-type attribute is missing or not id-data');
  const messageDigest = attrs.get(OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) fail('the signature has no message-digest attribute');

  const signedRanges = new Uint8Array(bytes.length - (c - b));
  signedRanges.set(bytes.subarray(0, b), 0);
  signedRanges.set(bytes.subarray(c), b);
  const actual = bytesOf(await crypto.subtle.digest(hash, signedRanges));
  if (!equal(actual, bytesOf((messageDigest as asn1js.OctetString).valueBlock.valueHexView))) fail('the file was changed after sealing (the message digest does not match)');

  const essValue = attrs.get(OID.signingCertificateV2);
  if (essValue !== undefined) {
    const ess = readSigningCertificateV2(essValue) ?? fail('the signing-certificate-v2 attribute cannot be read');
    const certHash = bytesOf(await crypto.subtle.digest(ess.hash, signingDer));
    if (!equal(certHash, ess.certHash)) fail('the signing-certificate attribute names another certificate');
    if (ess.serial && !equal(ess.serial, bytesOf(signing.serialNumber.valueBlock.valueHexView))) fail('the signing-certificate attribute names another serial number');
  }

  // The signature over the signed attributes, with the signing certificate's key (PKIjs).
  const verified = await signedData
    .verify({ signer: 0, data: signedRanges.buffer, extendedMode: true, checkChain: false })
    .catch((error: unknown) => ({ signatureVerified: false, message: error instanceof Error ? error.message : String(error) }));
  if (verified.signatureVerified !== true) fail('the signature does not verify with the certificate’s public key');

  // Unsigned attributes: only an RFC 3161 signature timestamp, and it must verify.
  let timestampTime: Date | null = null;
  for (const attribute of signerInfo.unsignedAttrs?.attributes ?? []) {
    if (attribute.type !== OID.timeStampToken || attribute.values.length !== 1 || timestampTime) fail(`the signature has an unexpected unsigned attribute ${attribute.type}`);
    timestampTime = await verifyTimestamp(attribute.values[0], bytesOf(signerInfo.signature.valueBlock.valueHexView));
  }

  // The certificates: each link of the included chain verified, up to a self-signed root. When the
  // chain stops before a root, the top certificate's bytes are vouched for by nothing in the file:
  // then only a trusted fingerprint (trustedCertificates) makes the seal count.
  const chain = await verifyChain(signing, certs);
  const fingerprint = sha256Hex(signingDer);
  if (trusted && !trusted.has(fingerprint)) fail('sealed with a certificate that is not one of the trusted seal certificates');
  if (!trusted && chain !== 'complete') fail('the certificate chain in the signature does not end in a root, so the certificates cannot be checked (pass trustedCertificates)');

  // PAdES: the claimed signing time is /M. Seals made before PAdES B-B carried a signing-time attribute.
  const timeValue = attrs.get(OID.signingTime);
  const signingTime = timeValue instanceof asn1js.UTCTime || timeValue instanceof asn1js.GeneralizedTime ? timeValue.toDate() : pdfDate(dict.match(/\/M\s*\(([^)]*)\)/)?.[1]);
  return {
    sealed: true,
    signerCommonName: nameField(signing.subject, OID.commonName),
    signingTime: signingTime?.toISOString() ?? null,
    certificateSha256: fingerprint,
    selfSigned: signing.subject.isEqual(signing.issuer),
    subFilter: dict.match(/\/SubFilter\s*\/([^\s/<>[\]()]+)/)?.[1] ?? null,
    signingCertificateV2: essValue !== undefined,
    timestampTime: timestampTime?.toISOString() ?? null,
    agreement: await agreementOf(bytes),
  };
}

function readAs<T>(read: () => T, reason: string): T {
  try {
    return read();
  } catch (error) {
    fail(`${reason} (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * An RFC 3161 token over the signature value: its own CMS signature verifies, and its message
 * imprint is the hash of our signature. Returns the time the authority vouches for. (Whether that
 * authority is trusted is for the reader's validator, as with any TSA.)
 */
async function verifyTimestamp(value: unknown, signature: Bytes): Promise<Date> {
  const token = readAs(() => new pkijs.ContentInfo({ schema: value as asn1js.Sequence }), 'the timestamp token is not CMS');
  if (token.contentType !== OID.signedData) fail('the timestamp token is not CMS SignedData');
  const signed = readAs(() => new pkijs.SignedData({ schema: token.content }), 'the timestamp token cannot be read');
  if (signed.encapContentInfo.eContentType !== OID.tstInfo) fail('the timestamp token holds no TSTInfo');
  const result = await signed
    .verify({ signer: 0, data: signature.buffer, extendedMode: true, checkChain: false })
    .catch((error: unknown) => ({ signatureVerified: false, date: undefined, message: error instanceof Error ? error.message : String(error) }));
  if (result.signatureVerified !== true || !result.date) fail('the timestamp does not verify (or is not over this signature)');
  return result.date;
}

/**
 * Follows issuer links among the included certificates from the signing one, verifying each
 * signature. 'complete' when it ends in a self-signed root; every included certificate must be on it.
 */
async function verifyChain(signing: pkijs.Certificate, certs: pkijs.Certificate[]): Promise<'complete' | 'partial'> {
  const onChain = new Set<pkijs.Certificate>([signing]);
  let current = signing;
  for (let depth = 0; depth < 8; depth++) {
    const issuer = certs.find((cert) => cert.subject.isEqual(current.issuer));
    if (!issuer) break;
    const ok = await current.verify(issuer).catch(() => false);
    if (!ok) fail('a certificate in the signature was altered (its issuer’s signature does not verify)');
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

/** The text of the signature dictionary around the ByteRange (for /M and /SubFilter). */
function signatureDictionary(text: string, byteRangeAt: number, contentsAt: number): string {
  const start = text.lastIndexOf('<<', byteRangeAt);
  const end = text.indexOf('>>', contentsAt + 1);
  const before = text.slice(Math.max(0, start), byteRangeAt);
  // Everything after the hex up to the dictionary end (signpdf puts /Reason, /M, … after /Contents).
  const hexEnd = text.indexOf('>', contentsAt);
  return before + text.slice(hexEnd + 1, end === -1 ? hexEnd + 2000 : end);
}

async function agreementOf(bytes: Uint8Array): Promise<{ id: string; version: number; contentSha256: string | null; municipalityName: string | null } | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    const keywords = doc.getKeywords() ?? '';
    const version = /(?:^|\s)v(\d+)(?:\s|$)/.exec(keywords)?.[1];
    const id = keywords.split(/\s+/)[0];
    if (!id || !version) return null;
    // The creator reads 'Vervolg · <municipality>' (document.ts).
    const municipalityName = /^Vervolg · (.+)$/.exec(doc.getCreator() ?? '')?.[1]?.trim() || null;
    return { id, version: Number(version), contentSha256: /sha256:([0-9a-f]{64})/.exec(keywords)?.[1] ?? null, municipalityName };
  } catch {
    return null;
  }
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

function hexToBytes(hex: string): Bytes {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
