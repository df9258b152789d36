// Signing webhook deliveries (Stripe-like): header `Vervolg-Signature: t=<unix seconds>,v1=<hex>`
// where hex is HMAC-SHA256, keyed with the endpoint secret (the whole string, UTF-8), over
// `<t>.<raw body>`. Receivers recompute it over the raw bytes they received, compare in constant
// time and refuse a timestamp too far from their clock (replays). verifyWebhookSignature below
// does exactly that. Web Crypto only, so it runs on Workers and on Node alike.
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding';
import { randomToken } from '../crypto.js';

/** A new endpoint secret: `whsec_` and 256 random bits (base32). */
export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}

const encoder = new TextEncoder();

async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>` with the secret: the v1 signature. */
export async function signWebhookPayload(secret: string, timestamp: number, body: string): Promise<string> {
  return encodeHexLowerCase(await hmacSha256(secret, `${timestamp}.${body}`));
}

/** The Vervolg-Signature header value for a body sent at `now`. */
export async function webhookSignatureHeader(secret: string, body: string, now: Date = new Date()): Promise<{ timestamp: number; header: string }> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { timestamp, header: `t=${timestamp},v1=${await signWebhookPayload(secret, timestamp, body)}` };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Check a Vervolg-Signature header the way a receiver should: the raw body as received, a
 * timestamp within `toleranceSeconds` of `now` (either way), and a v1 signature that matches in
 * constant time. Several v1 values are allowed (e.g. while a secret is being replaced).
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): Promise<boolean> {
  if (!header) return false;
  let timestamp: number | null = null;
  const candidates: Uint8Array[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) candidates.push(decodeHex(value.toLowerCase()));
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  const expected = await hmacSha256(secret, `${timestamp}.${body}`);
  let ok = false;
  for (const candidate of candidates) ok = constantTimeEqual(candidate, expected) || ok;
  return ok;
}
