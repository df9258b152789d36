// Secrets at rest: values the app must read back in the clear (TOTP keys, webhook signing
// secrets) are stored encrypted with AES-256-GCM (Web Crypto, so the same code runs on Node and
// in workerd), under a key from the SECRET_KEYS setting that never enters the database.
//
// Stored form, one self-describing ASCII string (fits the existing text columns):
//
//   enc1.<key id>.<IV, 12 bytes base64url>.<ciphertext + 16-byte tag, base64url>
//
// The key id says which key of the ring encrypted the value, so keys can be rotated: put a new
// key first in SECRET_KEYS (it encrypts from then on), keep the old one behind it (it still
// decrypts), run `npm run secrets:reencrypt`, then drop the old key. The additional authenticated
// data binds a value to its place — `<table>.<column>:<row key>` plus the format version and key
// id — so a ciphertext copied into another row (or column) does not decrypt: a database writer
// without the key can neither read a secret nor plant one of their choosing.
//
// Which key ring is in use is process-wide (per Node process, per Workers isolate): it comes from
// configuration once at start-up (installSecretKeys, called by createApp and the entries), like
// the configuration itself. Services call encryptSecret/openSecret without threading it through.
import { decodeBase64, decodeBase64urlIgnorePadding, decodeHex, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { sql } from 'kysely';
import { randomBytes } from './crypto.js';
import type { Tx } from './db/database.js';

export const SECRET_FORMAT = 'enc1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretKeyEntry {
  id: string;
  /** 32 raw bytes (AES-256). */
  key: Uint8Array;
}

/**
 * Parse SECRET_KEYS: comma-separated `keyId:base64key` entries, the first is the current key.
 * Returns the entries or the problems (each naming the entry by position and id, never the key).
 */
export function parseSecretKeys(text: string): { keys: SecretKeyEntry[]; problems: string[] } {
  const keys: SecretKeyEntry[] = [];
  const problems: string[] = [];
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) problems.push('no key: expected comma-separated keyId:base64key entries, the current key first');
  for (const [i, part] of parts.entries()) {
    const at = part.indexOf(':');
    const id = at < 0 ? '' : part.slice(0, at);
    const where = `entry ${i + 1}${KEY_ID.test(id) ? ` (${id})` : ''}`;
    if (at < 0 || !KEY_ID.test(id)) {
      problems.push(`${where}: expected keyId:base64key with a key id of 1–32 letters, digits, _ or -`);
      continue;
    }
    let key: Uint8Array;
    try {
      key = decodeBase64(part.slice(at + 1).trim());
    } catch {
      problems.push(`${where}: the key is not valid base64 (make one with: openssl rand -base64 32)`);
      continue;
    }
    if (key.length !== KEY_BYTES) {
      problems.push(`${where}: the key is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES} (make one with: openssl rand -base64 32)`);
      continue;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`${where}: the key id ${id} appears twice`);
      continue;
    }
    keys.push({ id, key });
  }
  return { keys, problems };
}

/** A new random key entry in SECRET_KEYS form (`keyId:base64key`). */
export function newSecretKeyEntry(id: string): string {
  if (!KEY_ID.test(id)) throw new Error(`Not a valid key id: ${id}`);
  const key = randomBytes(KEY_BYTES);
  return `${id}:${btoa(String.fromCharCode(...key))}`;
}

/** Decryption failed: the message says where and why, never the value or the key. */
export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

const encoder = new TextEncoder();
/** A copy on a plain ArrayBuffer (what Web Crypto's types ask for). */
const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

function additionalData(keyId: string, aad: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`vervolg:${SECRET_FORMAT}:${keyId}:${aad}`);
}

/** The keys that encrypt (the first) and decrypt (all) stored secrets. */
export class SecretKeyRing {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  readonly #raw = new Map<string, Uint8Array>();
  readonly #imported = new Map<string, Promise<CryptoKey>>();

