import { z } from '@hono/zod-openapi';
import { API_SCOPES, PROVIDER_ROLES } from '../../platform/http/access.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { Email } from '../identity/schemas.js';
import { text } from '../../platform/text.js';

export const AgbCode = text().regex(/^\d{8}$/, 'An AGB code is 8 digits.').openapi({ description: 'AGB code (Vektis).', example: '98765432' });
export const KvkNumber = text().regex(/^\d{8}$/, 'A KvK number is 8 digits.').openapi({ description: 'Chamber of Commerce number (KvK-nummer).', example: '12345678' });

export const Provider = z
  .object({ id: z.uuid(), name: text(), agbCode: AgbCode, kvkNumber: KvkNumber, createdAt: Timestamp })
  .openapi('Provider', { description: 'A care provider (zorgaanbieder / jeugdhulpaanbieder), known to the platform.' });
/** A search of the register: part of a name, or the start of an AGB code or KvK number. */
export const ProviderSearchTerm = text()
  .trim()
  .min(2, 'Type at least 2 characters.')
  .max(100, 'Type at most 100 characters.')
  .openapi({ description: 'Search: part of the name (case-insensitive), or, digits only, the start of the AGB code or KvK number (or digits in the name).', example: 'De Brug' });
export const CreateProvider = z.object({ name: text().trim().min(2).max(200), agbCode: AgbCode, kvkNumber: KvkNumber }).openapi('CreateProvider');
export const UpdateProvider = z
  .object({ name: text().trim().min(2).max(200).optional(), agbCode: AgbCode.optional(), kvkNumber: KvkNumber.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.agbCode !== undefined || v.kvkNumber !== undefined, { message: 'Give at least one of name, agbCode and kvkNumber.' })
  .openapi('UpdateProvider', {
    description: 'Correct a provider’s registration: its name, AGB code or KvK number. Fields left out stay as they are. The AGB code must stay unique on the platform (409 when another provider has it).',
    example: { kvkNumber: '12345678' },
  });

export const ApiScope = z.enum(API_SCOPES).openapi('ApiScope', {
  description: 'contracts:read (read contracts), outcomes:write (report outcomes), outcomes:read, municipalities:read (see which municipalities work with you).',
});
export const ApiKey = z
  .object({
    id: z.uuid(),
    name: text(),
    prefix: text().openapi({ description: 'The first characters of the key, to recognise it.', example: 'vvk_abcd1234' }),
    scopes: z.array(ApiScope),
    expiresAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable().openapi({ description: 'Kept to the minute.' }),
    createdAt: Timestamp,
  })
  .openapi('ApiKey');
export const CreatedApiKey = ApiKey.extend({
  key: text().openapi({ description: 'The secret key. Shown only now: store it safely.', example: 'vvk_abcdefghijklmnopqrstuvwxyz234567' }),
}).openapi('CreatedApiKey');
export const CreateApiKey = z
  .object({
    name: text().trim().min(1).max(100).openapi({ example: 'Reporting integration' }),
    scopes: z.array(ApiScope).min(1),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Optional expiry (RFC 3339).', format: 'date-time' }),
  })
  .openapi('CreateApiKey');

export const ProviderMember = z
  .object({ userId: z.uuid(), email: text(), name: text(), roles: z.array(z.enum(PROVIDER_ROLES)), createdAt: Timestamp })
  .openapi('ProviderMember');
export const UpdateProviderMember = z
  .object({ roles: z.array(z.enum(PROVIDER_ROLES)).min(1).max(2).openapi({ description: 'The roles at the provider: admin (keys, staff) and/or staff.', example: ['staff'] }) })
  .openapi('UpdateProviderMember');
export const CreateProviderInvitation = z
  .object({ email: Email, roles: z.array(z.enum(PROVIDER_ROLES)).min(1).max(2) })
  .openapi('CreateProviderInvitation');

export const Relation = z
  .object({ municipalityId: z.uuid(), municipalityName: text(), providerId: z.uuid(), providerName: text(), createdAt: Timestamp })
  .openapi('ProviderRelation', { description: 'A municipality works with a provider; only then can the provider reach its data.' });
export const CreateRelation = z.object({ providerId: z.uuid() }).openapi('CreateProviderRelation');
