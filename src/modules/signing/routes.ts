import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { clientIp, nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { uuidParam } from '../../platform/http/openapi.js';
import { AgreementParams } from '../../platform/http/params.js';
import { badRequest } from '../../platform/errors.js';
import { sha256OfPdf } from '../../platform/pdf/bytes.js';
import { defineRoute, emptyResponse, jsonResponse, versionHeader } from '../../platform/http/route.js';
import { AuditTrail, Signer } from './schemas.js';
import { signedDocument } from './document.js';
import * as service from './service.js';
import { verifyDocument } from './service.js';
import { text } from '../../platform/text.js';

const tags = ['signing'];
const V = AgreementParams.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;

const signers = defineRoute(caseWork, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions/{version}/signers', operationId: 'listSigners', tags,
  summary: 'Who signs this version, in which order, and how far each is',
  request: { params: V },
  responses: { 200: jsonResponse(z.object({ items: z.array(Signer) }).openapi('SignerList'), 'The signers.') },
}, { personalData: true });

const events = defineRoute(caseWork, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions/{version}/signing-events', operationId: 'listSigningEvents', tags,
  summary: 'The audit trail of this version, with the hash chain checked',
  request: { params: V },
  responses: { 200: jsonResponse(AuditTrail, 'The events, oldest first.') },
}, { personalData: true });

const remind = defineRoute(caseWork, {
  method: 'post', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions/{version}/signers/{signerId}/remind', operationId: 'remindSigner', tags,
  summary: 'Send a signer a new link (the old one stops working)',
  request: { params: V.extend({ signerId: uuidParam('signerId', 'The signer.') }) },
  responses: { 202: emptyResponse('A new link is on its way.') },
}, { errors: [409] });

const pdfResponse = {
  description: 'The sealed PDF.',
  headers: versionHeader,
  content: { 'application/pdf': { schema: text().openapi({ format: 'binary' }) } },
};

// A municipality's own API key with documents:read may download it too (its archive).
const document = defineRoute({ ...caseWork, scope: 'documents:read' }, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions/{version}/document', operationId: 'getSignedDocument', tags,
  summary: 'Download the signed, sealed PDF of a version',
  request: { params: V },
  responses: { 200: pdfResponse },
}, { personalData: true });

const VerificationResult = z
  .object({
    sealedByVervolg: z.boolean(),
    sha256: text(),
    agreementId: z.uuid().nullable(),
    version: z.number().int().nullable(),
    signedAt: text().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('VerificationResult', { description: 'Whether Vervolg sealed a document: only which agreement version, and when it was signed.' });

const verify = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/verifications', operationId: 'verifyDocument', tags,
  summary: 'Check a PDF, or its SHA-256, against the documents Vervolg sealed',
  description: 'Send the PDF itself (Content-Type: application/pdf) or JSON with its SHA-256. Anyone may ask; the answer holds nothing personal.',
  request: {
    body: {
      // Not 'required' for the validator: a PDF body must not go through the JSON check. The
      // handler refuses a request that is neither.
      required: false,
      content: {
        'application/json': { schema: z.object({ sha256: text().regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 is 64 hexadecimal characters.') }).openapi('VerificationRequest') },
        'application/pdf': { schema: text().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: { 200: jsonResponse(VerificationResult, 'The answer.') },
  // A sealed agreement is well under a megabyte; 20 MB leaves room for scans, and no more is read.
}, { errors: [415], bodyLimit: 20 * 1024 * 1024 });

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { document, verify, signers, events, remind };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(document, async (c) => {
    const p = c.req.valid('param');
    const doc = await signedDocument(c.get('trx'), p.municipalityId, p.agreementId, p.version);
    return c.body(doc.pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="afspraken-${p.agreementId}-v${p.version}.pdf"`,
      'X-Content-SHA256': doc.sha256,
    }) as never;
  });
  app.openapi(verify, async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    let sha256: string;
    if (type.startsWith('application/pdf')) {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0 || bytes.length > 20 * 1024 * 1024) throw badRequest('Send a PDF of at most 20 MB.', [{ name: 'body', reason: 'Empty or too large.' }]);
      sha256 = sha256OfPdf(bytes);
    } else if (type.startsWith('application/json')) {
      sha256 = (c.req.valid('json') as { sha256: string }).sha256.toLowerCase();
    } else {
      throw badRequest('Send the PDF (Content-Type: application/pdf) or JSON with its sha256.', [{ name: 'body', reason: 'Missing or unsupported Content-Type.' }]);
    }
    const found = await verifyDocument(c.get('trx'), sha256);
    return c.json({ sealedByVervolg: found !== null, sha256, agreementId: found?.agreementId ?? null, version: found?.version ?? null, signedAt: found?.signedAt ?? null }, 200);
  });

  app.openapi(signers, async (c) => {
    const p = c.req.valid('param');
    return c.json({ items: await service.listSigners(c.get('trx'), p.municipalityId, p.agreementId, p.version) }, 200);
  });
  app.openapi(events, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.auditTrail(c.get('trx'), p.municipalityId, p.agreementId, p.version), 200);
  });
  app.openapi(remind, async (c) => {
    const p = c.req.valid('param');
    await service.remindSigner(c.get('trx'), p.municipalityId, p.agreementId, p.version, p.signerId, {
      publicUrl: c.get('deps').config.publicUrl,
      meta: { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) },
    });
    return c.body(null, 202);
  });
}
