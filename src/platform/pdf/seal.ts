// The PAdES seal: Vervolg signs the finished PDF with its own certificate, so that anyone can see
// the file was produced by Vervolg and has not changed since. @signpdf does the PDF plumbing
// (placeholder through pdf-lib, ByteRange, the hex in /Contents); the CMS is ours, built with PKIjs
// on Web Crypto (native RSA on Node and in workerd, a few milliseconds; node-forge's JavaScript
// RSA took some 50 ms a document).
//
// PAdES baseline B-B (ETSI EN 319 142-1 §6.3, EN 319 122-1 §5): SubFilter ETSI.CAdES.detached;
// signed attributes content-type, message-digest and ESS signing-certificate-v2 (RFC 5035); NO
// signing-time attribute — the time is the signature dictionary's /M. Optionally an RFC 3161
// signature timestamp as unsigned attribute (tsa.ts, withTimestamp) when TSA_URL is configured (B-T).
// Runtime-neutral: no fs here (see dev-seal-node.ts); @signpdf uses the Buffer global (Node, and
// Workers with nodejs_compat).
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { randomToken } from '../crypto.js';
import { base64ToBytes } from './bytes.js';
import { type PdfBytes, savePdf } from './document.js';
import { type Bytes, type CertificateInfo, bytesOf, certificateDer, describe, OID, signingCertificateV2 } from './pki.js';

/**
 * An opened seal: the private key (a non-extractable Web Crypto key) and its certificate (chain),
 * with the PKCS#12 it came from (to store it, or hand it on).
 */
export interface Sealer {
  readonly p12: Uint8Array;
  readonly passphrase: string;
  readonly privateKey: CryptoKey;
  readonly certificate: pkijs.Certificate;
  /** The other certificates in the P12 (the chain up to the CA), included in every signature. */
  readonly chain: readonly pkijs.Certificate[];
  readonly info: SealerCertificate;
  /** The ESS signing-certificate-v2 attribute value, made once. */
  readonly essSigningCertificate: asn1js.Sequence;
  /** Asks a timestamp authority for an RFC 3161 token over the signature (B-T), when configured. */
  readonly timestamp?: (signature: Bytes) => Promise<Bytes>;
}

export interface SealOptions {
  /** The signing time (the signature dictionary's /M); defaults to now. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
}

export type SealerCertificate = CertificateInfo;

export const DEVELOPMENT_SEAL_COMMON_NAME = 'Vervolg development seal';
export const SEAL_REASON = 'Verzegeld door Vervolg';

const SUBFILTER = 'ETSI.CAdES.detached';
const MIN_SIGNATURE_LENGTH = 8192;
/** Room for an RFC 3161 token (the TSA's certificate chain is in it), in bytes. */
const TIMESTAMP_ROOM = 8192;

/** Seal a finished PDF. Returns a new PDF (a full rewrite with the signature; the input is not changed). */
export async function sealPdf(pdf: Uint8Array, sealer: Sealer, options: SealOptions = {}): Promise<PdfBytes> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  return sealDocument(doc, sealer, options);
}

/** Seal a pdf-lib document that has not been saved yet (saves a parse of the rendered bytes). */
export async function sealDocument(doc: PDFDocument, sealer: Sealer, options: SealOptions = {}): Promise<PdfBytes> {
  const signingTime = options.signingTime ?? new Date();
  const certificatesLength = [sealer.certificate, ...sealer.chain].reduce((sum, cert) => sum + certificateDer(cert).byteLength, 0);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: options.reason ?? SEAL_REASON,
    location: options.location ?? 'Nederland',
    contactInfo: options.contactInfo ?? 'Vervolg',
    name: 'Vervolg',
    appName: 'Vervolg',
    // The /M entry: PAdES puts the claimed signing time here, not in the CMS.
    signingTime,
    subFilter: SUBFILTER,
    // Hex digits reserved for the CMS (half as many bytes): the certificates, the signature and
    // its attributes fit with room to spare (and a timestamp token when there is a TSA).
    signatureLength: Math.max(MIN_SIGNATURE_LENGTH, 2 * (certificatesLength + 2048 + (sealer.timestamp ? TIMESTAMP_ROOM : 0))),
  });
  const withPlaceholder = await savePdf(doc);
  const signed = await new SignPdf().sign(withPlaceholder, new CadesSigner(sealer));
  // A copy on its own ArrayBuffer: a Buffer may be a view into a shared pool.
  return new Uint8Array(signed);
}

