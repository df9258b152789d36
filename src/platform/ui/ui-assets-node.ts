// The pages' NL Design System CSS on Node: read once at start from the pinned packages in
// node_modules (the @utrecht/*-css packages come with @utrecht/component-library-css). Workers
// use ui-assets-worker.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UI_COMPONENTS, type UiAssetSources } from './assets.js';

const require = createRequire(import.meta.url);

let read: UiAssetSources | undefined;

/** Read once per process (tests build many apps). */
export function nodeUiAssets(): UiAssetSources {
  read ??= {
    components: UI_COMPONENTS.map((name) => readFileSync(require.resolve(`@utrecht/${name}-css/dist/index.min.css`), 'utf8')),
    tokens: readFileSync(require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css'), 'utf8'),
  };
  return read;
}
