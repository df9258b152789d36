// Session tokens (Lucia guide), API keys and one-time tokens. Only SHA-256 hashes are stored;
// comparisons of hashes are constant-time.
import { randomToken, sha256Hex } from '../crypto.js';

export interface SessionToken {
  id: string;
  secret: string;
  token: string;
  secretHash: string;
}

export function newSessionToken(): SessionToken {
  const id = randomToken(15);
  const secret = randomToken(20);
  return { id, secret, token: `${id}.${secret}`, secretHash: sha256Hex(secret) };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{32}$/.test(secret)) return null;
  return { id, secret };
}

/** API keys look like `vvk_` + 32 base32 characters; the first 12 characters are shown as the prefix. */
export const API_KEY_PREFIX = 'vvk_';
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomToken(20)}`;
  return { key, prefix: key.slice(0, 12), hash: sha256Hex(key) };
}
export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX) && /^vvk_[a-z2-7]{32}$/.test(token);
}

/** One-time tokens in links (invitations, password reset, login links). */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomToken(20);
  return { token, hash: sha256Hex(token) };
}
