import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';
import { Channel, SignerRole, SignerStatus } from '../../domain/signing.js';

// The request to send for signature is part of the agreements API (agreements never import
// signing); re-exported here, where the signing side looks for it.
export { SendForSignature, SignerInput } from '../agreements/schemas.js';
export { SIGNER_ROLES } from '../../domain/signing.js';

export const Signer = z
  .object({
    id: z.uuid(),
    role: SignerRole,
    name: text(),
    channel: Channel,
    position: z.number().int(),
    status: SignerStatus,
    expiresAt: Timestamp,
    signedAt: Timestamp.nullable(),
    declineReason: text().nullable(),
  })
  .openapi('Signer');

export const SigningEvent = z
  .object({
    seq: z.number().int(),
    type: text().openapi({ example: 'signed' }),
    signerId: z.uuid().nullable(),
    occurredAt: Timestamp,
    ip: text().nullable(),
    userAgent: text().nullable(),
    data: z.record(text(), z.unknown()),
    prevHash: text(),
    hash: text(),
  })
  .openapi('SigningEvent');

export const AuditTrail = z
  .object({
    items: z.array(SigningEvent),
    chainIntact: z.boolean().openapi({ description: 'Every event’s hash recomputed and linked to the one before.' }),
  })
  .openapi('SigningAuditTrail');