  constructor(entries: readonly SecretKeyEntry[]) {
    const first = entries[0];
    if (!first) throw new Error('A secret key ring needs at least one key.');
    for (const e of entries) {
      if (!KEY_ID.test(e.id) || e.key.length !== KEY_BYTES) throw new Error(`Invalid secret key ${e.id}: a key id and ${KEY_BYTES} bytes are needed.`);
      this.#raw.set(e.id, e.key);
    }
    this.currentKeyId = first.id;
    this.keyIds = entries.map((e) => e.id);
  }

  static fromSetting(text: string): SecretKeyRing {
    const { keys, problems } = parseSecretKeys(text);
    if (problems.length > 0) throw new Error(`SECRET_KEYS: ${problems.join('; ')}`);
    return new SecretKeyRing(keys);
  }

  #key(id: string): Promise<CryptoKey> | null {
    const raw = this.#raw.get(id);
    if (!raw) return null;
    let key = this.#imported.get(id);
    if (!key) {
      key = crypto.subtle.importKey('raw', bytes(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
      this.#imported.set(id, key);
    }
    return key;
  }

  /** Encrypt with the current key, bound to `aad` (where the value is stored). */
  async encrypt(plaintext: Uint8Array | string, aad: string): Promise<string> {
    const data = typeof plaintext === 'string' ? encoder.encode(plaintext) : plaintext;
    const iv = randomBytes(IV_BYTES);
    const key = (await this.#key(this.currentKeyId)) as CryptoKey;
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: bytes(iv), additionalData: additionalData(this.currentKeyId, aad), tagLength: TAG_BYTES * 8 }, key, bytes(data)));
    return `${SECRET_FORMAT}.${this.currentKeyId}.${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(sealed)}`;
  }

  /** Decrypt a stored value bound to `aad`; throws SecretDecryptionError saying why. */
  async decrypt(value: string, aad: string): Promise<Uint8Array> {
    const parsed = parseStored(value);
    if (!parsed) throw new SecretDecryptionError(`The stored secret ${aad} is not in the ${SECRET_FORMAT} format (plaintext or damaged).`);
    const key = this.#key(parsed.keyId);
    if (!key) {
      throw new SecretDecryptionError(
        `The stored secret ${aad} is encrypted with key id ${parsed.keyId}, which is not in SECRET_KEYS (known: ${this.keyIds.join(', ')}). Put that key back, or run secrets:reencrypt while it is still configured.`,
      );
    }
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(parsed.iv), additionalData: additionalData(parsed.keyId, aad), tagLength: TAG_BYTES * 8 }, await key, bytes(parsed.sealed)),
      );
    } catch {
      throw new SecretDecryptionError(
        `The stored secret ${aad} does not decrypt with key ${parsed.keyId}: the key under that id is not the one it was encrypted with, or the value was altered or copied from another row.`,
      );
    }
  }
}

interface ParsedSecret {
  keyId: string;
  iv: Uint8Array;
  sealed: Uint8Array;
}

function parseStored(value: string): ParsedSecret | null {
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== SECRET_FORMAT || !KEY_ID.test(parts[1] as string)) return null;
  try {
    const iv = decodeBase64urlIgnorePadding(parts[2] as string);
    const sealed = decodeBase64urlIgnorePadding(parts[3] as string);
    if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) return null;
    return { keyId: parts[1] as string, iv, sealed };
  } catch {
    return null;
  }
}

/** True when the value is in the encrypted format (whatever its key). */
export function isEncryptedSecret(value: string): boolean {
  return parseStored(value) !== null;
}

/** The key id a stored value was encrypted with, or null for anything else (legacy plaintext). */
export function secretKeyIdOf(value: string): string | null {
  return parseStored(value)?.keyId ?? null;
}

// ---- the process-wide key ring ----

let installed: SecretKeyRing | null = null;

/** Set the key ring for this process/isolate (from configuration, at start-up). */
export function installSecretKeys(ring: SecretKeyRing | readonly SecretKeyEntry[]): SecretKeyRing {
  installed = ring instanceof SecretKeyRing ? ring : new SecretKeyRing(ring);
  return installed;
}

export function secretKeyRing(): SecretKeyRing {
  if (!installed) throw new Error('No secret keys: SECRET_KEYS is not configured (see README, Configuration).');
  return installed;
}

