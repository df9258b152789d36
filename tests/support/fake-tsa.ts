// A local RFC 3161 timestamp authority for tests (never a real one): answers a TimeStampReq with
// a token signed by a throwaway development certificate, at a fixed genTime.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createDevelopmentSealer } from '../../src/platform/pdf/seal.js';

export interface FakeTsa {
  url: string;
  genTime: Date;
  requests: number;
  close(): Promise<void>;
}

export async function startFakeTsa(genTime = new Date('2027-03-02T09:30:05Z')): Promise<FakeTsa> {
  const tsa = await createDevelopmentSealer();
  let serial = 1;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      state.requests++;
      const request = pkijs.TimeStampReq.fromBER(new Uint8Array(Buffer.concat(chunks)));
      const info = new pkijs.TSTInfo({
        version: 1,
        policy: '1.3.6.1.4.1.99999.1',
        messageImprint: request.messageImprint,
        serialNumber: new asn1js.Integer({ value: serial++ }),
        genTime,
        ...(request.nonce ? { nonce: request.nonce } : {}),
      });
      const tstDer = info.toSchema().toBER(false);
      const signedData = new pkijs.SignedData({
        version: 3,
        encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.9.16.1.4', eContent: new asn1js.OctetString({ valueHex: tstDer }) }),
        signerInfos: [
          new pkijs.SignerInfo({
            version: 1,
            sid: new pkijs.IssuerAndSerialNumber({ issuer: tsa.certificate.issuer, serialNumber: tsa.certificate.serialNumber }),
            signedAttrs: new pkijs.SignedAndUnsignedAttributes({
              type: 0,
              attributes: [
                new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.16.1.4' })] }),
                new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: await crypto.subtle.digest('SHA-256', tstDer) })] }),
              ],
            }),
          }),
        ],
        certificates: [tsa.certificate],
      });
      await signedData.sign(tsa.privateKey, 0, 'SHA-256');
      const response = new pkijs.TimeStampResp({
        status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
        timeStampToken: new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) }),
      });
      res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' });
      res.end(Buffer.from(response.toSchema().toBER(false)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    genTime,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
