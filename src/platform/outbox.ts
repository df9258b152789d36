// E-mail and SMS leave through an outbox table: a message is written in the same transaction as
// the change that caused it (no invitation e-mail for a rolled-back invitation), and a scheduled
// job delivers due messages through a transport, with retries and exponential backoff.
//
// Delivery is claim → send → record, and the send happens outside any database transaction (a
// hung provider holds neither a connection nor row locks — PGlite has one connection):
// 1. claim, in a short transaction: due rows become `sending` with a lease (claimed_until) and one
//    more attempt, FOR UPDATE SKIP LOCKED, so two runs never take the same row;
// 2. send each claimed message (the transport has its own timeout);
// 3. record each outcome in a short transaction. If the database is gone at that moment the
//    acknowledged outcome stays in this process's memory and the write is retried with backoff,
//    then again at the start of every later run: a message the transport acknowledged is never
//    sent again while this process lives.
// A row still `sending` after its lease has an outcome nobody recorded (the process died between
// send and record, or the transport never answered). It is not sent blindly: the transport is
// asked first whether it already has a message with that reference (our outbox id) — found, it
// is marked sent; not found, it is sent.
//
// A message someone is waiting for (a one-time code) need not wait for the job: enqueued with
// `immediately`, its id is remembered with the transaction, and the request's entry
// (requestTransaction) delivers it right after the commit through the same claim, send and record,
// so it is never sent twice; a failed send stays pending for the job's retry.
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { uuidv7 } from './crypto.js';
import { type Database, JOBS_ROLE, type Tx, inAppTransaction } from './db/database.js';
import { type RetryPolicy, retryWithBackoff } from './retry.js';

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
  /**
   * No answer came (timeout, connection lost): the transport may have accepted the message. It is
   * retried like a failure, but the transport is asked for it (find) before it is sent again.
   */
  uncertain?: boolean;
  error?: string;
}

/** What a transport knows about a message it was given with this reference. */
export type FoundMessage = { found: true; reference: string } | { found: false };

