// Keeping every young person in view (issue 13): the signals, computed in the database by
// aftercare_signals (db/functions/12_aftercare.sql) from the per-agreement summary that triggers
// keep current (aftercare_state), and the municipality's settings of them. Row-level security
// keeps every read to the municipality of the request.
import { sql } from 'kysely';
import { SIGNAL_SETTING_DEFAULTS, SIGNAL_URGENCY, type SignalCode } from '../../domain/signals.js';
import type { Tx } from '../../platform/db/database.js';

export interface Signal {
  agreementId: string;
  signal: SignalCode;
  /** The day (Europe/Amsterdam) the signal began. */
  since: string;
  /** What more there is to say: see aftercare_signals. */
  detail: string | null;
}

/** The signals of the municipality's young people in view as of `now`, most urgent first, then oldest first. */
export async function signalsOf(trx: Tx, now: Date, agreementIds?: readonly string[]): Promise<Signal[]> {
  if (agreementIds && agreementIds.length === 0) return [];
  const rows = await sql<{ agreement_id: string; signal: SignalCode; since: string; detail: string | null }>`
    select agreement_id, signal, since::text as since, nullif(detail, '') as detail
      from aftercare_signals(${now}, ${agreementIds ? sql`${sql.val(agreementIds)}::uuid[]` : sql`null`})`.execute(trx);
  return rows.rows
    .map((r) => ({ agreementId: r.agreement_id, signal: r.signal, since: r.since, detail: r.detail }))
    .sort((a, b) => SIGNAL_URGENCY[a.signal] - SIGNAL_URGENCY[b.signal] || a.since.localeCompare(b.since) || a.agreementId.localeCompare(b.agreementId));
}

export interface SignalSettings {
  noContactWeeks: number;
  endingWeeks: number;
  weeklyDigest: boolean;
}

export async function signalSettings(trx: Tx, tenantId: string): Promise<SignalSettings> {
  const row = await trx
    .selectFrom('aftercare_settings')
    .select(['no_contact_weeks', 'ending_weeks', 'weekly_digest'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ? { noContactWeeks: row.no_contact_weeks, endingWeeks: row.ending_weeks, weeklyDigest: row.weekly_digest } : { ...SIGNAL_SETTING_DEFAULTS };
}

export async function saveSignalSettings(trx: Tx, tenantId: string, settings: SignalSettings): Promise<SignalSettings> {
  const values = { no_contact_weeks: settings.noContactWeeks, ending_weeks: settings.endingWeeks, weekly_digest: settings.weeklyDigest };
  await trx
    .insertInto('aftercare_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
  return signalSettings(trx, tenantId);
}

export interface NamedSignal extends Signal {
  youngPersonName: string;
  caseManager: { id: string; name: string };
}

/** The signals with whose they are: the young person's name and the case manager (the API's list, the digest). */
export async function listSignals(trx: Tx, tenantId: string, now: Date, filter: { caseManagerId?: string | undefined; signal?: SignalCode | undefined } = {}): Promise<NamedSignal[]> {
  const signals = (await signalsOf(trx, now)).filter((s) => !filter.signal || s.signal === filter.signal);
  if (!signals.length) return [];
  let q = trx
    .selectFrom('agreements as a')
    .innerJoin('users as u', 'u.id', 'a.case_manager_id')
    .select(['a.id', 'a.young_person_name', 'a.case_manager_id', 'u.name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', 'in', [...new Set(signals.map((s) => s.agreementId))]);
  if (filter.caseManagerId) q = q.where('a.case_manager_id', '=', filter.caseManagerId);
  const people = new Map((await q.execute()).map((r) => [r.id, r]));
  return signals.flatMap((s) => {
    const p = people.get(s.agreementId);
    return p ? [{ ...s, youngPersonName: p.young_person_name, caseManager: { id: p.case_manager_id, name: p.name } }] : [];
  });
}
