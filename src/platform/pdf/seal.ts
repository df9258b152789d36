// The PAdES seal: Vervolg signs the finished PDF with its own certificate, so that anyone can see
// the file was produced by Vervolg and has not changed since. @signpdf does the PDF plumbing
// (placeholder through pdf-lib, ByteRange, CMS with P12Signer on node-forge). Runtime-neutral:
// no fs here (see dev-seal-node.ts); @signpdf uses the Buffer global (Node, and Workers with
// nodejs_compat).
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { randomToken, sha256Hex } from '../crypto.js';
import { base64ToBytes, binaryToBytes, bytesToBinary } from './bytes.js';
import { type PdfBytes, SAVE_OPTIONS } from './document.js';

/** A PKCS#12 (.p12/.pfx) with the seal's private key and certificate (chain), and its passphrase. */
export interface Sealer {
  p12: Uint8Array;
  passphrase: string;
}

export interface SealOptions {
  /** The signing time in the signature (and its /M entry); defaults to now. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
}

export interface SealerCertificate {
  commonName: string | null;
  organization: string | null;
  /** SHA-256 (hex) of the DER certificate: compare with `inspectSeal(...).certificateSha256`. */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  selfSigned: boolean;
}

export const DEVELOPMENT_SEAL_COMMON_NAME = 'Vervolg development seal';
export const SEAL_REASON = 'Verzegeld door Vervolg';

/**
 * The PAdES subfilter (SUBFILTER_ETSI_CADES_DETACHED in @signpdf/utils 3.3). Known gap: the CMS is
 * P12Signer's, which carries a signing-time attribute and no ESS signing-certificate-v2 attribute,
 * where PAdES baseline B-B (ETSI EN 319 142-1) wants the opposite; strict validators (EU DSS) will
 * say so. Closing it takes a Signer of our own that builds the CMS with that attribute.
 */
const SUBFILTER = 'ETSI.CAdES.detached';
const MIN_SIGNATURE_LENGTH = 8192;
const KEY_BAG = forge.pki.oids.pkcs8ShroudedKeyBag as string;
const CERT_BAG = forge.pki.oids.certBag as string;

/** Seal a finished PDF. Returns a new PDF (a full rewrite with the signature; the input is not changed). */
export async function sealPdf(pdf: Uint8Array, sealer: Sealer, options: SealOptions = {}): Promise<PdfBytes> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  return sealDocument(doc, sealer, options);
}

/** Seal a pdf-lib document that has not been saved yet (saves a parse of the rendered bytes). */
export async function sealDocument(doc: PDFDocument, sealer: Sealer, options: SealOptions = {}): Promise<PdfBytes> {
  const signingTime = options.signingTime ?? new Date();
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: options.reason ?? SEAL_REASON,
    location: options.location ?? 'Nederland',
    contactInfo: options.contactInfo ?? 'Vervolg',
    name: 'Vervolg',
    appName: 'Vervolg',
    signingTime,
    subFilter: SUBFILTER,
    // Hex digits reserved for the CMS (half as many bytes): the P12's certificates, the signature
    // and its attributes fit with room to spare.
    signatureLength: Math.max(MIN_SIGNATURE_LENGTH, 2 * (sealer.p12.byteLength + 2048)),
  });
  const withPlaceholder = await doc.save(SAVE_OPTIONS);
  const fast = preparedSealer(sealer);
  const signer = new P12Signer(fast.p12, { passphrase: fast.passphrase });
  const signed = await new SignPdf().sign(withPlaceholder, signer, signingTime);
  // A copy on its own ArrayBuffer: a Buffer may be a view into a shared pool.
  return new Uint8Array(signed);
}

/**
 * P12Signer opens the P12 on every signature, and opening one costs its key derivation: PBKDF2
 * with 2048+ iterations in pure JavaScript, some 20–30 ms. So each sealer is opened once, and
 * re-packed in memory with one iteration and a random passphrase for P12Signer to open cheaply.
 * The re-packed copy never leaves the process; it protects nothing the original in memory doesn't.
 */
const prepared = new Map<string, Sealer>();

function preparedSealer(sealer: Sealer, opened?: OpenedP12): Sealer {
  const key = `${sha256Hex(sealer.p12)}:${sha256Hex(sealer.passphrase)}`;
  let fast = prepared.get(key);
  if (!fast) {
    const { key: privateKey, certificates } = opened ?? openP12(sealer, 'the seal P12');
    const passphrase = randomToken(16);
    const p12Asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, certificates, passphrase, { algorithm: 'aes256', count: 1, useMac: false });
    fast = { p12: binaryToBytes(forge.asn1.toDer(p12Asn1).getBytes()), passphrase };
    if (prepared.size >= 8) prepared.clear();
    prepared.set(key, fast);
  }
  return fast;
}

