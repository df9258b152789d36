// Scheduled aftercare work (issue 13, part 2), per municipality with young people in view:
// - each signal that began is announced once as an `aftercare.signal` webhook (per agreement,
//   signal and the day it began: a signal that clears and comes back later is announced again);
// - once a week (the first run of each ISO week, Europe/Amsterdam) each case manager with
//   signals gets an e-mail digest through the outbox, unless the municipality turned it off.
//   The digest counts per signal and links to the caseload; it names no young person (an e-mail
//   leaves our hands; the names are one sign-in away).
import { sql } from 'kysely';
import { SIGNALS, SIGNAL_CODES, type SignalCode } from '../../domain/signals.js';
import { type Database, inAppTransaction, setContext } from '../../platform/db/database.js';
import { addDays, dayInAmsterdam } from '../../platform/dates.js';
import { enqueue } from '../../platform/outbox.js';
import { aftercareEvents } from './events.js';
import { listSignals, signalSettings } from './signals.js';

/** The Monday (YYYY-MM-DD) of the ISO week of a day. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The digest's text for one case manager: the count per signal, most urgent first, and the link. */
export function digestBody(counts: Map<SignalCode, number>, people: number, link: string): string {
  const lines = (lang: 'nl' | 'en') => SIGNAL_CODES.filter((c) => counts.get(c)).map((c) => `- ${SIGNALS[c][lang]}: ${counts.get(c)}`).join('\n');
  return (
    `Deze week hebben ${people === 1 ? '1 jongere' : `${people} jongeren`} van u aandacht nodig:\n${lines('nl')}\n\nBekijk wie en waarom in Vervolg:\n${link}\n\n` +
    `This week ${people === 1 ? '1 of your young people needs' : `${people} of your young people need`} attention:\n${lines('en')}\n\nSee who and why in Vervolg (link above).`
  );
}

export async function runAftercareJobs(db: Database, options: { publicUrl: string; now: Date }) {
  const { now } = options;
  const today = dayInAmsterdam(now);
  const tenants = await inAppTransaction(db, async (trx) => (await sql<{ tenant_id: string }>`select tenant_id from tenants_with_aftercare()`.execute(trx)).rows.map((r) => r.tenant_id));
  const counts = { signalled: 0, digests: 0 };
  for (const tenantId of tenants) {
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { tenantId });
      const signals = await listSignals(trx, tenantId, now);
      if (signals.length) {
        // Announce what is new: the rows that were not there yet are the ones inserted.
        const fresh = await sql<{ agreement_id: string; signal: SignalCode; since: string }>`
          insert into aftercare_signal_notices (tenant_id, agreement_id, signal, since)
          select ${tenantId}::uuid, x.agreement_id, x.signal, x.since
            from unnest(${signals.map((s) => s.agreementId)}::uuid[], ${signals.map((s) => s.signal)}::text[], ${signals.map((s) => s.since)}::date[]) as x(agreement_id, signal, since)
          on conflict do nothing
          returning agreement_id, signal, since::text as since`.execute(trx);
        const detail = new Map(signals.map((s) => [`${s.agreementId} ${s.signal} ${s.since}`, s.detail]));
        for (const n of fresh.rows) {
          await aftercareEvents.enqueue(trx, tenantId, 'aftercare.signal', { agreementId: n.agreement_id, signal: n.signal, since: n.since, detail: detail.get(`${n.agreement_id} ${n.signal} ${n.since}`) ?? null }, now);
          counts.signalled++;
        }
      }
      const settings = await signalSettings(trx, tenantId);
      const sent = await trx.selectFrom('aftercare_settings').select(sql<string | null>`digest_sent_on::text`.as('on')).where('tenant_id', '=', tenantId).executeTakeFirst();
      if (!settings.weeklyDigest || (sent?.on && sent.on >= mondayOf(today)) || !signals.length) return;
      const byManager = new Map<string, typeof signals>();
      for (const s of signals) byManager.set(s.caseManager.id, [...(byManager.get(s.caseManager.id) ?? []), s]);
      const emails = new Map(
        (await trx.selectFrom('users').select(['id', 'email']).where('id', 'in', [...byManager.keys()]).execute()).map((u) => [u.id, u.email]),
      );
      for (const [managerId, theirs] of byManager) {
        const email = emails.get(managerId);
        if (!email) continue;
        const perSignal = new Map<SignalCode, number>();
        for (const s of theirs) perSignal.set(s.signal, (perSignal.get(s.signal) ?? 0) + 1);
        const link = `${options.publicUrl}/app/municipalities/${tenantId}/agreements?sort=action`;
        await enqueue(trx, { tenantId, channel: 'email', recipient: email, subject: 'Vervolg: jongeren die aandacht nodig hebben / young people who need attention', body: digestBody(perSignal, new Set(theirs.map((s) => s.agreementId)).size, link) });
        counts.digests++;
      }
      await trx
        .insertInto('aftercare_settings')
        .values({ tenant_id: tenantId, digest_sent_on: today })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ digest_sent_on: today }))
        .execute();
    });
  }
  return counts;
}
