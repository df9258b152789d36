import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';
import { THEME_COLOR_KEYS } from '../../platform/ui/theme.js';

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
  signingLinkDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .openapi({
      description: 'How many days a signing link (ondertekenlink) stays valid, for links created from now on: 1 to 60. Until the municipality sets it, the installation’s default (SIGNING_LINK_DAYS, usually 14).',
      example: 14,
    }),
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

const HexColor = text()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Give a colour as #rrggbb, e.g. #00689e.')
  .openapi({ example: '#00689e' });

const COLOR_DESCRIPTIONS: Record<(typeof THEME_COLOR_KEYS)[number], string> = {
  primaryColor: 'Background of primary buttons (design token utrecht-button-primary-action-background-color); also checkboxes and radio buttons.',
  primaryTextColor: 'Text on primary buttons. Needs 4.5:1 contrast on primaryColor.',
  linkColor: 'Links (utrecht-link-color). Needs 4.5:1 contrast on white.',
  focusColor: 'The focus ring around the control that has keyboard focus. Needs 3:1 contrast on white.',
  headerBackgroundColor: 'Background of the page header with the logo.',
  headerTextColor: 'Text in the page header. Needs 4.5:1 contrast on headerBackgroundColor.',
};

const colorFields = Object.fromEntries(THEME_COLOR_KEYS.map((key) => [key, HexColor.optional().openapi({ description: COLOR_DESCRIPTIONS[key], example: '#00689e' })])) as Record<(typeof THEME_COLOR_KEYS)[number], z.ZodOptional<typeof HexColor>>;

export const PutTheme = z
  .object(colorFields)
  .strict()
  .openapi('PutTheme', {
    description: 'A municipality’s colours (huisstijl). Replaces the whole set: a colour left out falls back to the neutral default. Refused (400, each problem listed) when a pair fails WCAG 2.1 AA contrast.',
    example: { primaryColor: '#00689e', primaryTextColor: '#ffffff', linkColor: '#00689e', headerBackgroundColor: '#ffffff', headerTextColor: '#1a1a1a' },
  });

export const ThemeLogo = z
  .object({
    href: text().openapi({ description: 'Where pages load the logo from (changes when the logo does; cached for a year).', example: '/assets/logos/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11/3f2a9c1d4e5b6a7f.png' }),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  })
  .openapi('ThemeLogo');

export const Theme = z
  .object({
    ...colorFields,
    stylesheet: text().nullable().openapi({ description: 'The stylesheet pages link for this theme; null for the neutral default.', example: '/assets/themes/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11/3f2a9c1d4e5b6a7f.css' }),
    logo: ThemeLogo.nullable(),
    updatedAt: Timestamp.nullable(),
  })
  .openapi('Theme', { description: 'A municipality’s theme: its colours as design tokens and its logo, on every page (the young person’s signing page included). Without colours: the neutral default theme.' });

export const PutLogo = z
  .object({
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']).openapi({ description: 'The image type; must match the file itself. SVG is not accepted (it can carry script).' }),
    data: text()
      .max(140_000)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Send the image as base64 (RFC 4648, no line breaks).')
      .openapi({ description: 'The image, base64-encoded; at most 100 kB decoded.', example: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' }),
  })
  .strict()
  .openapi('PutLogo');