export interface OutboxTransport {
  /** Send; the message's id goes along as the transport's `reference`. */
  send(message: OutgoingMessage & { id: string }): Promise<DeliveryResult>;
  /**
   * Whether the transport already has the message sent with this reference (an outbox id), and
   * its own id for it. Asked before a message whose earlier outcome is unknown is sent again. A
   * transport that cannot tell answers `{ found: false }`: such a message is then sent again (at
   * least once, not exactly once). Throws when it cannot be asked now: the message waits for its
   * next attempt, still unknown.
   */
  find(reference: string): Promise<FoundMessage>;
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

export interface DeliveryCounts {
  sent: number;
  failed: number;
  retried: number;
}

export interface DeliveryOptions {
  /**
   * How long to keep retrying the record of outcomes when the database fails right after the
   * sends. What is still unrecorded then stays in memory for the next run.
   */
  recordRetry?: RetryPolicy;
}

/** The job may wait for the database for a while; nothing waits for the job. */
const JOB_RECORD_RETRY: RetryPolicy = { windowMs: 2 * 60_000 };
/** A request waits for deliverNow (on Node the response follows it): a few seconds at most. */
const NOW_RECORD_RETRY: RetryPolicy = { windowMs: 3_000 };

/** The transport's own time limit per call (NotifyTransport's fetch). */
export const TRANSPORT_TIMEOUT_MS = 10_000;
/**
 * A claim's lease: long enough for every claimed message to be looked up and sent, each call
 * taking its full timeout, plus the time to record. Past it another run treats the row as an
 * outcome nobody recorded — so a lease too short would make that run ask, not send twice.
 */
export function leaseMs(claimed: number): number {
  return 2 * 60_000 + claimed * 2 * TRANSPORT_TIMEOUT_MS;
}

/**
 * Deliver due messages. Runs as the jobs role, whose policy lets it see every tenant's outbox and
 * nothing else.
 */
export async function deliverDue(db: Database, transport: OutboxTransport, now = new Date(), limit = 50, options: DeliveryOptions = {}): Promise<DeliveryCounts> {
  return deliver(db, transport, now, { limit, recordRetry: options.recordRetry ?? JOB_RECORD_RETRY });
}

/**
 * Deliver these messages now, whatever their next attempt time (they were just committed). Rows
 * already claimed by a job run are skipped (that run sends them); a failure is recorded as by the
 * job, so the job retries it with the usual backoff.
 */
export async function deliverNow(db: Database, transport: OutboxTransport, ids: string[], now = new Date(), options: DeliveryOptions = {}): Promise<DeliveryCounts> {
  if (ids.length === 0) return { sent: 0, failed: 0, retried: 0 };
  return deliver(db, transport, now, { limit: ids.length, ids, recordRetry: options.recordRetry ?? NOW_RECORD_RETRY });
}

interface ClaimedMessage {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  tenant_id: string | null;
  /** Including this claim. */
  attempts: number;
  /** The row was `sending` with its lease run out: its earlier outcome is unknown. */
  unknown: boolean;
}

/** An outcome to write: the row's new values, if it is still ours (sending, with our attempt count). */
interface Recording {
  id: string;
  attempts: number;
  acknowledged: boolean;
  update: {
    status: 'sending' | 'sent' | 'failed' | 'pending';
    claimed_until: Date | null;
    next_attempt_at?: Date;
    sent_at?: Date;
    provider_reference?: string | null;
    last_error: string | null;
  };
}

/**
 * Outcomes the transport acknowledged whose record did not reach the database, by outbox id:
 * written at the start of every run, and never sent again if their row is claimed meanwhile.
 */
const unrecorded = new Map<string, Recording>();

async function deliver(db: Database, transport: OutboxTransport, now: Date, options: { limit: number; ids?: string[]; recordRetry: RetryPolicy }): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, failed: 0, retried: 0 };
  // Earlier outcomes first: once written, their rows are no longer claimable. If the database is
  // still gone they stay in memory, and the claim below fails with the database's own error.
  if (unrecorded.size > 0) await record(db, [...unrecorded.values()]).catch(() => {});

  const claimed = await claim(db, now, options);
  const recordings: Recording[] = [];
  for (const row of claimed) {
    const remembered = unrecorded.get(row.id);
    // Already acknowledged in this process: record that outcome under this claim, do not send.
    const result = remembered?.acknowledged
      ? { ok: true, reference: remembered.update.provider_reference ?? '' }
      : await attempt(transport, row);
    const recording = outcome(row, result, now);
    if (result.ok) counts.sent++;
    else if (recording.update.status === 'failed') counts.failed++;
    else counts.retried++;
    recordings.push(recording);
    if (recording.acknowledged) unrecorded.set(row.id, recording);
  }
  if (recordings.length > 0) await retryWithBackoff(() => record(db, recordings), options.recordRetry);
  return counts;
}

