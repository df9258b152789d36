// E-mail and SMS leave through an outbox table: a message is written in the same transaction as
// the change that caused it (no invitation e-mail for a rolled-back invitation), and a scheduled
// job delivers due messages through a transport, with retries and exponential backoff.
//
// A message someone is waiting for (a one-time code) need not wait for the job: enqueued with
// `immediately`, its id is remembered with the transaction, and the request's entry
// (requestTransaction) delivers it right after the commit — the same claim-and-mark as the job, so
// it is marked sent and never sent twice; a failed send stays pending for the job's retry.
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { uuidv7 } from './crypto.js';
import { type Database, JOBS_ROLE, type Tx, inAppTransaction } from './db/database.js';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject?: string;
  body: string;
  tenantId?: string | null;
}

export interface DeliveryResult {
  ok: boolean;
  /** The transport's id for the message, when sent. */
  reference?: string;
  /** A failure that will not get better by retrying (e.g. a rejected address). */
  permanent?: boolean;
  error?: string;
}

export interface OutboxTransport {
  send(message: OutgoingMessage & { id: string }): Promise<DeliveryResult>;
}

export const MAX_ATTEMPTS = 8;

/** Backoff after the n-th failed attempt: 1, 2, 4 … minutes, capped at 4 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 240) * 60_000;
}

/** Outbox ids to deliver once the transaction that wrote them has committed, per transaction. */
const afterCommit = new WeakMap<object, Set<string>>();

/** Deliver this outbox message as soon as `trx` commits (see takeAfterCommit). */
export function deliverAfterCommit(trx: Tx, id: string): void {
  const ids = afterCommit.get(trx) ?? new Set<string>();
  ids.add(id);
  afterCommit.set(trx, ids);
}

/** The ids registered on `trx` (once: they are forgotten). Call only after it committed. */
export function takeAfterCommit(trx: Tx): string[] {
  const ids = afterCommit.get(trx);
  afterCommit.delete(trx);
  return ids ? [...ids] : [];
}

export async function enqueue(trx: Tx, message: OutgoingMessage, options: { immediately?: boolean } = {}): Promise<string> {
  const id = uuidv7();
  await trx
    .insertInto('outbox')
    .values({
      id,
      tenant_id: message.tenantId ?? null,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject ?? '',
      body: message.body,
      next_attempt_at: new Date(),
      last_error: null,
      provider_reference: null,
    })
    .execute();
  if (options.immediately) deliverAfterCommit(trx, id);
  return id;
}

/**
 * Deliver due messages. Runs as the jobs role, whose policy lets it see every tenant's outbox and
 * nothing else. Rows are claimed with SKIP LOCKED so two job runs never send one message twice.
 */
export async function deliverDue(db: Database, transport: OutboxTransport, now = new Date(), limit = 50): Promise<{ sent: number; failed: number; retried: number }> {
  return deliver(db, transport, now, { limit });
}

/**
 * Deliver these messages now, whatever their next attempt time (they were just committed). Rows
 * already claimed by a job run are skipped (that run sends them); a failure is recorded as by the
 * job, so the job retries it with the usual backoff.
 */
export async function deliverNow(db: Database, transport: OutboxTransport, ids: string[], now = new Date()): Promise<{ sent: number; failed: number; retried: number }> {
  if (ids.length === 0) return { sent: 0, failed: 0, retried: 0 };
  return deliver(db, transport, now, { limit: ids.length, ids });
}

