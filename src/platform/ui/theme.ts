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

/** The pairs a theme must hold to WCAG 2.1 AA: text on the primary button and in the header 4.5:1, links on white 4.5:1, the focus ring on white 3:1 (1.4.11). */
export const CONTRAST_RULES = [
  { key: 'primaryTextColor', on: 'primaryColor', minimum: 4.5 },
  { key: 'linkColor', on: 'white', minimum: 4.5 },
  { key: 'headerTextColor', on: 'headerBackgroundColor', minimum: 4.5 },
  { key: 'focusColor', on: 'white', minimum: 3 },
] as const satisfies readonly { key: ThemeColorKey; on: ThemeColorKey | 'white'; minimum: number }[];

export interface ContrastCheck {
  key: ThemeColorKey;
  on: (typeof CONTRAST_RULES)[number]['on'];
  color: string;
  background: string;
  /** Rounded down to two decimals (never shown better than it is). */
  ratio: number;
  minimum: number;
  ok: boolean;
}

/** Each rule of CONTRAST_RULES held against a theme (the colours already valid hex; one left out is the default's). */
export function contrastChecks(colors: ThemeColors): ContrastCheck[] {
  const c = { ...DEFAULT_COLORS, ...colors };
  return CONTRAST_RULES.map((rule) => {
    const background = rule.on === 'white' ? WHITE : c[rule.on];
    const ratio = contrastRatio(c[rule.key], background);
    return { key: rule.key, on: rule.on, color: c[rule.key], background, ratio: round(ratio), minimum: rule.minimum, ok: ratio >= rule.minimum };
  });
}

/**
 * Every WCAG AA problem of a theme (the colours already valid hex), as CONTRAST_RULES says. A
 * colour left out is checked with the default's.
 */
export function contrastProblems(colors: ThemeColors, pointer = (key: ThemeColorKey) => `/${key}`): InvalidParam[] {
  return contrastChecks(colors)
    .filter((check) => !check.ok)
    .map((check) => ({
      name: pointer(check.key),
      reason: `${check.key} ${check.color} on ${check.on === 'white' ? 'white' : `${check.on} ${check.background}`} has a contrast of ${check.ratio}:1; WCAG AA needs at least ${check.minimum}:1.`,
    }));
}

/** The design tokens (CSS custom properties) each colour sets. */
export const THEME_PROPERTIES: Record<ThemeColorKey, readonly string[]> = {
  primaryColor: ['--utrecht-button-primary-action-background-color', '--utrecht-button-primary-action-border-color', '--utrecht-button-primary-action-hover-background-color', '--utrecht-button-primary-action-active-background-color', '--utrecht-button-secondary-action-color', '--utrecht-button-secondary-action-border-color', '--utrecht-checkbox-checked-background-color', '--utrecht-radio-button-checked-background-color'],
  primaryTextColor: ['--utrecht-button-primary-action-color', '--utrecht-button-primary-action-hover-color', '--utrecht-button-primary-action-active-color'],
  linkColor: ['--utrecht-link-color', '--utrecht-link-hover-color', '--utrecht-link-visited-color'],
  focusColor: ['--utrecht-focus-outline-color'],
  headerBackgroundColor: ['--vervolg-header-background-color'],
  headerTextColor: ['--vervolg-header-color'],
};

/**
 * The theme as CSS custom properties over the default tokens (body.voorbeeld-theme outranks
 * .voorbeeld-theme); `selector` scopes them elsewhere (the settings page's preview box).
 */
export function themeCss(colors: ThemeColors, selector = 'body.voorbeeld-theme'): string {
  const lines: string[] = [];
  for (const key of THEME_COLOR_KEYS) {
    const value = colors[key];
    if (value) for (const p of THEME_PROPERTIES[key]) lines.push(`${p}:${value}`);
  }
  return lines.length ? `${selector}{${lines.join(';')}}\n` : '';
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

/**
 * The settings page's preview box in given colours (every one, the default's where left out): a
 * stylesheet whose name is the six colours, so it needs no storage, no sign-in and never changes
 * (the page's CSP allows no inline style). /assets/theme-preview/<36 hex digits>.css
 */
export function previewHref(colors: ThemeColors): string {
  const c = { ...DEFAULT_COLORS, ...colors };
  return `/assets/theme-preview/${THEME_COLOR_KEYS.map((key) => c[key].slice(1).toLowerCase()).join('')}.css`;
}

/** The preview stylesheet for a file name previewHref made; null when it is not one. */
export function previewCss(file: string): string | null {
  const m = /^([0-9a-f]{36})\.css$/.exec(file);
  if (!m) return null;
  const hex = m[1] as string;
  const colors = Object.fromEntries(THEME_COLOR_KEYS.map((key, i) => [key, `#${hex.slice(i * 6, i * 6 + 6)}`])) as ThemeColors;
  return themeCss(colors, '.vv-theme-preview');
}
