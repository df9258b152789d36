// RFC 3161 signature timestamps (PAdES B-T), when a TSA_URL is configured: the seal asks the
// timestamp authority for a token over the hash of its signature value, and puts the token in the
// CMS as an unsigned attribute (seal.ts). PKIjs builds the request and reads the answer; fetch
// carries it (Node and Workers). A failing authority fails the sealing: a document that promises a
// timestamp must get one (the job retries).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Bytes, bytesOf, equalBytes, OID } from './pki.js';

export type Timestamper = (signature: Bytes) => Promise<Bytes>;

export function timestampAuthority(url: string, fetcher: typeof fetch = fetch): Timestamper {
  return async (signature) => {
    const imprint = bytesOf(await crypto.subtle.digest('SHA-256', signature));
    const nonce = crypto.getRandomValues(new Uint8Array(8));
    nonce[0] = ((nonce[0] as number) & 0x7f) | 0x01;
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
        hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
      }),
      nonce: new asn1js.Integer({ valueHex: nonce.buffer }),
      certReq: true,
    });
    const res = await fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: bytesOf(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`The timestamp authority answered HTTP ${res.status}.`);
    let response: pkijs.TimeStampResp;
    try {
      response = pkijs.TimeStampResp.fromBER(await res.arrayBuffer());
    } catch (error) {
      throw new Error(`The timestamp authority's answer is not a TimeStampResp (${error instanceof Error ? error.message : error}).`);
    }
    const status = response.status.status;
    if ((status !== 0 && status !== 1) || !response.timeStampToken) throw new Error(`The timestamp authority refused the request (status ${status}).`);
    // The token must be over our imprint, with our nonce (RFC 3161 §2.4.2).
    const signed = new pkijs.SignedData({ schema: response.timeStampToken.content });
    const content = signed.encapContentInfo.eContent;
    if (signed.encapContentInfo.eContentType !== OID.tstInfo || !content) throw new Error('The timestamp token holds no TSTInfo.');
    const info = pkijs.TSTInfo.fromBER(content.getValue());
    if (!equalBytes(bytesOf(info.messageImprint.hashedMessage.valueBlock.valueHexView), imprint)) throw new Error('The timestamp token is for another imprint.');
    if (!info.nonce || !equalBytes(bytesOf(info.nonce.valueBlock.valueHexView), nonce)) throw new Error('The timestamp token does not carry our nonce.');
    return bytesOf(response.timeStampToken.toSchema().toBER(false));
  };
}
