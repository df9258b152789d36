// `npm run secrets:reencrypt`: encrypt every stored secret (TOTP keys, webhook signing secrets)
// with the current key of SECRET_KEYS — legacy plaintext and values under an older key id alike —
// against DATABASE_URL, or the embedded database in DATA_DIR when it is unset. Idempotent; one
// transaction per batch; a progress line per batch. Prints which key ids are still in use
// afterwards, so you know when an old key may be removed from SECRET_KEYS. Exits 1 if a value
// could not be decrypted (its key is missing from SECRET_KEYS, or it was altered).
//
// Rotation: SECRET_KEYS="new:…,old:…" npm run secrets:reencrypt, then deploy with SECRET_KEYS="new:…".
import { parseArgs } from 'node:util';
import { migrate } from '../src/platform/db/migrate.js';
import { developmentSecretKeys } from '../src/platform/dev-secrets-node.js';
import { SecretKeyRing } from '../src/platform/secrets.js';
import { reencryptSecrets, secretKeyUsage } from '../src/platform/secrets-reencrypt.js';
import { openFromEnv } from './db.js';

const { values } = parseArgs({ options: { 'batch-size': { type: 'string' } } });
const batchSize = values['batch-size'] ? Number(values['batch-size']) : 500;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
  console.error('Usage: npm run secrets:reencrypt [-- --batch-size 500]   (SECRET_KEYS: current key first)');
  process.exit(2);
}
const { handle, config } = await openFromEnv();
let failed = false;
try {
  const keys = config.secretKeys ?? (await developmentSecretKeys(config.dataDir)).keys;
  const ring = new SecretKeyRing(keys);
  await migrate(handle.db, console.log);
  console.log(`secrets: re-encrypting with key ${ring.currentKeyId} (known: ${ring.keyIds.join(', ')})`);
  const result = await reencryptSecrets(handle.db, ring, { batchSize, say: console.log });
  for (const failure of result.failures) console.error(`secrets: not re-encrypted: ${failure}`);
  const usage = await secretKeyUsage(handle.db);
  const inUse = Object.entries(usage).map(([id, n]) => `${id} ${n}`).join(', ') || 'none';
  console.log(`secrets: stored values per key id: ${inUse}`);
  const removable = ring.keyIds.filter((id) => id !== ring.currentKeyId && !usage[id]);
  if (removable.length > 0) console.log(`secrets: no stored value uses ${removable.join(', ')} any more; it may be removed from SECRET_KEYS`);
  failed = result.failures.length > 0;
} finally {
  await handle.close();
}
process.exit(failed ? 1 : 0);
