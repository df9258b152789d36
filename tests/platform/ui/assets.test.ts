// The shell's stylesheet and script: served by Vervolg itself under a content hash, cached for a
// year, compressed on Node, linked by every page; the page's CSP allows only this origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_COMPONENTS, buildUiBundle, pruneTokens, uiBundle } from '../../../src/platform/ui/assets.js';
import { nodeUiAssets } from '../../../src/platform/ui/ui-assets-node.js';
import { WORKER_UI_COMPONENTS } from '../../../src/platform/ui/ui-assets-worker.js';
import { type World, createWorld } from '../../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

describe('ui assets', () => {
  it('the Worker bundles the same components, in the same order, as Node reads', () => {
    expect([...WORKER_UI_COMPONENTS]).toEqual([...UI_COMPONENTS]);
  });

  it('a page links the hashed stylesheet and script, under a CSP of this origin only', async () => {
    const res = await w.app.request('/verify');
    expect(res.status).toBe(200);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    const bundle = uiBundle();
    expect(bundle).toBeDefined();
    expect(html).toContain(`<link rel="stylesheet" href="${bundle?.cssHref}"/>`);
    expect(html).toContain(`<script src="${bundle?.jsHref}" defer=""></script>`);
    expect(html).not.toContain('<style');
    expect(html).not.toMatch(/ style="/);
    expect(bundle?.cssHref).toMatch(/^\/assets\/[0-9a-f]{16}\/app\.css$/);
  });

  it('serves them immutable for a year, compressed when asked; an unknown hash is a 404', async () => {
    const bundle = uiBundle();
    if (!bundle) throw new Error('no bundle');
    const plain = await w.app.request(bundle.cssHref);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(plain.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const raw = await plain.text();
    expect(raw).toContain('.utrecht-button');
    expect(raw).toContain('--utrecht-button-primary-action-background-color:');
    const gz = await w.app.request(bundle.cssHref, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    const wire = (await gz.arrayBuffer()).byteLength;
    const js = await w.app.request(bundle.jsHref, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(js.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const jsWire = (await js.arrayBuffer()).byteLength;
    // The weight a phone downloads once (and then keeps for a year).
    console.info(`ui assets: app.css ${raw.length} bytes raw, ${wire} gzip; app.js ${bundle.js.length} raw, ${jsWire} gzip`);
    expect(wire).toBeLessThan(40_000);
    expect((await w.app.request('/assets/0000000000000000/app.css')).status).toBe(404);
  });

  it('keeps only the design tokens the components reach, through references', () => {
    const tokens = '.x {\n  --a: var(--b);\n  --b: #fff;\n  --c: red;\n  --d: var(--a);\n}\n';
    expect(pruneTokens(tokens, '.k{color:var(--d)}')).toBe('.voorbeeld-theme{--a:var(--b);--b:#fff;--d:var(--a)}');
    const bundle = buildUiBundle(nodeUiAssets());
    expect(bundle.css).not.toContain('--denhaag-');
    expect(bundle.css).toContain('--basis-color-');
  });
});