/** The CMS for @signpdf: a detached CAdES signature over the bytes the ByteRange covers. */
class CadesSigner extends Signer {
  constructor(private readonly sealer: Sealer) {
    super();
  }

  override async sign(signedBytes: Buffer): Promise<Buffer> {
    return Buffer.from(await cadesSignature(this.sealer, bytesOf(signedBytes)));
  }
}

/** A detached CMS SignedData (RFC 5652) with the PAdES B-B signed attributes, DER-encoded. */
export async function cadesSignature(sealer: Sealer, content: Bytes): Promise<Bytes> {
  const digest = await crypto.subtle.digest('SHA-256', content);
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [sealer.essSigningCertificate] }),
  ];
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: sealer.certificate.issuer, serialNumber: sealer.certificate.serialNumber }),
        // DER sorts a SET OF by encoding; PKIjs writes the order it is given.
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sortedByEncoding(attributes) }),
      }),
    ],
    certificates: [sealer.certificate, ...sealer.chain],
  });
  await signedData.sign(sealer.privateKey, 0, 'SHA-256');
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  // RFC 4055 §5: sha256WithRSAEncryption carries NULL parameters (PKIjs leaves them out). The
  // signature algorithm is outside what is signed, so it may be set after signing.
  if (signerInfo.signatureAlgorithm.algorithmId === SHA256_WITH_RSA) signerInfo.signatureAlgorithm = rsaSha256();
  if (sealer.timestamp) {
    // RFC 3161 appendix A: the token's imprint is the hash of the signature value.
    const token = await sealer.timestamp(bytesOf(signerInfo.signature.valueBlock.valueHexView));
    const parsed = asn1js.fromBER(token);
    if (parsed.offset === -1) throw new Error('The timestamp authority answered with a token that is not ASN.1.');
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.timeStampToken, values: [parsed.result] })],
    });
  }
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return bytesOf(contentInfo.toSchema().toBER(false));
}

function sortedByEncoding(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: new Uint8Array(attribute.toSchema().toBER(false)) }));
  encoded.sort((a, b) => {
    for (let i = 0; i < Math.min(a.der.length, b.der.length); i++) if (a.der[i] !== b.der[i]) return (a.der[i] as number) - (b.der[i] as number);
    return a.der.length - b.der.length;
  });
  return encoded.map((e) => e.attribute);
}

/**
 * The production seal from the two secrets SEAL_P12_BASE64 and SEAL_P12_PASSPHRASE. Opens the
 * P12 at once to fail early with a message that says what is wrong (at start-up, not at the first
 * signing), and refuses an expired certificate.
 */
export async function loadSealer(p12Base64: string, passphrase: string, options: { now?: Date } = {}): Promise<Sealer> {
  let p12: Uint8Array;
  try {
    p12 = base64ToBytes(p12Base64);
  } catch {
    throw new Error('SEAL_P12_BASE64 is not valid base64 (expected the .p12/.pfx file, base64-encoded on one line).');
  }
  if (p12.byteLength === 0) throw new Error('SEAL_P12_BASE64 is empty.');
  const sealer = await openSealer(p12, passphrase, { name: 'SEAL_P12_BASE64', passphraseName: 'SEAL_P12_PASSPHRASE' });
  if (sealer.info.notAfter.getTime() < (options.now ?? new Date()).getTime()) {
    throw new Error(`The seal certificate in SEAL_P12_BASE64 (${sealer.info.commonName ?? 'no CN'}) expired on ${sealer.info.notAfter.toISOString()}.`);
  }
  return sealer;
}

/** The certificate of an opened seal. */
export function sealerCertificate(sealer: Sealer): SealerCertificate {
  return sealer.info;
}

/** A copy of the seal that asks a timestamp authority for an RFC 3161 token with each signature. */
export function withTimestamp(sealer: Sealer, timestamp: (signature: Bytes) => Promise<Bytes>): Sealer {
  return { ...sealer, timestamp };
}

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
} as const;
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const rsaSha256 = () => new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_WITH_RSA, algorithmParams: new asn1js.Null() });
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const CURVES: Record<string, 'P-256' | 'P-384' | 'P-521'> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/**
 * Opens a PKCS#12 with PKIjs: checks its MAC, decrypts the key and certificate bags (PBES2, the
 * encryption OpenSSL 3 and current Windows write), imports the key into Web Crypto and finds the
 * certificate that belongs to it. The legacy PKCS#12 ciphers (RC2, 3DES: OpenSSL 1.x's default)
 * are not in PKIjs, and not worth a second library for a file we make ourselves: the error says
 * how to convert one.
 */
