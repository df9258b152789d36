import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { clientIp, nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { uuidParam } from '../../platform/http/openapi.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { AuditTrail, Signer } from './schemas.js';
import * as service from './service.js';

const tags = ['signing'];
const V = z.object({
  municipalityId: uuidParam('municipalityId', 'The municipality.'),
  agreementId: uuidParam('agreementId', 'The agreement.'),
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

export function register(app: OpenAPIHono<AppEnv>) {
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
