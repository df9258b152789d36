// Writes openapi/openapi.json from the routes (generate), or fails when the committed file is
// stale (check).
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/app.js';

const path = new URL('../openapi/openapi.json', import.meta.url);
const text = `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error('openapi/openapi.json is stale: run `npm run openapi:generate` and commit the result.');
    process.exit(1);
  }
  console.log('openapi/openapi.json is up to date.');
} else {
  writeFileSync(path, text);
  console.log('wrote openapi/openapi.json');
}
