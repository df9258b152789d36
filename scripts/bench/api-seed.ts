// The database bench:api and scripts/bench/request-cpu.ts load: one municipality with 21 members
// (an admin whose session has a verified second factor, and 20 staff: a page of 20 with a next
// cursor) and 5 providers it works with.
import { ensureUser } from '../../src/modules/identity/service.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';

export const MEMBERS = 20; // besides the admin: a page of 20 with a next cursor
export const PROVIDERS = 5;
const STAFF_ROLES = ['contract-manager', 'case-manager', 'analyst'] as const;

export interface Seeded {
  tenantId: string;
  token: string;
}

export async function seed(db: Database): Promise<Seeded> {
  const tenantId = uuidv7();
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: tenantId, name: 'Gemeente Benchmark', cbs_code: 'GM9999', slug: 'benchmark' }).execute();
  });
  const people: { email: string; name: string; roles: string[] }[] = [{ email: 'admin@bench.example', name: 'Bench Admin', roles: ['admin'] }];
  for (let i = 1; i <= MEMBERS; i++) {
    people.push({ email: `staff${String(i).padStart(2, '0')}@bench.example`, name: `Medewerker ${i}`, roles: [STAFF_ROLES[i % STAFF_ROLES.length] as string] });
  }
  let token = '';
  for (const [i, p] of people.entries()) {
    await inAppTransaction(db, async (trx) => {
      const userId = await ensureUser(trx, { email: p.email, name: p.name });
      if (i === 0) {
        // Sessions are made directly, second factor verified, as the tests do: no scrypt, no TOTP.
        token = (await createSession(trx, userId, { twoFactorVerified: true, userAgent: 'bench-api' })).token;
      }
      await setContext(trx, { tenantId });
      await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, roles: p.roles }).execute();
    });
  }
  for (let i = 1; i <= PROVIDERS; i++) {
    const providerId = uuidv7();
    const agb = String(10_000_000 + i);
    await inAppTransaction(db, async (trx) => {
      await trx.insertInto('providers').values({ id: providerId, name: `Zorgaanbieder ${i}`, agb_code: agb, kvk_number: agb.split('').reverse().join('') }).execute();
      await setContext(trx, { tenantId });
      await trx.insertInto('provider_relations').values({ tenant_id: tenantId, provider_id: providerId }).execute();
    });
  }
  return { tenantId, token };
}

// The selects themselves live in bare-queries.ts, which the bare Worker imports without the seed's dependencies.
export { MEMBERS_SQL, PROVIDERS_SQL } from './bare-queries.js';
