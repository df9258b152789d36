// Demo agreements for the caseload: six young people in Gemeente Voorbeeldstad, drawn up from the
// demo template and taken through the real services into varied states — a draft, one out for
// signature and waiting for the young person (its link about to expire), one the young person
// signed and the municipality's officer has not, one in force (both signed: the sealed PDF is made
// as on the signing page), one the young person declined, and one ended early. Signing goes the
// signer's own way: the link from the outbox, a one-time code, the code checked, then sign or
// decline. The one in force has some progress on its plan (the living plan). Dates are relative
// to `now`, so the list always shows something to act on.
// Idempotent: nothing happens when the municipality already has agreements.
import { addDays, todayInAmsterdam } from '../../src/platform/dates.js';
import { createAgreement, etagOf, getAgreement } from '../../src/modules/agreements/service.js';
import { CreateAgreement, SendForSignature } from '../../src/modules/agreements/schemas.js';
import * as signing from '../../src/modules/signing/service.js';
import type { Sealer } from '../../src/platform/pdf/seal.js';
import { createPdfService } from '../../src/pdf-in-process.js';
import { type Tx, setContext } from '../../src/platform/db/database.js';
import { sha256Hex } from '../../src/platform/crypto.js';
import * as workflow from '../../src/workflows/agreement-signing.js';
import { ensureUser } from '../../src/modules/identity/service.js';
import { planInForce, recordPlanProgress } from '../../src/modules/aftercare/progress.js';

export const DEMO_CASE_MANAGER = { email: 'casemanager@voorbeeldstad.example', name: 'Sanne de Vries' };

const DAY = 86_400_000;

interface Young {
  name: string;
  born: string;
  mobile: string;
}

/** The plan of a young person: goals, a commitment, a condition, a risk, a network contact, reviews. */
function planFor(y: Young, today: string, reviewIn: number) {
  const first = y.name.split(' ')[0];
  return {
    goals: [
      { domain: 'housing', term: 'long', description: `${first} woont zelfstandig in een eigen kamer of studio en betaalt de huur op tijd.`, targetDate: addDays(today, 240), status: 'in-progress' },
      { domain: 'education', term: 'short', description: `${first} maakt de mbo-opleiding af en gaat elke week naar school.`, targetDate: addDays(today, 120), status: 'open' },
    ],
    commitments: [
      { party: 'young-person', what: 'Ik kom naar de afspraken met mijn begeleider en laat het weten als ik niet kan.', frequency: 'elke week' },
      { party: 'municipality', what: 'De gemeente regelt de aanvraag voor de zorgtoeslag samen met de jongere.', frequency: 'eenmalig' },
    ],
    conditions: [
      {
        help: 'Ambulante begeleiding van Jeugdzorg De Brug, twee uur per week.',
        dependsOn: 'De wekelijkse afspraak met de begeleider.',
        ifNotKept: 'We bespreken eerst samen wat er nodig is. Lukt het drie keer niet, dan kijken we opnieuw naar de hulp.',
        reviewOn: addDays(today, reviewIn + 30),
      },
    ],
    risks: [
      {
        risk: 'Schulden door onbetaalde rekeningen.',
        signals: 'Post blijft ongeopend liggen; aanmaningen.',
        actions: 'Samen de post doornemen en zo nodig schuldhulp inschakelen.',
        who: 'Begeleider en het contactpersoon uit het netwerk',
      },
    ],
    network: [{ name: 'Ingrid Bakker', relation: 'tante', kind: 'informal', phone: '0612345678', practicalContact: true }],
    checklist: [
      { item: 'digid', status: 'done' },
      { item: 'health-insurance', status: 'in-progress' },
    ],
    reviews: [{ plannedOn: addDays(today, reviewIn) }],
  };
}

/**
 * The signer's link token, read from the messages to them (this transaction's outbox): the one
 * whose hash the signer holds. Several demo rounds go to the same officer, so "the newest" is not enough.
 */
async function linkTokenFor(trx: Tx, tenantId: string, agreementId: string, role: string): Promise<{ token: string; recipient: string }> {
  const signer = await trx.selectFrom('signers').select(['token_hash', 'email', 'mobile', 'channel']).where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('role', '=', role as 'young-person').orderBy('version', 'desc').executeTakeFirstOrThrow();
  const recipient = (signer.channel === 'email' ? signer.email : signer.mobile) as string;
  const rows = await trx.selectFrom('outbox').select('body').where('recipient', '=', recipient).execute();
  for (const r of rows) {
    for (const match of r.body.matchAll(/\/sign\?t=([a-z2-7]{32})/g)) {
      if (match[1] && sha256Hex(match[1]) === signer.token_hash) return { token: match[1], recipient };
    }
  }
  throw new Error(`demo seed: no signing link for the ${role} of ${agreementId}`);
}

