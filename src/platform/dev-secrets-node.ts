// Node only (uses the file system; the Worker bundle must not import this file).
// Development without SECRET_KEYS: a key is made at first start and kept in DATA_DIR (git-ignored,
// see .gitignore), so secrets encrypted by one run decrypt in the next. It is printed nowhere.
// The file is a dotenv file (`SECRET_KEYS=dev:<base64>`), so `npm run dev:worker` hands the same
// key to the Worker (wrangler --env-file). Deleting it makes the stored TOTP keys and webhook
// secrets of the development database unreadable.
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type SecretKeyEntry, newSecretKeyEntry, parseSecretKeys } from './secrets.js';

export const DEVELOPMENT_SECRET_KEYS_FILE = 'dev-secrets.env';

/** The development key ring from `<dataDir>/dev-secrets.env`, made if missing. */
export async function developmentSecretKeys(dataDir: string): Promise<{ keys: SecretKeyEntry[]; path: string; created: boolean }> {
  const path = resolve(join(dataDir, DEVELOPMENT_SECRET_KEYS_FILE));
  const read = async () => {
    try {
      const line = (await readFile(path, 'utf8')).split('\n').find((l) => l.startsWith('SECRET_KEYS='));
      return line ? line.slice('SECRET_KEYS='.length).trim() : '';
    } catch {
      return null;
    }
  };
  let text = await read();
  let created = false;
  if (text === null) {
    await mkdir(dirname(path), { recursive: true });
    // Written whole under a temporary name, then linked into place, which fails if the file exists:
    // of two first starts at once, one key wins and both use it.
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(tmp, `SECRET_KEYS=${newSecretKeyEntry('dev')}\n`, { mode: 0o600 });
      await link(tmp, path);
      created = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      await rm(tmp, { force: true });
    }
    text = (await read()) ?? '';
  }
  const { keys, problems } = parseSecretKeys(text);
  // Never overwrite a file we cannot read: it may hold the only key to this database's secrets.
  if (problems.length > 0) throw new Error(`${path} is not a valid SECRET_KEYS file (${problems.join('; ')}); fix it, or delete it to make a new key (stored TOTP keys and webhook secrets are then lost).`);
  return { keys, path, created };
}