export async function openSealer(p12: Uint8Array, passphrase: string, names: { name?: string; passphraseName?: string } = {}): Promise<Sealer> {
  const name = names.name ?? 'the P12';
  const passphraseName = names.passphraseName ?? 'the passphrase';
  const password = bytesOf(new TextEncoder().encode(passphrase));
  const parsed = asn1js.fromBER(bytesOf(p12));
  let pfx: pkijs.PFX;
  try {
    if (parsed.offset === -1) throw new Error(parsed.result.error || 'not ASN.1');
    pfx = new pkijs.PFX({ schema: parsed.result });
  } catch (error) {
    throw new Error(`${name} is not a readable PKCS#12 file: ${messageOf(error)}`);
  }
  try {
    await pfx.parseInternalValues({ password: password.buffer, checkIntegrity: true });
  } catch (error) {
    throw new Error(`Cannot open ${name} with ${passphraseName}: ${messageOf(error)}`);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error(`${name} is not a readable PKCS#12 file: no authenticated safe.`);
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: password.buffer })) });
  } catch (error) {
    throw new Error(`Cannot decrypt ${name} (${messageOf(error)}). ${LEGACY_HINT}`);
  }

  const certificates: pkijs.Certificate[] = [];
  let keyInfo: pkijs.PrivateKeyInfo | undefined;
  for (const content of safe.parsedValue?.safeContents ?? []) {
    for (const bag of content.value.safeBags) {
      if (bag.bagId === BAG.cert) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId === X509_CERTIFICATE && certBag.parsedValue instanceof pkijs.Certificate) certificates.push(certBag.parsedValue);
      } else if (bag.bagId === BAG.shroudedKey && !keyInfo) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        try {
          // Public in PKIjs' JavaScript, marked protected in its types.
          await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: password.buffer });
        } catch (error) {
          throw new Error(`Cannot decrypt the private key in ${name} (${messageOf(error)}). ${LEGACY_HINT}`);
        }
        keyInfo = shrouded.parsedValue;
      } else if (bag.bagId === BAG.key && !keyInfo) {
        keyInfo = bag.bagValue as pkijs.PrivateKeyInfo;
      }
    }
  }
  if (!keyInfo) throw new Error(`${name} holds no private key.`);
  const privateKey = await importPrivateKey(keyInfo, name);
  const certificate = await certificateOf(privateKey, certificates);
  if (!certificate) throw new Error(`${name} holds no certificate for its private key.`);
  return {
    p12,
    passphrase,
    privateKey,
    certificate,
    chain: certificates.filter((c) => c !== certificate),
    info: describe(certificate),
    essSigningCertificate: await signingCertificateV2(certificate),
  };
}

const LEGACY_HINT =
  'Vervolg reads PKCS#12 files with PBES2/AES encryption; convert an older (RC2/3DES) file with ' +
  '`openssl pkcs12 -in old.p12 -legacy -nodes | openssl pkcs12 -export -out new.p12` (OpenSSL 3).';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type SigningAlgorithm = RsaHashedImportParams | EcKeyImportParams;

function algorithmOf(keyInfo: pkijs.PrivateKeyInfo | pkijs.PublicKeyInfo, name: string): SigningAlgorithm {
  const algorithm = keyInfo instanceof pkijs.PrivateKeyInfo ? keyInfo.privateKeyAlgorithm : keyInfo.algorithm;
  if (algorithm.algorithmId === RSA_ENCRYPTION) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (algorithm.algorithmId === EC_PUBLIC_KEY) {
    const params = algorithm.algorithmParams;
    const curve = params instanceof asn1js.ObjectIdentifier ? CURVES[params.valueBlock.toString()] : undefined;
    if (curve) return { name: 'ECDSA', namedCurve: curve };
  }
  throw new Error(`${name}: the key is neither RSA nor ECDSA on a NIST curve (${algorithm.algorithmId}).`);
}

async function importPrivateKey(keyInfo: pkijs.PrivateKeyInfo, name: string): Promise<CryptoKey> {
  const algorithm = algorithmOf(keyInfo, name);
  try {
    return await crypto.subtle.importKey('pkcs8', keyInfo.toSchema().toBER(false), algorithm, false, ['sign']);
  } catch (error) {
    throw new Error(`${name}: the private key cannot be used (${messageOf(error)}).`);
  }
}