/** The one-time code just sent to the signer: the one whose hash the signer holds now. */
async function codeFor(trx: Tx, tenantId: string, signerId: string, recipient: string): Promise<string> {
  const signer = await trx.selectFrom('signers').select('code_hash').where('tenant_id', '=', tenantId).where('id', '=', signerId).executeTakeFirstOrThrow();
  const rows = await trx.selectFrom('outbox').select('body').where('recipient', '=', recipient).execute();
  const code = rows.map((r) => /Je code is (\d{6})/.exec(r.body)?.[1]).find((c) => c && sha256Hex(`${signerId}:${c}`) === signer.code_hash);
  if (!code) throw new Error('demo seed: no code for the signer');
  return code;
}

/** The signer's own steps on the signing page: open the link, ask for a code, enter it. */
async function verifiedSigner(trx: Tx, tenantId: string, agreementId: string, role: string, meta: signing.RequestMeta) {
  const { token, recipient } = await linkTokenFor(trx, tenantId, agreementId, role);
  const opened = await signing.openLink(trx, token, meta.now);
  if (opened.problem) throw new Error(`demo seed: link ${opened.problem}`);
  await signing.recordOpened(trx, opened.tenantId, opened.signer, meta);
  await signing.requestCode(trx, opened.tenantId, opened.signer, meta);
  const code = await codeFor(trx, opened.tenantId, opened.signer.id, recipient);
  // As the page does: each step reads the signer afresh (the code's hash is on it now).
  const withCode = await signing.openLink(trx, token, meta.now);
  if (!(await signing.verifyCode(trx, withCode.tenantId, withCode.signer, code, meta))) throw new Error('demo seed: code refused');
  const again = await signing.openLink(trx, token, meta.now);
  return { tenantId: again.tenantId, signer: again.signer };
}

