// What the seal (seal.ts) and its check (verify.ts) share: object identifiers, and the ESS
// signing-certificate-v2 attribute (RFC 5035) that PAdES baseline B-B requires. The ASN.1 and CMS
// work itself is done by PKIjs and asn1js (maintained, Web Crypto underneath: native RSA on Node
// and in workerd), not by hand.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256Hex } from '../crypto.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** id-aa-signingCertificateV2 (RFC 5035). */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** id-aa-timeStampToken (RFC 3161 appendix A): an unsigned attribute. */
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** id-ct-TSTInfo: the content of an RFC 3161 token. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
} as const;

/** Bytes on a plain ArrayBuffer (what Web Crypto and asn1js accept). */
export type Bytes = Uint8Array<ArrayBuffer>;

export function bytesOf(buffer: ArrayBuffer | ArrayBufferView): Bytes {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}

/** DER of certificates already encoded: PKIjs re-parses and re-encodes a certificate every time. */
const encoded = new WeakMap<pkijs.Certificate, Bytes>();

/** The certificate's DER encoding (remembered: certificates are not changed once made or read). */
export function certificateDer(cert: pkijs.Certificate): Bytes {
  let der = encoded.get(cert);
  if (!der) {
    der = bytesOf(cert.toSchema().toBER(false));
    encoded.set(cert, der);
  }
  return der;
}

export interface CertificateInfo {
  commonName: string | null;
  organization: string | null;
  /** SHA-256 (hex) of the DER certificate: compare with `inspectSeal(...).certificateSha256`. */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  selfSigned: boolean;
}

export function nameField(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const value = name.typesAndValues.find((tv) => tv.type === oid)?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof value?.valueBlock?.value === 'string' ? value.valueBlock.value : null;
}

export function describe(cert: pkijs.Certificate): CertificateInfo {
  return {
    commonName: nameField(cert.subject, OID.commonName),
    organization: nameField(cert.subject, OID.organization),
    sha256: sha256Hex(certificateDer(cert)),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    selfSigned: cert.subject.isEqual(cert.issuer),
  };
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (so left out in DER), certHash OCTET STRING,
 *                            issuerSerial IssuerSerial { issuer GeneralNames, serialNumber } }
 * It binds the signing certificate into what is signed, so it cannot be swapped for another
 * certificate with the same key (ETSI EN 319 122-1 §5.2.2).
 */
export async function signingCertificateV2(cert: pkijs.Certificate): Promise<asn1js.Sequence> {
  const hash = await crypto.subtle.digest('SHA-256', certificateDer(cert));
  const issuer = new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] });
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: hash }),
              new asn1js.Sequence({ value: [issuer.toSchema(), new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer })] }),
            ],
          }),
        ],
      }),
    ],
  });
}

/**
 * Reads a SigningCertificateV2 value: the hash algorithm and certificate hash of its first
 * ESSCertIDv2 (the signing certificate's), and its issuer serial number when present.
 */
export function readSigningCertificateV2(value: unknown): { hash: 'SHA-256' | 'SHA-384' | 'SHA-512'; certHash: Bytes; serial: Bytes | null } | null {
  const seq = value instanceof asn1js.Sequence ? value : null;
  const certs = seq?.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return null;
  let [algorithm, certHash, issuerSerial] = first.valueBlock.value;
  let hash: 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined = 'SHA-256';
  if (algorithm instanceof asn1js.Sequence) {
    const oid = algorithm.valueBlock.value[0];
    hash = oid instanceof asn1js.ObjectIdentifier ? DIGESTS[oid.valueBlock.toString()] : undefined;
  } else {
    issuerSerial = certHash;
    certHash = algorithm;
  }
  if (!hash || !(certHash instanceof asn1js.OctetString)) return null;
  const serial = issuerSerial instanceof asn1js.Sequence ? issuerSerial.valueBlock.value[1] : undefined;
  return {
    hash,
    certHash: bytesOf(certHash.valueBlock.valueHexView),
    serial: serial instanceof asn1js.Integer ? bytesOf(serial.valueBlock.valueHexView) : null,
  };
}

export const DIGESTS: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