/** The certificate whose public key verifies a probe signed with the private key. */
async function certificateOf(privateKey: CryptoKey, certificates: pkijs.Certificate[]): Promise<pkijs.Certificate | undefined> {
  const probe = new TextEncoder().encode('vervolg seal probe');
  const params = privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : privateKey.algorithm;
  const signature = await crypto.subtle.sign(params, privateKey, probe);
  for (const cert of certificates) {
    try {
      const algorithm = algorithmOf(cert.subjectPublicKeyInfo, 'certificate');
      const publicKey = await crypto.subtle.importKey('spki', cert.subjectPublicKeyInfo.toSchema().toBER(false), algorithm, false, ['verify']);
      if (await crypto.subtle.verify(params, publicKey, signature, probe)) return cert;
    } catch {
      // Another kind of key: not this one.
    }
  }
  return undefined;
}

export interface DevelopmentSealerOptions {
  passphrase?: string;
  now?: Date;
}

/**
 * A self-signed seal for development and tests: RSA-2048 (Web Crypto), SHA-256, CN 'Vervolg
 * development seal', valid for one year, packed as a PKCS#12 (PBES2 AES-256, SHA-256 MAC) like the
 * production secret. Trusted by nobody — never use it in production.
 */
export async function createDevelopmentSealer(options: DevelopmentSealerOptions = {}): Promise<Sealer> {
  const passphrase = options.passphrase ?? randomToken(20);
  return openSealer(await createDevelopmentP12(passphrase, options.now ?? new Date()), passphrase, { name: 'the development seal' });
}

async function createDevelopmentP12(passphrase: string, now: Date): Promise<Bytes> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;

  const cert = new pkijs.Certificate();
  cert.version = 2;
  // A positive serial: 16 random bytes with the top bit cleared.
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
  // One attribute per RDN (C, O, CN), as CAs write names; PKIjs would put them in one set.
  const name = new asn1js.Sequence({
    value: [
      new pkijs.AttributeTypeAndValue({ type: OID.country, value: new asn1js.PrintableString({ value: 'NL' }) }),
      new pkijs.AttributeTypeAndValue({ type: OID.organization, value: new asn1js.Utf8String({ value: 'Vervolg (development)' }) }),
      new pkijs.AttributeTypeAndValue({ type: OID.commonName, value: new asn1js.Utf8String({ value: DEVELOPMENT_SEAL_COMMON_NAME }) }),
    ].map((attribute) => new asn1js.Set({ value: [attribute.toSchema()] })),
  }).toBER(false);
  cert.subject = pkijs.RelativeDistinguishedNames.fromBER(name);
  cert.issuer = pkijs.RelativeDistinguishedNames.fromBER(name);
  cert.notBefore.value = new Date(now.getTime() - 5 * 60_000);
  cert.notAfter.value = new Date(now.getTime() + 365 * 24 * 3600_000);
  await cert.subjectPublicKeyInfo.importKey(pair.publicKey);
  const keyId = await crypto.subtle.digest('SHA-1', bytesOf(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView));
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    // keyUsage: digitalSignature and nonRepudiation (contentCommitment), what a seal signs with.
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 }).toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.14', critical: false, extnValue: new asn1js.OctetString({ valueHex: keyId }).toBER(false) }),
  ];
  // Signed by hand rather than with cert.sign, which leaves out the NULL parameters RFC 4055 §5 asks for.
  cert.signature = rsaSha256();
  cert.signatureAlgorithm = rsaSha256();
  const tbs = bytesOf(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: await crypto.subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, tbs) });

  const password = bytesOf(new TextEncoder().encode(passphrase)).buffer;
  const encryption = { password, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm, hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 };
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo });
  await keyBag.makeInternalValues(encryption);
  const localKeyId = new pkijs.Attribute({ type: '1.2.840.113549.1.9.21', values: [new asn1js.OctetString({ valueHex: keyId })] });
  const friendlyName = new pkijs.Attribute({ type: '1.2.840.113549.1.9.20', values: [new asn1js.BmpString({ value: DEVELOPMENT_SEAL_COMMON_NAME })] });
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: BAG.shroudedKey, bagValue: keyBag, bagAttributes: [localKeyId, friendlyName] })] }) },
            {
              privacyMode: 1,
              value: new pkijs.SafeContents({
                safeBags: [new pkijs.SafeBag({ bagId: BAG.cert, bagValue: new pkijs.CertBag({ parsedValue: cert }), bagAttributes: [localKeyId, friendlyName] })],
              }),
            },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue?.authenticatedSafe?.makeInternalValues({ safeContents: [{}, encryption] });
  await pfx.makeInternalValues({ password, iterations: 2048, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' });
  return bytesOf(pfx.toSchema().toBER(false));
}
