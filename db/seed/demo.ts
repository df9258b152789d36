// Demo data for `npm start`: one municipality with a published agreement template and six demo
// agreements in varied states (agreements.ts), one provider working with it under a contract in
// force (with reported outcomes), and an admin who gets a one-time login link. Idempotent: running it again changes nothing.
//
// Every person needs a verified second factor, the demo admin too. With `demoSecondFactor` (the
// Node entry sets it only for APP_ENV=development on the embedded PGlite database) the demo admin
// gets an authenticator app (a random key nobody needs to see) and the printed link is a demo link
// that counts as the second factor — honoured only in that same case (demoLinksCountAsSecondFactor).
// Anywhere else the link opens an ordinary session that still needs the second factor.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { createTemplate, publishTemplateVersion } from '../../src/modules/agreements/service.js';
import { confirmTotpSetup, createLoginLink, ensureUser, startTotpSetup } from '../../src/modules/identity/service.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, JOBS_ROLE, type Tx, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { createDevelopmentSealer, type Sealer } from '../../src/platform/pdf/seal.js';
import { seedDemoAgreements } from './agreements.js';
import { seedDemoBarriers } from './barriers.js';
import { seedDemoContract } from './contract.js';
import { seedDemoOutcomes } from './outcomes.js';
import { DEMO_TEMPLATE_CONTENT, DEMO_TEMPLATE_NAME } from './template.js';

export const DEMO = {
  municipality: { name: 'Gemeente Voorbeeldstad', cbsCode: 'GM9999', slug: 'voorbeeldstad' },
  provider: { name: 'Jeugdzorg De Brug', agbCode: '98765432', kvkNumber: '12345678' },
  admin: { email: 'beheer@voorbeeldstad.example', name: 'Demo Beheerder' },
};

export interface SeedResult {
  created: boolean;
  municipalityId: string;
  providerId: string;
  adminUserId: string;
  loginLink?: string;
  /** Whether the link counts as the second factor (development on the embedded database only). */
  linkVerifiesSecondFactor: boolean;
}

/** Give the demo admin an authenticator app through the ordinary set-up path, once. */
async function ensureDemoAuthenticator(trx: Tx, userId: string): Promise<void> {
  const user = await trx.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) return;
  const { secret } = await startTotpSetup(trx, userId, DEMO.admin.email);
  const confirmed = await confirmTotpSetup(trx, userId, null, generateTOTP(decodeBase32IgnorePadding(secret), 30, 6), new Date());
  if (confirmed !== true) throw confirmed;
}

