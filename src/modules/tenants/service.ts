// Municipalities (tenants): created by the platform operator, configured by their admins.
import type { z } from '@hono/zod-openapi';
import { uuidv7 } from '../../platform/crypto.js';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { type Tx, jsonb, setContext } from '../../platform/db/database.js';
import { ApiError, badRequest, notFound } from '../../platform/errors.js';
import { LOGO_MAX_BYTES, type LogoType, THEME_COLOR_KEYS, type ThemeColors, contrastProblems, logoHref, sniffImage, themeCss, themeHref } from '../../platform/ui/theme.js';
import type { CreateMunicipality, Municipality, PutTheme, Theme, UpdateMunicipality } from './schemas.js';

type Row = {
  id: string;
  name: string;
  cbs_code: string;
  slug: string;
  default_locale: 'nl' | 'en';
  small_number_threshold: number;
  require_two_factor: boolean;
  signing_link_days: number | null;
  created_at: Date;
  updated_at: Date;
};

/** What a municipality that never chose gets: the installation's settings (config). */
export interface MunicipalityDefaults {
  signingLinkDays: number;
}

export function toMunicipality(row: Row, defaults: MunicipalityDefaults): z.infer<typeof Municipality> {
  return {
    id: row.id,
    name: row.name,
    cbsCode: row.cbs_code,
    slug: row.slug,
    settings: {
      defaultLocale: row.default_locale,
      smallNumberThreshold: row.small_number_threshold,
      // Always true (a CHECK since migration 0012).
      requireTwoFactor: true,
      signingLinkDays: row.signing_link_days ?? defaults.signingLinkDays,
    },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createMunicipality(trx: Tx, input: z.infer<typeof CreateMunicipality>, defaults: MunicipalityDefaults) {
  const clash = await trx
    .selectFrom('tenants')
    .select(['cbs_code', 'slug'])
    .where((eb) => eb.or([eb('cbs_code', '=', input.cbsCode), eb('slug', '=', input.slug)]))
    .executeTakeFirst();
  if (clash) {
    // The field that clashes is named (invalidParams), so a form can show the problem beside it.
    const field = clash.cbs_code === input.cbsCode ? 'cbsCode' : 'slug';
    const detail = field === 'cbsCode' ? `A municipality with CBS code ${input.cbsCode} already exists.` : `The slug ${input.slug} is taken.`;
    throw new ApiError(409, 'duplicate', 'Conflict', detail, { invalidParams: [{ name: `body.${field}`, reason: detail }] });
  }
  const row = await trx
    .insertInto('tenants')
    .values({
      id: uuidv7(),
      name: input.name,
      cbs_code: input.cbsCode,
      slug: input.slug,
      ...(input.settings?.defaultLocale ? { default_locale: input.settings.defaultLocale } : {}),
      ...(input.settings?.smallNumberThreshold ? { small_number_threshold: input.settings.smallNumberThreshold } : {}),
      ...(input.settings?.signingLinkDays ? { signing_link_days: input.settings.signingLinkDays } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMunicipality(row, defaults);
}

/** Municipalities visible in the current context: all for the operator, else the person's own. */
export async function listMunicipalities(trx: Tx, defaults: MunicipalityDefaults, limit: number, cursor?: string) {
  let q = trx.selectFrom('tenants').selectAll().orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  return (await q.execute()).map((row) => toMunicipality(row, defaults));
}

export async function getMunicipality(trx: Tx, id: string, defaults: MunicipalityDefaults) {
  const row = await trx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('municipality');
  return toMunicipality(row, defaults);
}

export async function updateMunicipality(trx: Tx, id: string, input: z.infer<typeof UpdateMunicipality>, defaults: MunicipalityDefaults) {
  const s = input.settings ?? {};
  const row = await trx
    .updateTable('tenants')
    .set({
      updated_at: new Date(),
      ...(input.name ? { name: input.name } : {}),
      ...(s.defaultLocale ? { default_locale: s.defaultLocale } : {}),
      ...(s.smallNumberThreshold ? { small_number_threshold: s.smallNumberThreshold } : {}),
      ...(s.signingLinkDays ? { signing_link_days: s.signingLinkDays } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('municipality');
  return toMunicipality(row, defaults);
}

// ---- The municipality's theme (issue 12) ----

type ThemeRow = { colors: unknown; logo_sha256: string | null; logo_type: LogoType | null; logo: Buffer | null; updated_at: Date };

const colorsOf = (value: unknown): ThemeColors => {
  const colors: ThemeColors = {};
  const source = (value ?? {}) as Record<string, unknown>;
  for (const key of THEME_COLOR_KEYS) if (typeof source[key] === 'string') colors[key] = source[key] as string;
  return colors;
};

async function themeRow(trx: Tx, tenantId: string, withLogo = false): Promise<ThemeRow | undefined> {
  const row = await trx
    .selectFrom('tenant_themes')
    .select(['colors', 'logo_sha256', 'logo_type', 'updated_at'])
    .$if(withLogo, (q) => q.select('logo'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ? ({ logo: null, ...row } as ThemeRow) : undefined;
}

function toTheme(tenantId: string, row: ThemeRow | undefined): z.infer<typeof Theme> {
  const colors = colorsOf(row?.colors);
  return {
    ...colors,
    stylesheet: themeHref(tenantId, colors),
    logo: row?.logo_sha256 && row.logo_type ? { href: logoHref(tenantId, row.logo_sha256, row.logo_type), contentType: row.logo_type } : null,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
  };
}

async function mustExist(trx: Tx, tenantId: string) {
  const found = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!found) throw notFound('municipality');
}

export async function getTheme(trx: Tx, tenantId: string) {
  await mustExist(trx, tenantId);
  return toTheme(tenantId, await themeRow(trx, tenantId));
}

/** The colours as they would be stored (lower case), or a 400 listing every contrast problem: what putTheme checks, without storing (the settings page's preview). */
export function checkTheme(input: z.infer<typeof PutTheme>): ThemeColors {
  const colors = colorsOf(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v.toLowerCase() : v])));
  const problems = contrastProblems(colors);
  if (problems.length > 0) throw badRequest(`The theme has ${problems.length} contrast ${problems.length === 1 ? 'problem' : 'problems'} (WCAG 2.1 AA).`, problems);
  return colors;
}

/** Replace the colours (those left out fall back to the default); refused with every contrast problem listed. */
export async function putTheme(trx: Tx, tenantId: string, input: z.infer<typeof PutTheme>) {
  await mustExist(trx, tenantId);
  const colors = checkTheme(input);
  await trx
    .insertInto('tenant_themes')
    .values({ tenant_id: tenantId, colors: jsonb(colors), updated_at: new Date() })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ colors: jsonb(colors), updated_at: new Date() }))
    .execute();
  return toTheme(tenantId, await themeRow(trx, tenantId));
}

export type LogoProblem = { name: '/data' | '/contentType'; kind: 'empty' | 'too-large' | 'not-an-image' | 'type-mismatch'; reason: string };

/** Why a logo cannot be used (nothing: it can): empty, over 100 kB, not PNG/JPEG/WebP by its bytes, or not the type declared. */
export function logoProblems(declared: string, bytes: Uint8Array): LogoProblem[] {
  const problems: LogoProblem[] = [];
  if (bytes.byteLength === 0) problems.push({ name: '/data', kind: 'empty', reason: 'The logo is empty.' });
  if (bytes.byteLength > LOGO_MAX_BYTES) problems.push({ name: '/data', kind: 'too-large', reason: `The logo is ${bytes.byteLength} bytes; at most ${LOGO_MAX_BYTES} bytes (100 kB) are allowed.` });
  const sniffed = sniffImage(bytes);
  if (bytes.byteLength > 0 && !sniffed) problems.push({ name: '/data', kind: 'not-an-image', reason: 'The logo is not a PNG, JPEG or WebP image (SVG is not accepted: it can carry script).' });
  else if (sniffed && sniffed !== declared) problems.push({ name: '/contentType', kind: 'type-mismatch', reason: `The file is ${sniffed}, not ${declared}.` });
  return problems;
}

/** Store a logo: PNG, JPEG or WebP by its bytes (and as declared), at most 100 kB. */
export async function putLogo(trx: Tx, tenantId: string, declared: string, bytes: Uint8Array) {
  await mustExist(trx, tenantId);
  const problems = logoProblems(declared, bytes);
  if (problems.length > 0) throw badRequest('The logo cannot be used.', problems.map(({ name, reason }) => ({ name, reason })));
  const sniffed = sniffImage(bytes);
  const type = sniffed as LogoType;
  const logo = Buffer.from(bytes);
  const sha = encodeHexLowerCase(sha256(bytes));
  await trx
    .insertInto('tenant_themes')
    .values({ tenant_id: tenantId, logo, logo_type: type, logo_sha256: sha, updated_at: new Date() })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ logo, logo_type: type, logo_sha256: sha, updated_at: new Date() }))
    .execute();
  return toTheme(tenantId, await themeRow(trx, tenantId));
}

