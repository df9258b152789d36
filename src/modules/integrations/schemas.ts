import { z } from '@hono/zod-openapi';
import { MUNICIPAL_SCOPES } from '../../platform/http/access.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';

export const MunicipalApiScope = z.enum(MUNICIPAL_SCOPES).openapi('MunicipalApiScope', {
  description:
    'What a municipality’s own API key may read, for the municipality’s own integrations (archive, data warehouse): agreements:read (the agreements (toekomstafspraken) and their versions), documents:read (the signed, sealed PDFs), indicators:read (the municipality’s outcome indicators and their CSV export), contracts:read (its contracts with providers, their versions, budgets and bookings). A key never changes anything.',
});

export const MunicipalApiKey = z
  .object({
    id: z.uuid(),
    name: text(),
    prefix: text().openapi({ description: 'The first characters of the key, to recognise it.', example: 'vvk_abcd1234' }),
    scopes: z.array(MunicipalApiScope),
    expiresAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable().openapi({ description: 'Kept to the minute.' }),
    createdAt: Timestamp,
    createdBy: z.uuid().nullable().openapi({ description: 'The person who created the key (null once their account is gone).' }),
  })
  .openapi('MunicipalApiKey', { description: 'An API key of the municipality’s own integration (never its secret).' });

export const CreatedMunicipalApiKey = MunicipalApiKey.extend({
  key: text().openapi({ description: 'The secret key. Shown only now: store it safely. Send it as Authorization: Bearer <key>.', example: 'vvk_abcdefghijklmnopqrstuvwxyz234567' }),
}).openapi('CreatedMunicipalApiKey');

export const CreateMunicipalApiKey = z
  .object({
    name: text().trim().min(1).max(100).openapi({ description: 'What the key is for, to recognise it later.', example: 'Archief (e-Depot)' }),
    scopes: z.array(MunicipalApiScope).min(1).max(MUNICIPAL_SCOPES.length),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Optional expiry (RFC 3339); in the future.', format: 'date-time' }),
  })
  .openapi('CreateMunicipalApiKey');