/** Encrypt a secret for storage at `aad` (see secretAad) with the current key. */
export function encryptSecret(plaintext: Uint8Array | string, options: { aad: string }): Promise<string> {
  return secretKeyRing().encrypt(plaintext, options.aad);
}

/** Decrypt a stored secret (encrypted format only). */
export function decryptSecret(value: string, options: { aad: string }): Promise<Uint8Array> {
  return secretKeyRing().decrypt(value, options.aad);
}

/** Where a secret lives: the additional authenticated data that binds it to its row. */
export function secretAad(table: string, column: string, ...rowKey: string[]): string {
  return `${table}.${column}:${rowKey.join('/')}`;
}

// ---- the secrets Vervolg stores, and where ----

/** A column that holds secrets: its row key (for the AAD) and how its legacy plaintext reads. */
export interface StoredSecretColumn {
  table: string;
  column: string;
  /** Columns that identify the row, in AAD order. */
  rowKey: readonly string[];
  /** The plaintext form stored before migration 0013, decoded to the secret's bytes. */
  legacy: (value: string) => Uint8Array;
}

export const STORED_SECRETS = {
  /** The TOTP key (20 bytes); legacy form: lower-case hex. */
  totpKey: {
    table: 'users',
    column: 'totp_key',
    rowKey: ['id'],
    legacy: (value: string) => {
      if (!/^[0-9a-f]{40}$/.test(value)) throw new SecretDecryptionError('The stored secret users.totp_key is neither encrypted nor a legacy hex key.');
      return decodeHex(value);
    },
  },
  /** A webhook endpoint's signing secret (the `whsec_…` text, UTF-8); legacy form: the text. */
  webhookSecret: {
    table: 'webhook_endpoints',
    column: 'secret',
    rowKey: ['tenant_id', 'id'],
    legacy: (value: string) => encoder.encode(value),
  },
} as const satisfies Record<string, StoredSecretColumn>;
export type StoredSecretKind = keyof typeof STORED_SECRETS;

const aadOf = (kind: StoredSecretKind, rowKey: readonly string[]) => secretAad(STORED_SECRETS[kind].table, STORED_SECRETS[kind].column, ...rowKey);

/** Encrypt a secret for the column `kind` of the row `rowKey` (e.g. [userId]; [tenantId, id]). */
export function sealStoredSecret(kind: StoredSecretKind, rowKey: readonly string[], plaintext: Uint8Array | string): Promise<string> {
  return encryptSecret(plaintext, { aad: aadOf(kind, rowKey) });
}

/**
 * Read a stored secret of the column `kind` of the row `rowKey`. Encrypted values are decrypted.
 * A legacy plaintext value (written before migration 0013) is accepted only while the database
 * says legacy values may still exist (`secrets_state.legacy_plaintext`, cleared by
 * `npm run secrets:reencrypt` once it has encrypted them all; `legacyAllowed` asks it): after
 * that, plaintext is refused like a tampered value, so whoever can write to the database still
 * cannot plant a secret of their choosing.
 */
export async function openStoredSecret(
  kind: StoredSecretKind,
  rowKey: readonly string[],
  value: string,
  legacyAllowed: () => Promise<boolean>,
): Promise<Uint8Array> {
  const aad = aadOf(kind, rowKey);
  if (isEncryptedSecret(value)) return decryptSecret(value, { aad });
  if (await legacyAllowed()) return STORED_SECRETS[kind].legacy(value);
  throw new SecretDecryptionError(`The stored secret ${aad} is not encrypted, and plaintext secrets are no longer accepted (secrets:reencrypt has run).`);
}

/** Whether legacy plaintext secrets may still be in the database (see openStoredSecret). */
export async function legacyPlaintextAllowed(trx: Tx): Promise<boolean> {
  const { rows } = await sql<{ legacy_plaintext: boolean }>`select legacy_plaintext from secrets_state`.execute(trx);
  return rows[0]?.legacy_plaintext === true;
}

const decoder = new TextDecoder();
export const utf8 = (bytes: Uint8Array) => decoder.decode(bytes);
