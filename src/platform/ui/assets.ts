// The pages' own stylesheet and script, served by Vervolg itself under a content-hashed path
// (/assets/<hash>/app.css, /assets/<hash>/app.js: cached for a year, immutable), so the shell links
// them with <link>/<script src> under a CSP that allows only this origin.
//
// The stylesheet is built once per process/isolate from three parts:
// - the CSS of only the NL Design System components the pages use (@utrecht/*-css, EUPL-1.2, the
//   minified per-component files the @utrecht/component-library-css bundle is made of): ~130 kB
//   raw instead of the bundle's 400 kB;
// - the neutral default theme's design tokens (@nl-design-system-unstable/voorbeeld-design-tokens,
//   EUPL-1.2: NL Design System's own example theme, no municipality's brand), pruned to the custom
//   properties those components and app.css actually reach (~200 kB → a few kB);
// - app.css, our own layout tweaks.
// Where the files come from depends on the runtime: Node reads them from node_modules at start
// (ui-assets-node.ts), Workers import them as text modules (ui-assets-worker.ts).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { APP_CSS, APP_JS } from './app-files.js';

/** The @utrecht components whose CSS the pages use, in cascade order. Add one here AND in ui-assets-worker.ts. */
export const UI_COMPONENTS = [
  'root',
  'document',
  'page',
  'page-header',
  'page-content',
  'page-footer',
  'skip-link',
  'heading-1',
  'heading-2',
  'heading-3',
  'paragraph',
  'link',
  'unordered-list',
  'ordered-list',
  'separator',
  'nav-bar',
  'nav-list',
  'alternate-lang-nav',
  'alert',
  'button-link',
  'table',
  'data-list',
  'status-badge',
  'form-field',
  'form-fieldset',
  'form-label',
  'form-field-description',
  'form-field-error-message',
  'textbox',
  'textarea',
  'select',
  'checkbox',
  'radio-button',
  'button',
  'button-group',
] as const;

/** The raw texts, as the runtime found them. */
export interface UiAssetSources {
  /** dist/index.min.css of each of UI_COMPONENTS, in that order. */
  components: readonly string[];
  /** voorbeeld-design-tokens dist/theme.css */
  tokens: string;
}

export interface UiBundle {
  css: string;
  js: string;
  cssHref: string;
  jsHref: string;
}

const DECLARATION = /^\s*(--[A-Za-z0-9_-]+)\s*:\s*(.*?);\s*$/;
const REFERENCE = /var\(\s*(--[A-Za-z0-9_-]+)/g;

const referencesIn = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[1] as string);

/**
 * The token file's declarations that `used` reaches, directly or through other tokens, under the
 * `.voorbeeld-theme` class the shell puts on <html>. The token file is generated one declaration
 * per line; anything else in it is dropped.
 */
export function pruneTokens(tokens: string, used: string): string {
  const declared = new Map<string, string>();
  for (const line of tokens.split('\n')) {
    const m = DECLARATION.exec(line);
    if (m) declared.set(m[1] as string, m[2] as string);
  }
  const keep = new Set<string>();
  const queue = referencesIn(used);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (keep.has(name) || !declared.has(name)) continue;
    keep.add(name);
    queue.push(...referencesIn(declared.get(name) as string));
  }
  const lines = [...declared].filter(([name]) => keep.has(name)).map(([name, value]) => `${name}:${value}`);
  return `.voorbeeld-theme{${lines.join(';')}}`;
}

const hashOf = (text: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(text))).slice(0, 16);

export function buildUiBundle(sources: UiAssetSources): UiBundle {
  const components = sources.components.join('\n');
  const css = `/* NL Design System components (@utrecht/*-css) and tokens (@nl-design-system-unstable/voorbeeld-design-tokens), EUPL-1.2 */\n${components}\n${pruneTokens(sources.tokens, `${components}\n${APP_CSS}`)}\n${APP_CSS}`;
  const hash = hashOf(`${css}\n${APP_JS}`);
  return { css, js: APP_JS, cssHref: `/assets/${hash}/app.css`, jsHref: `/assets/${hash}/app.js` };
}

let current: UiBundle | undefined;

/** Called by createApp with what the entry loaded; the shell links the current bundle. */
export function installUiBundle(bundle: UiBundle): void {
  current = bundle;
}

/** The bundle the shell links, if the entry gave one (an app built without assets renders unstyled). */
export const uiBundle = (): UiBundle | undefined => current;