export async function seedDemo(
  db: Database,
  publicUrl: string,
  log: (line: string) => void = () => {},
  /** livingPlan false: no progress and no barriers (the tables of the living plan), for a schema from before them. */
  options: { demoSecondFactor?: boolean; sealer?: () => Promise<Sealer>; now?: Date; livingPlan?: boolean } = {},
): Promise<SeedResult> {
  const demoSecondFactor = options.demoSecondFactor === true;
  // The demo agreements in force carry a sealed PDF, as signed on the signing page.
  const agreementsOptions = { publicUrl, now: options.now ?? new Date(), sealer: options.sealer ?? (() => createDevelopmentSealer()), livingPlan: options.livingPlan !== false };
  let madeAgreements = 0;
  const agreementsFor = async (trx: Tx, municipalityId: string, adminUserId: string) => {
    madeAgreements = await seedDemoAgreements(trx, municipalityId, { adminUserId, adminName: DEMO.admin.name }, agreementsOptions);
    if (madeAgreements) log(`seeded ${madeAgreements} demo agreements in varied states`);
    // What stands in the way, on the agreements that were sent (once; also for a demo made before barriers existed).
    if (!agreementsOptions.livingPlan) return;
    const provider = await trx.selectFrom('provider_relations').select('provider_id').where('tenant_id', '=', municipalityId).executeTakeFirst();
    const barriers = await seedDemoBarriers(trx, municipalityId, provider?.provider_id ?? null, agreementsOptions.now);
    if (barriers) log(`seeded ${barriers} demo barriers`);
  };
  const link = async (trx: Tx, userId: string) => {
    if (demoSecondFactor) await ensureDemoAuthenticator(trx, userId);
    return createLoginLink(trx, userId, publicUrl, new Date(), { secondFactor: demoSecondFactor });
  };
  const result = await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    const existing = await trx.selectFrom('tenants').select('id').where('cbs_code', '=', DEMO.municipality.cbsCode).executeTakeFirst();
    const provider = await trx.selectFrom('providers').select('id').where('agb_code', '=', DEMO.provider.agbCode).executeTakeFirst();
    const adminUserId = await ensureUser(trx, DEMO.admin);
    if (existing && provider) {
      // A demo made before the caseload existed gets its agreements now (once).
      await agreementsFor(trx, existing.id, adminUserId);
      // A fresh link on every development start: the demo admin has no password to remember.
      const loginLink = await link(trx, adminUserId);
      return { created: false, municipalityId: existing.id, providerId: provider.id, adminUserId, loginLink, linkVerifiesSecondFactor: demoSecondFactor };
    }

    log('seeding demo data: municipality, provider, admin');
    const municipalityId = existing?.id ?? uuidv7();
    if (!existing) {
      await trx
        .insertInto('tenants')
        .values({ id: municipalityId, name: DEMO.municipality.name, cbs_code: DEMO.municipality.cbsCode, slug: DEMO.municipality.slug })
        .execute();
    }
    const providerId = provider?.id ?? uuidv7();
    if (!provider) {
      await trx.insertInto('providers').values({ id: providerId, name: DEMO.provider.name, agb_code: DEMO.provider.agbCode, kvk_number: DEMO.provider.kvkNumber }).execute();
    }
    await setContext(trx, { tenantId: municipalityId });
    await trx
      .insertInto('memberships')
      .values({ tenant_id: municipalityId, user_id: adminUserId, roles: ['admin', 'contract-manager', 'case-manager', 'analyst'] })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx.insertInto('provider_relations').values({ tenant_id: municipalityId, provider_id: providerId }).onConflict((oc) => oc.doNothing()).execute();
    // The demo municipality pays 'by invoice': it never becomes read-only, with or without Stripe.
    await trx
      .insertInto('billing_accounts')
      .values({ tenant_id: municipalityId, plan: 'manual', plan_note: 'Demo', updated_at: new Date() })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    const template = await createTemplate(trx, municipalityId, { name: DEMO_TEMPLATE_NAME, content: DEMO_TEMPLATE_CONTENT }, adminUserId);
    await publishTemplateVersion(trx, municipalityId, template.id, 1, new Date());
    const contractId = await seedDemoContract(trx, municipalityId, providerId, adminUserId);
    await agreementsFor(trx, municipalityId, adminUserId);
    await setContext(trx, { tenantId: null, providerId });
    await trx.insertInto('provider_members').values({ provider_id: providerId, user_id: adminUserId, roles: ['admin'] }).onConflict((oc) => oc.doNothing()).execute();
    const reported = await seedDemoOutcomes(trx, providerId, contractId, new Date());
    log(`seeded a contract in force and ${reported} outcome records`);
    const loginLink = await link(trx, adminUserId);
    return { created: true, municipalityId, providerId, adminUserId, loginLink, linkVerifiesSecondFactor: demoSecondFactor };
  });
  if (madeAgreements) await markDemoMessagesDelivered(db, result.municipalityId);
  return result;
}

/**
 * The demo's signing rounds were played out by the seed, so the links, codes and notices it
 * queued for its fictional people are done with: marked delivered (never sent anywhere) instead of
 * flooding the console of the first `npm start` and pushing the login link out of sight. A
 * reminder or a fresh link from the app goes out as usual. The outbox is the jobs role's to update.
 */
async function markDemoMessagesDelivered(db: Database, municipalityId: string): Promise<void> {
  await inAppTransaction(
    db,
    (trx) =>
      trx
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: new Date(), provider_reference: 'demo-seed (not delivered)' })
        .where('tenant_id', '=', municipalityId)
        .where('status', '=', 'pending')
        .execute(),
    JOBS_ROLE,
  );
}