/** Claim due rows: `sending`, leased, one attempt more. Committed before anything is sent. */
async function claim(db: Database, now: Date, options: { limit: number; ids?: string[] }): Promise<ClaimedMessage[]> {
  return inAppTransaction(
    db,
    async (trx) => {
      let query = trx
        .selectFrom('outbox')
        .select(['id', 'status'])
        .where((eb) =>
          eb.or([
            options.ids ? eb('status', '=', 'pending') : eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
          ]),
        );
      if (options.ids) query = query.where('id', 'in', options.ids);
      const due = await query.orderBy('next_attempt_at').limit(options.limit).forUpdate().skipLocked().execute();
      if (due.length === 0) return [];
      const rows = await trx
        .updateTable('outbox')
        .set((eb) => ({ status: 'sending', claimed_until: new Date(now.getTime() + leaseMs(due.length)), attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          due.map((r) => r.id),
        )
        .returning(['id', 'channel', 'recipient', 'subject', 'body', 'tenant_id', 'attempts'])
        .execute();
      const unknown = new Set(due.filter((r) => r.status === 'sending').map((r) => r.id));
      return rows.map((r) => ({ ...r, unknown: unknown.has(r.id) }));
    },
    JOBS_ROLE,
  );
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Send one claimed message, outside any transaction; first ask the transport if its last outcome is unknown. */
async function attempt(transport: OutboxTransport, row: ClaimedMessage): Promise<DeliveryResult> {
  if (row.unknown) {
    let found: FoundMessage;
    try {
      found = await transport.find(row.id);
    } catch (error) {
      return { ok: false, uncertain: true, error: `lookup: ${messageOf(error)}` };
    }
    if (found.found) return { ok: true, reference: found.reference };
  }
  try {
    return await transport.send({ id: row.id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body, tenantId: row.tenant_id });
  } catch (error) {
    // A transport that throws may have got as far as the provider: ask before sending again.
    return { ok: false, uncertain: true, error: messageOf(error) };
  }
}

function outcome(row: ClaimedMessage, result: DeliveryResult, now: Date): Recording {
  const base = { id: row.id, attempts: row.attempts, acknowledged: result.ok };
  const lastError = (result.error ?? 'failed').slice(0, 500);
  if (result.ok) return { ...base, update: { status: 'sent', claimed_until: null, sent_at: now, provider_reference: result.reference ?? null, last_error: null } };
  if (result.permanent || row.attempts >= MAX_ATTEMPTS) return { ...base, update: { status: 'failed', claimed_until: null, last_error: lastError } };
  const retryAt = new Date(now.getTime() + backoffMs(row.attempts));
  // Unknown outcome: it stays `sending` until the retry time, so that attempt asks first.
  if (result.uncertain) return { ...base, update: { status: 'sending', claimed_until: retryAt, next_attempt_at: retryAt, last_error: lastError } };
  return { ...base, update: { status: 'pending', claimed_until: null, next_attempt_at: retryAt, last_error: lastError } };
}

/**
 * Write outcomes in one short transaction. Each update is guarded by the claim it belongs to
 * (still `sending`, same attempt count): if the lease ran out and another run took the row over,
 * that run's outcome stands. Written (or overtaken) outcomes leave the memory.
 */
async function record(db: Database, recordings: Recording[]): Promise<void> {
  await inAppTransaction(
    db,
    async (trx) => {
      for (const r of recordings) {
        await trx.updateTable('outbox').set(r.update).where('id', '=', r.id).where('status', '=', 'sending').where('attempts', '=', r.attempts).execute();
      }
    },
    JOBS_ROLE,
  );
  for (const r of recordings) if (unrecorded.get(r.id) === r) unrecorded.delete(r.id);
}

/**
 * Development transport: prints the message so a local user can follow an invitation link.
 * Only used outside production (config refuses it there unless chosen explicitly).
 */
export class ConsoleTransport implements OutboxTransport {
  /** What this process printed, by outbox id (the latest ones): the only record a console has. */
  private readonly printed = new Set<string>();
  private static readonly REMEMBERED = 10_000;
  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}
  async send(message: OutgoingMessage & { id: string }): Promise<DeliveryResult> {
    this.print(`\n--- ${message.channel} to ${message.recipient} ---\n${message.subject ? `Subject: ${message.subject}\n` : ''}${message.body}\n---`);
    this.printed.add(message.id);
    // A long-running development server must not grow without end; a lookup is only ever about
    // a recent message.
    if (this.printed.size > ConsoleTransport.REMEMBERED) this.printed.delete(this.printed.values().next().value as string);
    return { ok: true, reference: `console-${message.id}` };
  }
  /** Answers from this process's memory: after a restart it cannot tell, so "not found". */
  async find(reference: string): Promise<FoundMessage> {
    return this.printed.has(reference) ? { found: true, reference: `console-${reference}` } : { found: false };
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
        // A hung provider must not hold a page waiting for its code (or the job) for long.
        signal: AbortSignal.timeout(TRANSPORT_TIMEOUT_MS),
      });
    } catch (error) {
      // No answer: Notify may have accepted it before the connection or our patience ran out.
      return { ok: false, uncertain: true, error: `network: ${error instanceof Error ? error.message : String(error)}` };
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

  /**
   * Notify v2 lists a service's notifications filtered by the reference they were sent with
   * (`GET /v2/notifications?reference=…`, the last 7 days): the outbox id, never personal data.
   */
  async find(reference: string): Promise<FoundMessage> {
    const url = `${this.settings.baseUrl.replace(/\/$/, '')}/v2/notifications?reference=${encodeURIComponent(reference)}`;
    const response = await this.fetchImpl(url, {
      headers: { Authorization: `Bearer ${await notifyJwt(this.settings.apiKey)}` },
      signal: AbortSignal.timeout(TRANSPORT_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${response.status}`);
    }
    const json = (await response.json()) as { notifications?: { id?: string; reference?: string | null }[] };
    const match = json.notifications?.find((n) => n.reference === reference);
    return match ? { found: true, reference: match.id ?? '' } : { found: false };
  }
}