/**
 * The production seal from the two secrets SEAL_P12_BASE64 and SEAL_P12_PASSPHRASE. Opens the
 * P12 once to fail early with a message that says what is wrong (at start-up, not at the first signing).
 */
export function loadSealer(p12Base64: string, passphrase: string): Sealer {
  let p12: Uint8Array;
  try {
    p12 = base64ToBytes(p12Base64);
  } catch {
    throw new Error('SEAL_P12_BASE64 is not valid base64 (expected the .p12/.pfx file, base64-encoded on one line).');
  }
  if (p12.byteLength === 0) throw new Error('SEAL_P12_BASE64 is empty.');
  const sealer = { p12, passphrase };
  const opened = openP12(sealer, 'SEAL_P12_BASE64', 'SEAL_P12_PASSPHRASE');
  const cert = describeCertificate(opened.certificate);
  if (cert.notAfter.getTime() < Date.now()) {
    throw new Error(`The seal certificate in SEAL_P12_BASE64 (${cert.commonName ?? 'no CN'}) expired on ${cert.notAfter.toISOString()}.`);
  }
  preparedSealer(sealer, opened);
  return sealer;
}

/** The certificate that matches the P12's private key; throws a clear error when the P12 is not usable. */
export function sealerCertificate(sealer: Sealer, name = 'the P12'): SealerCertificate {
  return describeCertificate(openP12(sealer, name).certificate);
}

interface OpenedP12 {
  key: forge.pki.rsa.PrivateKey;
  /** The certificate of the key. */
  certificate: forge.pki.Certificate;
  /** All certificates in the P12 (the chain). */
  certificates: forge.pki.Certificate[];
}

function openP12(sealer: Sealer, name: string, passphraseName = 'the passphrase'): OpenedP12 {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(bytesToBinary(sealer.p12));
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, sealer.passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/mac|password|decrypt|invalid/i.test(message)) {
      throw new Error(`Cannot open ${name} with ${passphraseName}: ${message}`);
    }
    throw new Error(`${name} is not a readable PKCS#12 file: ${message}`);
  }
  const keyBags = pfx.getBags({ bagType: KEY_BAG })[KEY_BAG] ?? [];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error(`${name} holds no (RSA) private key in a shrouded key bag.`);
  const certificates = (pfx.getBags({ bagType: CERT_BAG })[CERT_BAG] ?? []).map((bag) => bag.cert).filter((c): c is forge.pki.Certificate => !!c);
  const certificate = certificates.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey | undefined;
    return !!pub?.n && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!certificate) throw new Error(`${name} holds no certificate for its private key.`);
  return { key, certificate, certificates };
}

export function describeCertificate(cert: forge.pki.Certificate): SealerCertificate {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const field = (attrs: forge.pki.Certificate['subject'], name: string) => {
    const value = attrs.getField(name)?.value;
    return typeof value === 'string' ? value : null;
  };
  return {
    commonName: field(cert.subject, 'CN'),
    organization: field(cert.subject, 'O'),
    sha256: forge.md.sha256.create().update(der).digest().toHex(),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    selfSigned: cert.isIssuer(cert),
  };
}

export interface DevelopmentSealerOptions {
  passphrase?: string;
  /**
   * How to make the RSA-2048 key: 'webcrypto' (default; native on Node and Workers, milliseconds)
   * or 'forge' (node-forge; on Node it uses node:crypto, elsewhere pure JavaScript: seconds).
   */
  keyGeneration?: 'webcrypto' | 'forge';
  now?: Date;
}

/**
 * A self-signed seal for development and tests: RSA-2048, SHA-256, CN 'Vervolg development seal',
 * valid for one year. Trusted by nobody — never use it in production.
 */
export async function createDevelopmentSealer(options: DevelopmentSealerOptions = {}): Promise<Sealer> {
  const passphrase = options.passphrase ?? randomToken(20);
  const { privateKey, publicKey } = options.keyGeneration === 'forge' ? await forgeKeyPair() : await webCryptoKeyPair();
  const now = options.now ?? new Date();

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: 16 random bytes with the top bit cleared.
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(16)).slice(1)}`;
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: DEVELOPMENT_SEAL_COMMON_NAME },
    { name: 'organizationName', value: 'Vervolg (development)' },
    { name: 'countryName', value: 'NL' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());

  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert], passphrase, {
    algorithm: 'aes256',
    friendlyName: DEVELOPMENT_SEAL_COMMON_NAME,
  });
  return { p12: binaryToBytes(forge.asn1.toDer(p12Asn1).getBytes()), passphrase };
}

async function webCryptoKeyPair(): Promise<{ privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey }> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bytesToBinary(pkcs8))) as forge.pki.rsa.PrivateKey;
  return { privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

function forgeKeyPair(): Promise<{ privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey }> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }, (error, pair) => (error ? reject(error) : resolve(pair)));
  });
}
