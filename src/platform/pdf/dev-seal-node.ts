// Node only (uses the file system; the Worker bundle must not import this file).
// The development seal is made once and kept in `.data/dev-seal.p12` (git-ignored, like every
// *.p12), so that PDFs sealed in development keep verifying across restarts. It is self-signed and
// trusted by no one, so its passphrase is a fixed, public value: the file is self-contained and
// can be written atomically (no second file to get out of step with it).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createDevelopmentSealer, DEVELOPMENT_SEAL_COMMON_NAME, openSealer, type Sealer } from './seal.js';

export const DEFAULT_DEVELOPMENT_SEAL_PATH = '.data/dev-seal.p12';
export const DEVELOPMENT_SEAL_PASSPHRASE = 'vervolg-development-seal';

export interface DevelopmentSealerFile extends Sealer {
  path: string;
  /** True when this call made the file (first start, or the old one was about to expire). */
  created: boolean;
}

/** Renew a development seal that expires within this many days. */
const RENEW_BEFORE_DAYS = 14;

export async function generateDevelopmentSealerFile(path = DEFAULT_DEVELOPMENT_SEAL_PATH, now = new Date()): Promise<DevelopmentSealerFile> {
  const file = resolve(path);
  const existing = await readExisting(file, now);
  if (existing) return { ...existing, path: file, created: false };

  const sealer = await createDevelopmentSealer({ passphrase: DEVELOPMENT_SEAL_PASSPHRASE, now });
  await mkdir(dirname(file), { recursive: true });
  // Write to a temporary name, then rename: a concurrent reader sees the old file or the new one.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, sealer.p12, { mode: 0o600 });
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return { ...sealer, path: file, created: true };
}

async function readExisting(file: string, now: Date): Promise<Sealer | null> {
  let p12: Uint8Array;
  try {
    p12 = new Uint8Array(await readFile(file));
  } catch {
    return null;
  }
  let sealer: Sealer;
  try {
    sealer = await openSealer(p12, DEVELOPMENT_SEAL_PASSPHRASE, { name: file });
  } catch (error) {
    // Never overwrite a file we cannot read: it may be someone's real certificate.
    throw new Error(`${file} exists but is not a readable development seal (${error instanceof Error ? error.message : error}); delete it to make a new one.`);
  }
  const cert = sealer.info;
  if (cert.commonName !== DEVELOPMENT_SEAL_COMMON_NAME) {
    throw new Error(`${file} holds a certificate for '${cert.commonName}', not the development seal; move it away to make a new one.`);
  }
  // About to expire: replace it (only old development PDFs depend on it).
  if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * 24 * 3600_000) return null;
  return sealer;
}
