// The outcome upload page in workerd: the spreadsheet libraries (write-excel-file, read-excel-file,
// papaparse) run in the real Worker (src/worker.ts) with no file system and no Node streams. A
// provider admin downloads the .xlsx template, uploads it back unchanged and a CSV, both stored;
// a file with a bad row is refused by row and column.
import { sql } from 'kysely';
import readXlsxFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { COLUMNS, rowsAsCsv } from '../../src/modules/outcomes/sheet.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { insertContract } from '../support/contracts.js';
import { useWorker, verifiedSession } from './harness.js';

const ids = { tenant: uuidv7(), provider: uuidv7(), admin: uuidv7(), contract: '' };
let cookie = '';

async function seed(db: Database) {
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: ids.tenant, name: 'Gemeente Epsilon', cbs_code: 'GM0105', slug: 'epsilon' }).execute();
    await setContext(trx, { operator: false });
    await trx.insertInto('providers').values({ id: ids.provider, name: 'Zorgaanbieder Epsilon', agb_code: '55555555', kvk_number: '55555555' }).execute();
    await setContext(trx, { tenantId: ids.tenant });
    await trx.insertInto('provider_relations').values({ tenant_id: ids.tenant, provider_id: ids.provider }).execute();
    await setContext(trx, { tenantId: null });
    await trx.insertInto('users').values({ id: ids.admin, email: 'epsilon-admin@example.test', name: 'Epsilon Admin', password_hash: null, totp_key: null, totp_enabled_at: null, is_platform_operator: false }).execute();
    await setContext(trx, { providerId: ids.provider });
    await trx.insertInto('provider_members').values({ provider_id: ids.provider, user_id: ids.admin, roles: ['admin'] }).execute();
  });
  ids.contract = (await insertContract(db, { tenantId: ids.tenant, providerId: ids.provider, products: [{ productCategory: '45' }], startDate: '2025-01-01', endDate: '2028-12-31' })).id;
  cookie = `vervolg_session=${await verifiedSession(db, ids.admin)}`;
}

const harness = useWorker({ seed });
const page = () => `/app/providers/${ids.provider}/outcomes`;

function upload(name: string, bytes: Uint8Array | string) {
  const form = new FormData();
  form.append('file', new File([bytes as BlobPart], name));
  return fetch(harness.url(`${page()}?lang=en`), { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
}

const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from trajectories where provider_id = ${ids.provider}`.execute(harness.db)).rows[0]?.n ?? 0;

describe('outcome upload in workerd', () => {
  it('the .xlsx template is made in the Worker and, uploaded back unchanged, read and stored there', async () => {
    const res = await fetch(harness.url(`${page()}/template.xlsx?lang=en`), { headers: { Cookie: cookie } });
    expect(res.status, await res.clone().text()).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const sheets = await readXlsxFile(bytes.buffer as ArrayBuffer);
    expect(sheets).toHaveLength(2);
    expect(sheets[0]?.data[0]).toEqual(COLUMNS.map((c) => c.name));
    const back = await upload('outcomes.xlsx', bytes);
    expect(back.status, await back.text()).toBe(303);
    expect(back.headers.get('location')).toMatch(/batch=/);
    expect(await stored()).toBe(1);
  });

  it('reads a CSV (; and a BOM) and refuses a bad row by row and column', async () => {
    const header = COLUMNS.map((c) => c.name);
    const row = (v: Record<string, string>) => header.map((h) => v[h] ?? '');
    const rows = [
      header,
      row({ type: 'trajectory', reference: 'WK-1', clientReference: 'CL-1', contractId: ids.contract, productCategory: '45', startDate: '2025-02-01' }),
      row({ type: 'satisfaction', trajectoryReference: 'WK-1', measuredOn: '2025-03-01', score: '12', informant: 'young-person' }),
    ];
    const refused = await upload('outcomes.csv', rowsAsCsv(rows));
    const html = await refused.text();
    expect(refused.status).toBe(400);
    expect(html).toMatch(/scope="row">3<\/th><td class="utrecht-table__cell"><code>score<\/code>/);
    expect(await stored()).toBe(1);
    (rows[2] as string[])[header.indexOf('score')] = '9';
    const accepted = await upload('outcomes.csv', rowsAsCsv(rows));
    expect(accepted.status, await accepted.text()).toBe(303);
    expect(await stored()).toBe(2);
  });
});
