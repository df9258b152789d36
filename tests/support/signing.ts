// Reading what the signing flow sends and sets, for tests that click through the signing page:
// the messages in the outbox (the link, the one-time codes) and the download session cookie.
// Works on any test database (the World's, the Workers harness's): it reads the outbox table as
// the owner role.
import { sql } from 'kysely';
import type { Database } from '../../src/platform/db/database.js';

/** The bodies of every message to `recipient` (a mobile number or an e-mail address), oldest first. */
export async function outboxTo(db: Database, recipient: string): Promise<string[]> {
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(db);
  return rows.map((r) => r.body);
}

/** The token of the signing link in a message (/sign?t=…); fails the test, showing the message, when there is none. */
export function signingLinkToken(body: string | undefined): string {
  const token = /\/sign\?t=([a-z2-7]{32})/.exec(body ?? '')?.[1];
  if (!token) throw new Error(`no signing link in this message: ${body}`);
  return token;
}

/** The six-digit one-time code in a message; fails the test, showing the message, when there is none. */
export function oneTimeCode(body: string | undefined): string {
  const code = /\b(\d{6})\b/.exec(body ?? '')?.[1];
  if (!code) throw new Error(`no six-digit code in this message: ${body}`);
  return code;
}

/** The download session cookie a response set (name=value), or null. */
export const downloadCookie = (res: Response): string | null => /(vervolg_download=[a-z2-7]{32})/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? null;