export async function deleteLogo(trx: Tx, tenantId: string) {
  await mustExist(trx, tenantId);
  await trx.updateTable('tenant_themes').set({ logo: null, logo_type: null, logo_sha256: null, updated_at: new Date() }).where('tenant_id', '=', tenantId).execute();
}

/** What the shell needs for a tenant's pages: its name, stylesheet and logo (inside that tenant's transaction). */
export async function pageTheme(trx: Tx, tenantId: string): Promise<{ name: string; theme?: string; logoHref?: string }> {
  const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  const theme = toTheme(tenantId, await themeRow(trx, tenantId));
  return { name: tenant?.name ?? 'Vervolg', ...(theme.stylesheet ? { theme: theme.stylesheet } : {}), ...(theme.logo ? { logoHref: theme.logo.href } : {}) };
}

/**
 * A theme's public files (stylesheet, logo) for /assets/...: a theme is shown to anyone who opens
 * a signing link, so reading it needs no sign-in, only the tenant named in the URL (set as the
 * transaction's tenant, so row-level security still applies). Null when the hash is not today's.
 */
export async function themeAsset(trx: Tx, tenantId: string, kind: 'css' | 'logo', hash: string): Promise<{ type: string; body: string | Uint8Array } | null> {
  await setContext(trx, { tenantId });
  const row = await themeRow(trx, tenantId, kind === 'logo');
  if (!row) return null;
  if (kind === 'css') {
    const colors = colorsOf(row.colors);
    const href = themeHref(tenantId, colors);
    return href?.endsWith(`/${hash}.css`) ? { type: 'text/css; charset=utf-8', body: themeCss(colors) } : null;
  }
  if (!row.logo || !row.logo_type || row.logo_sha256 !== hash) return null;
  return { type: row.logo_type, body: new Uint8Array(row.logo) };
}


