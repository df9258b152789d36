import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';

export const CbsCode = text()
  .regex(/^GM\d{4}$/, 'A CBS municipality code is GM followed by 4 digits, e.g. GM0363.')
  .openapi({ description: 'CBS municipality code (gemeentecode).', example: 'GM0363' });

export const MunicipalitySettings = z.object({
  defaultLocale: z.enum(['nl', 'en']).openapi({ description: 'Language of pages and messages for people without a preference.' }),
  smallNumberThreshold: z
    .number()
    .int()
    .min(1)
    .max(100)
    .openapi({ description: 'Published figures resting on fewer young people than this are suppressed (CBS practice).', example: 5 }),
  // Kept for backward compatibility, but no longer a choice: every person needs a verified second
  // factor before touching personal data (issue 9), so `false` is refused with a clear 400 rather
  // than silently ignored — a client that believes it turned the factor off would be wrong.
  requireTwoFactor: z
    .literal(true, 'Two-factor authentication can no longer be switched off: every person needs a verified second factor before touching personal data. Leave requireTwoFactor out or send true.')
    .openapi({ description: 'Always true: staff (like every person) need a verified second factor (TOTP or a recovery code) to reach personal data or administration. Sending false is refused.' }),
});

export const Municipality = z
  .object({
    id: z.uuid(),
    name: text().openapi({ example: 'Gemeente Amsterdam' }),
    cbsCode: CbsCode,
    slug: text().openapi({ example: 'amsterdam' }),
    settings: MunicipalitySettings,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Municipality', { description: 'A municipality (gemeente): the tenant. All its data is isolated from every other municipality.' });

const Slug = text()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens.')
  .openapi({ example: 'amsterdam' });

export const CreateMunicipality = z
  .object({
    name: text().trim().min(2).max(200),
    cbsCode: CbsCode,
    slug: Slug,
    settings: MunicipalitySettings.partial().optional(),
  })
  .openapi('CreateMunicipality');

export const UpdateMunicipality = z
  .object({
    name: text().trim().min(2).max(200).optional(),
    settings: MunicipalitySettings.partial().optional(),
  })
  .openapi('UpdateMunicipality');
