// Scheduled signing work: links that passed their expiry end the round (the version expires),
// and signers who have not acted for a few days get a reminder with a fresh link — at most
// MAX_REMINDERS times. Each municipality is handled in its own request-role transaction.
import { sql } from 'kysely';
import { type Database, inAppTransaction, setContext } from '../../platform/db/database.js';
import { versionRefused } from '../agreements/service.js';
import { NotRemindable, appendEvent, closeOpenSigners, remindSigner } from './service.js';

export const REMIND_AFTER_DAYS = 3;
export const MAX_REMINDERS = 2;

export async function runSigningJobs(db: Database, options: { publicUrl: string; now: Date }) {
  const { now } = options;
  const remindBefore = new Date(now.getTime() - REMIND_AFTER_DAYS * 86_400_000);
  const tenants = await inAppTransaction(db, async (trx) =>
    (await sql<{ tenant_id: string }>`select tenant_id from tenants_with_signing_work(${now}, ${remindBefore})`.execute(trx)).rows.map((r) => r.tenant_id),
  );
  const counts = { expired: 0, reminded: 0 };
  const meta = { ip: null, userAgent: 'vervolg-scheduler', now };
  for (const tenantId of tenants) {
    await inAppTransaction(db, async (trx) => {
      await setContext(trx, { tenantId });
      // Expire whole rounds: one signer's link running out ends the version's round.
      const expired = await trx
        .selectFrom('signers')
        .select(['agreement_id', 'version'])
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', ['waiting', 'notified'])
        .where('expires_at', '<=', now)
        .execute();
      for (const round of expired) {
        // The agreement's row decides first (a guarded UPDATE): a cancel, an end or the last
        // signature that got there before this job leaves the round as it is.
        if (!(await versionRefused(trx, tenantId, round.agreement_id, round.version, 'expired', now))) continue;
        await closeOpenSigners(trx, tenantId, round.agreement_id, round.version, 'expired');
        await appendEvent(trx, tenantId, round.agreement_id, round.version, 'expired', null, meta);
        counts.expired++;
      }
      const due = await trx
        .selectFrom('signers')
        .select(['id', 'agreement_id', 'version'])
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'notified')
        .where(sql<boolean>`coalesce(last_reminded_at, created_at) <= ${remindBefore}`)
        .execute();
      for (const s of due) {
        const reminders = await trx
          .selectFrom('signing_events')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('tenant_id', '=', tenantId)
          .where('signer_id', '=', s.id)
          .where('type', '=', 'reminded')
          .executeTakeFirstOrThrow();
        if (Number(reminders.n) >= MAX_REMINDERS) continue;
        try {
          await remindSigner(trx, tenantId, s.agreement_id, s.version, s.id, { publicUrl: options.publicUrl, meta });
          counts.reminded++;
        } catch (error) {
          // The signer acted (or the round ended) since the list was read: nothing to remind.
          if (!(error instanceof NotRemindable)) throw error;
        }
      }
    });
  }
  return counts;
}
