// A municipality's theme: a few colours that map onto the NL Design System's design tokens, checked
// for WCAG AA contrast before they are stored, and turned into a small stylesheet the shell links
// (/assets/themes/<tenantId>/<sha>.css): no inline style needed. No colours: the neutral default.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { InvalidParam } from '../errors.js';

export const THEME_COLOR_KEYS = ['primaryColor', 'primaryTextColor', 'linkColor', 'focusColor', 'headerBackgroundColor', 'headerTextColor'] as const;
export type ThemeColorKey = (typeof THEME_COLOR_KEYS)[number];
export type ThemeColors = Partial<Record<ThemeColorKey, string>>;

/** The neutral default's values (voorbeeld design tokens), for checking a partial theme. */
export const DEFAULT_COLORS: Record<ThemeColorKey, string> = {
  primaryColor: '#5115ef',
  primaryTextColor: '#ffffff',
  linkColor: '#00568b',
  focusColor: '#0b0c0c',
  headerBackgroundColor: '#f3eeff',
  headerTextColor: '#0b0c0c',
};

const WHITE = '#ffffff';

/** Relative luminance (WCAG 2.1). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const round = (n: number) => Math.floor(n * 100) / 100;

/**
 * Every WCAG AA problem of a theme (the colours already valid hex): text on the primary button and
 * on the header 4.5:1, links on white 4.5:1, the focus ring on white 3:1 (1.4.11). A colour left
 * out is checked with the default's.
 */
export function contrastProblems(colors: ThemeColors, pointer = (key: ThemeColorKey) => `/${key}`): InvalidParam[] {
  const c = { ...DEFAULT_COLORS, ...colors };
  const problems: InvalidParam[] = [];
  const need = (key: ThemeColorKey, ratio: number, minimum: number, what: string) => {
    if (ratio < minimum) problems.push({ name: pointer(key), reason: `${what} has a contrast of ${round(ratio)}:1; WCAG AA needs at least ${minimum}:1.` });
  };
  need('primaryTextColor', contrastRatio(c.primaryTextColor, c.primaryColor), 4.5, `primaryTextColor ${c.primaryTextColor} on primaryColor ${c.primaryColor}`);
  need('linkColor', contrastRatio(c.linkColor, WHITE), 4.5, `linkColor ${c.linkColor} on white`);
  need('headerTextColor', contrastRatio(c.headerTextColor, c.headerBackgroundColor), 4.5, `headerTextColor ${c.headerTextColor} on headerBackgroundColor ${c.headerBackgroundColor}`);
  need('focusColor', contrastRatio(c.focusColor, WHITE), 3, `focusColor ${c.focusColor} on white`);
  return problems;
}

/** The theme as CSS custom properties over the default tokens (body.voorbeeld-theme outranks .voorbeeld-theme). */
export function themeCss(colors: ThemeColors): string {
  const lines: string[] = [];
  const set = (key: ThemeColorKey, ...properties: string[]) => {
    const value = colors[key];
    if (value) for (const p of properties) lines.push(`${p}:${value}`);
  };
  set('primaryColor', '--utrecht-button-primary-action-background-color', '--utrecht-button-primary-action-border-color', '--utrecht-button-primary-action-hover-background-color', '--utrecht-button-primary-action-active-background-color', '--utrecht-button-secondary-action-color', '--utrecht-button-secondary-action-border-color', '--utrecht-checkbox-checked-background-color', '--utrecht-radio-button-checked-background-color');
  set('primaryTextColor', '--utrecht-button-primary-action-color', '--utrecht-button-primary-action-hover-color', '--utrecht-button-primary-action-active-color');
  set('linkColor', '--utrecht-link-color', '--utrecht-link-hover-color', '--utrecht-link-visited-color');
  set('focusColor', '--utrecht-focus-outline-color');
  set('headerBackgroundColor', '--vervolg-header-background-color');
  set('headerTextColor', '--vervolg-header-color');
  return lines.length ? `body.voorbeeld-theme{${lines.join(';')}}\n` : '';
}

export const shortHash = (data: string | Uint8Array) => encodeHexLowerCase(sha256(typeof data === 'string' ? new TextEncoder().encode(data) : data)).slice(0, 16);

/** Where the shell finds a tenant's stylesheet: null for the default theme. */
export function themeHref(tenantId: string, colors: ThemeColors): string | null {
  const css = themeCss(colors);
  return css ? `/assets/themes/${tenantId}/${shortHash(css)}.css` : null;
}

export const LOGO_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;
export type LogoType = keyof typeof LOGO_TYPES;
export const LOGO_MAX_BYTES = 100 * 1024;

/** What the file's first bytes say it is (never what the client claims): PNG, JPEG, WebP or nothing we take. */
export function sniffImage(bytes: Uint8Array): LogoType | null {
  const at = (i: number, ...values: number[]) => values.every((v, j) => bytes[i + j] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

export const logoHref = (tenantId: string, sha: string, type: LogoType) => `/assets/logos/${tenantId}/${sha}.${LOGO_TYPES[type]}`;