async function deliver(db: Database, transport: OutboxTransport, now: Date, options: { limit: number; ids?: string[] }): Promise<{ sent: number; failed: number; retried: number }> {
  const counts = { sent: 0, failed: 0, retried: 0 };
  const { limit, ids } = options;
  await inAppTransaction(
    db,
    async (trx) => {
      let query = trx.selectFrom('outbox').selectAll().where('status', '=', 'pending');
      query = ids ? query.where('id', 'in', ids) : query.where('next_attempt_at', '<=', now);
      const due = await query.orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
      for (const row of due) {
        let result: DeliveryResult;
        try {
          result = await transport.send({ id: row.id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body, tenantId: row.tenant_id });
        } catch (error) {
          result = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
        const attempts = row.attempts + 1;
        if (result.ok) {
          counts.sent++;
          await trx.updateTable('outbox').set({ status: 'sent', attempts, sent_at: now, provider_reference: result.reference ?? null, last_error: null }).where('id', '=', row.id).execute();
        } else if (result.permanent || attempts >= MAX_ATTEMPTS) {
          counts.failed++;
          await trx.updateTable('outbox').set({ status: 'failed', attempts, last_error: (result.error ?? 'failed').slice(0, 500) }).where('id', '=', row.id).execute();
        } else {
          counts.retried++;
          await trx
            .updateTable('outbox')
            .set({ attempts, last_error: (result.error ?? 'failed').slice(0, 500), next_attempt_at: new Date(now.getTime() + backoffMs(attempts)) })
            .where('id', '=', row.id)
            .execute();
        }
      }
    },
    JOBS_ROLE,
  );
  return counts;
}

/**
 * Development transport: prints the message so a local user can follow an invitation link.
 * Only used outside production (config refuses it there unless chosen explicitly).
 */
export class ConsoleTransport implements OutboxTransport {
  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}
  async send(message: OutgoingMessage & { id: string }): Promise<DeliveryResult> {
    this.print(`\n--- ${message.channel} to ${message.recipient} ---\n${message.subject ? `Subject: ${message.subject}\n` : ''}${message.body}\n---`);
    return { ok: true, reference: `console-${message.id}` };
  }
}

export interface NotifySettings {
  baseUrl: string;
  /** A Notify API key: `{name}-{serviceId (uuid)}-{secret (uuid)}`. */
  apiKey: string;
  emailTemplateId: string;
  smsTemplateId: string;
}

/** The JWT Notify expects: HS256 over {iss: serviceId, iat}, keyed with the key's secret part. */
export async function notifyJwt(apiKey: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  const serviceId = apiKey.slice(-73, -37);
  const secret = apiKey.slice(-36);
  const enc = new TextEncoder();
  const header = encodeBase64urlNoPadding(enc.encode(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));
  const payload = encodeBase64urlNoPadding(enc.encode(JSON.stringify({ iss: serviceId, iat: nowSeconds })));
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${header}.${payload}`)));
  return `${header}.${payload}.${encodeBase64urlNoPadding(signature)}`;
}

/**
 * HTTP transport in the shape of the GOV.UK Notify v2 API, which NotifyNL follows: one generic
 * template per channel with ((subject)) and ((body)) placeholders.
 */
export class NotifyTransport implements OutboxTransport {
  constructor(
    private readonly settings: NotifySettings,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async send(message: OutgoingMessage & { id: string }): Promise<DeliveryResult> {
    const isEmail = message.channel === 'email';
    const path = isEmail ? '/v2/notifications/email' : '/v2/notifications/sms';
    const body = isEmail
      ? { email_address: message.recipient, template_id: this.settings.emailTemplateId, personalisation: { subject: message.subject ?? '', body: message.body }, reference: message.id }
      : { phone_number: message.recipient, template_id: this.settings.smsTemplateId, personalisation: { body: message.body }, reference: message.id };
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.settings.baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await notifyJwt(this.settings.apiKey)}` },
        body: JSON.stringify(body),
        // A hung provider must not hold the claimed row (or a page waiting for its code) for long.
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      return { ok: false, error: `network: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (response.status === 201 || response.status === 200) {
      const json = (await response.json().catch(() => ({}))) as { id?: string };
      return { ok: true, reference: json.id ?? '' };
    }
    const text = (await response.text().catch(() => '')).slice(0, 300);
    // 4xx other than 429 means the request itself is wrong (address, template): retrying won't help.
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
    return { ok: false, permanent, error: `HTTP ${response.status}: ${text}` };
  }
}
