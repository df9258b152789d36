import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../platform/http/openapi.js';
import { MobileNumber } from '../agreements/schemas.js';
import { email, text } from '../../platform/text.js';

export const SIGNER_ROLES = ['young-person', 'legal-representative', 'municipality-officer', 'provider'] as const;

export const SignerInput = z
  .object({
    role: z.enum(SIGNER_ROLES).openapi({ description: 'young-person (jeugdige), legal-representative (wettelijk vertegenwoordiger), municipality-officer, provider.' }),
    name: text().trim().min(1).max(200).optional().openapi({ description: 'Defaults to the young person’s name for role young-person.' }),
    email: email().max(254).optional(),
    mobile: MobileNumber.optional(),
    channel: z.enum(['email', 'sms']).optional().openapi({ description: 'Where the link and the one-time code go. Defaults to SMS when a mobile number is known.' }),
  })
  .openapi('SignerInput');

export const SendForSignature = z
  .object({
    signers: z.array(SignerInput).min(2).max(10),
    order: z.enum(['parallel', 'sequential']).default('parallel').openapi({ description: 'sequential: each signer gets the link after the one before has signed, in the order given.' }),
  })
  .openapi('SendForSignature');

export const Signer = z
  .object({
    id: z.uuid(),
    role: z.enum(SIGNER_ROLES),
    name: text(),
    channel: z.enum(['email', 'sms']),
    position: z.number().int(),
    status: z.enum(['waiting', 'notified', 'signed', 'declined', 'expired', 'cancelled']),
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