/** Seed the demo agreements once. Returns how many were made (0 when they were there already). */
export async function seedDemoAgreements(
  trx: Tx,
  tenantId: string,
  people: { adminUserId: string; adminName: string },
  /** livingPlan false: no progress beside the plans (for a schema from before the living plan, as migrations-forward seeds). */
  options: { publicUrl: string; now: Date; sealer: () => Promise<Sealer>; livingPlan?: boolean },
): Promise<number> {
  await setContext(trx, { tenantId });
  const existing = await trx.selectFrom('agreements').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (existing) return 0;

  // The seeds run on Node: the agreements are rendered and sealed in this process.
  const pdf = createPdfService(options.sealer);
  const caseManagerId = await ensureUser(trx, DEMO_CASE_MANAGER);
  await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: caseManagerId, roles: ['case-manager'] }).onConflict((oc) => oc.doNothing()).execute();
  const template = await trx
    .selectFrom('agreement_template_versions')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .executeTakeFirstOrThrow();
  const provider = await trx.selectFrom('provider_relations').select('provider_id').where('tenant_id', '=', tenantId).executeTakeFirst();

  const { now, publicUrl } = options;
  const today = todayInAmsterdam(now);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const meta = (daysAgo: number): signing.RequestMeta => ({ ip: null, userAgent: 'demo seed', now: at(daysAgo) });
  const officer = { role: 'municipality-officer' as const, name: people.adminName, email: 'beheer@voorbeeldstad.example', channel: 'email' as const };

  const draw = async (y: Young, caseManager: string, startedDaysAgo: number, reviewIn: number) => {
    const input = CreateAgreement.parse({
      templateVersionId: template.id,
      youngPerson: { name: y.name, dateOfBirth: y.born, mobile: y.mobile },
      caseManagerId: caseManager,
      providerIds: provider ? [provider.provider_id] : [],
      departureDate: addDays(today, 30 - startedDaysAgo),
      aftercareStartDate: addDays(today, -startedDaysAgo),
      plan: planFor(y, today, reviewIn),
    });
    return createAgreement(trx, tenantId, input, caseManager);
  };
  const send = async (id: string, daysAgo: number) => {
    const a = await getAgreement(trx, tenantId, id);
    const input = SendForSignature.parse({ signers: [{ role: 'young-person' }, officer], order: 'parallel' });
    await workflow.sendForSigning(trx, tenantId, id, input, { ifMatch: etagOf(a.revision), meta: meta(daysAgo) }, { publicUrl, linkDays: 14 });
  };
  const signAs = async (agreementId: string, role: 'young-person' | 'municipality-officer', typedName: string, daysAgo: number) => {
    const m = meta(daysAgo);
    const { tenantId: t, signer } = await verifiedSigner(trx, tenantId, agreementId, role, m);
    await signing.sign(trx, t, signer, { consent: true, typedName, locale: 'nl' }, { publicUrl, meta: m, pdf });
  };

  // 1. A draft, not sent yet (the demo case manager's).
  await draw({ name: 'Daan Jansen', born: addDays(today, -(17 * 365 + 40)), mobile: '+31612340001' }, caseManagerId, 3, 60);

  // 2. Sent 12 days ago, waiting for the young person; the link stops working in 2 days.
  const waiting = await draw({ name: 'Noa El Amrani', born: addDays(today, -(18 * 365 + 120)), mobile: '+31612340002' }, people.adminUserId, 20, 45);
  await send(waiting.id, 12);

  // 3. The young person signed; the municipality's officer has not yet.
  const half = await draw({ name: 'Milan de Groot', born: addDays(today, -(19 * 365 + 10)), mobile: '+31612340003' }, people.adminUserId, 10, 50);
  await send(half.id, 7);
  await signAs(half.id, 'young-person', 'Milan de Groot', 6);

  // 4. In force: both signed (sealed PDF made), with a review moment that has passed.
  const active = await draw({ name: 'Sophie Visser', born: addDays(today, -(18 * 365 + 200)), mobile: '+31612340004' }, people.adminUserId, 90, -7);
  await send(active.id, 60);
  await signAs(active.id, 'young-person', 'Sophie Visser', 59);
  await signAs(active.id, 'municipality-officer', people.adminName, 58);
  // Its living plan: goals under way and achieved, a turning-18 item arranged, a condition not
  // kept (with what was agreed, done), a commitment kept, and a risk signal still without an action.
  const inForce = options.livingPlan === false ? null : await planInForce(trx, tenantId, active.id);
  if (inForce) {
    const { goals, commitments, conditions, risks } = inForce.plan;
    const record = (daysAgo: number, entry: Record<string, unknown>) =>
      recordPlanProgress(trx, tenantId, active.id, { occurredOn: addDays(today, -daysAgo), ...entry } as Parameters<typeof recordPlanProgress>[3], people.adminUserId, now);
    await record(50, { kind: 'goal', goalId: goals[0]?.id, status: 'in-progress', note: 'Ingeschreven bij de woningcorporatie; kijkt elke week naar kamers.' });
    await record(12, { kind: 'goal', goalId: goals[1]?.id, status: 'achieved', note: 'Stage afgerond, diploma binnen.' });
    await record(30, { kind: 'checklist', item: 'health-insurance', status: 'done', note: 'Zorgverzekering afgesloten, eigen risico gespreid.' });
    await record(21, { kind: 'condition', itemId: conditions[0]?.id, kept: false, action: 'Drie afspraken gemist: zoals afgesproken samen besproken wat er nodig is; de begeleiding komt nu aan huis.' });
    await record(7, { kind: 'commitment', itemId: commitments[0]?.id, kept: true });
    await record(3, { kind: 'risk', riskId: risks[0]?.id, observed: 'Twee aanmaningen van de energieleverancier lagen ongeopend op tafel.' });
  }

  // 5. The young person declined.
  const declined = await draw({ name: 'Liam Bos', born: addDays(today, -(17 * 365 + 300)), mobile: '+31612340005' }, caseManagerId, 15, 40);
  await send(declined.id, 6);
  const m = meta(5);
  const d = await verifiedSigner(trx, tenantId, declined.id, 'young-person', m);
  await signing.decline(trx, d.tenantId, d.signer, 'Ik wil eerst met mijn begeleider praten over de afspraak over school.', m);

  // 6. Signed, then ended early by agreement (JZ588 34).
  const ended = await draw({ name: 'Yara Hendriks', born: addDays(today, -(20 * 365 + 60)), mobile: '+31612340006' }, caseManagerId, 200, 20);
  await send(ended.id, 180);
  await signAs(ended.id, 'young-person', 'Yara Hendriks', 179);
  await signAs(ended.id, 'municipality-officer', people.adminName, 178);
  const e = await getAgreement(trx, tenantId, ended.id);
  await workflow.endAgreement(trx, tenantId, ended.id, { reason: '34', note: 'Yara verhuist naar familie in een andere gemeente; de hulp gaat daar verder.' }, { ifMatch: etagOf(e.revision), meta: meta(14) });

  return 6;
}
