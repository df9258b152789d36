// What the contract pages share: who may open them (administrators and contract managers; the API
// also lets the other municipal roles read, the staff app keeps contracts to the people who manage
// them), paths, money as people type and read it, and the words for statuses and code lists.
import type { Context, MiddlewareHandler } from 'hono';
import { EXECUTION_VARIANTS, FREQUENCIES, JZ020, WJ756_UNITS } from '../../../domain/ijw.js';
import { OUTCOME_INDICATORS } from '../../../domain/outcomes.js';
import { formatDate } from '../../../platform/dates.js';
import { forbidden } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Locale } from '../../../platform/http/page.js';
import type { ContractStatus } from '../schemas.js';

export const CONTRACT_STAFF = ['admin', 'contract-manager'] as const;

/**
 * After asOperation (the API operation's access and log): the contract pages open to administrators
 * and contract managers only, whatever else the operation allows (a case manager gets the 403 page).
 */
export const contractStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  const roles = c.get('entered')?.tenant?.roles ?? [];
  if (!roles.some((r) => (CONTRACT_STAFF as readonly string[]).includes(r))) throw forbidden('Contracts are managed by administrators and contract managers.');
  await next();
};

export const UUID_PARAM = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const BASE = '/app/municipalities/:municipalityId/contracts';
export const CONTRACT = `${BASE}/:contractId{${UUID_PARAM}}`;
export const contractsPath = (m: string) => `/app/municipalities/${m}/contracts`;
export const contractPath = (m: string, id: string) => `${contractsPath(m)}/${id}`;

export const mid = (c: Context<AppEnv>) => c.req.param('municipalityId') as string;

/** 9500 → '95,00' (as a person types it back into a field). */
export function centsToText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * What a person typed as an amount in euro ('95', '95,5', '1.850,00', '€ 1850.00', '-12,50') in
 * eurocent; anything else comes back as typed (the schema then refuses it beside its field).
 */
export function textToCents(typed: string | undefined): number | string | undefined {
  const t = (typed ?? '').replace(/€/g, '').replace(/\s+/g, '');
  if (!t) return undefined;
  let normal: string | null = null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(t)) normal = t.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,12}([.,]\d{1,2})?$/.test(t)) normal = t.replace(',', '.');
  return normal === null ? typed : Math.round(Number(normal) * 100);
}

/** A whole number as typed, or the text (refused by the schema). */
export const textToInt = (typed: string | undefined) => (typed && /^\s*-?\d{1,9}\s*$/.test(typed) ? Number(typed) : typed?.trim() || undefined);
/** A number with an optional decimal comma. */
export const textToNumber = (typed: string | undefined) => (typed && /^\s*-?\d{1,6}([.,]\d{1,3})?\s*$/.test(typed) ? Number(typed.trim().replace(',', '.')) : typed?.trim() || undefined);

export const date = (d: string, locale: Locale) => formatDate(d, locale);

export const STATUS = {
  nl: { draft: 'Concept', active: 'Actief', suspended: 'Opgeschort', ended: 'Beëindigd' },
  en: { draft: 'Draft', active: 'Active', suspended: 'Suspended', ended: 'Ended' },
} as const satisfies Record<Locale, Record<ContractStatus, string>>;

export function StatusBadge(props: { status: ContractStatus; locale: Locale }) {
  return <span class={`utrecht-status-badge vv-contract-status vv-contract-status--${props.status}`}>{STATUS[props.locale][props.status]}</span>;
}

export const CODE_LISTS = {
  category: JZ020,
  variant: EXECUTION_VARIANTS,
  unit: WJ756_UNITS,
  frequency: FREQUENCIES,
  indicator: OUTCOME_INDICATORS,
} as const;

export const codeLabel = (list: keyof typeof CODE_LISTS, code: string, locale: Locale) => {
  const entry = (CODE_LISTS[list] as Record<string, { nl: string; en: string }>)[code];
  return entry ? entry[locale] : code;
};
export const codeOptions = (list: keyof typeof CODE_LISTS, locale: Locale, withCode = true) =>
  Object.entries(CODE_LISTS[list] as Record<string, { nl: string; en: string }>).map(([value, l]) => ({ value, label: withCode ? `${value} – ${l[locale]}` : l[locale] }));

export const LEGAL = { nl: { jeugdwet: 'Jeugdwet', wmo: 'Wmo 2015' }, en: { jeugdwet: 'Youth Act (Jeugdwet)', wmo: 'Social Support Act (Wmo 2015)' } } as const;
export const RENEWAL = {
  nl: { none: 'Geen verlenging', automatic: 'Stilzwijgende verlenging' },
  en: { none: 'No renewal', automatic: 'Automatic renewal' },
} as const;
export const COMPARATOR = { nl: { 'at-most': 'ten hoogste', 'at-least': 'ten minste' }, en: { 'at-most': 'at most', 'at-least': 'at least' } } as const;
