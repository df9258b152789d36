// Re-encrypt every stored secret with the current key (`npm run secrets:reencrypt`, and the Node
// start-up after migrating): legacy plaintext (from before migration 0013) is encrypted, values
// under an older key id are decrypted with it and encrypted with the current one, values already
// under the current key are left alone — so running it twice changes nothing the second time.
//
// It works through each secret column in batches of `batchSize` rows, one transaction per batch,
// as the jobs role (migration 0013 lets it rewrite exactly these columns in every tenant, under
// row-level security: no BYPASSRLS, and nothing new for the request role). Rows are locked while
// their batch runs, and each update is guarded on the old value, so a secret that changed in the
// meantime (e.g. a new TOTP set-up) is not overwritten. Once no plaintext is left anywhere,
// secrets_state.legacy_plaintext is cleared and the app stops accepting plaintext.
//
// A value that cannot be decrypted (its key id is not in SECRET_KEYS, or it was altered) is
// counted and named by table and row, never shown, and left as it is; the run then ends with
// failures so the operator can put the missing key back and run it again.
import { sql } from 'kysely';
import { type Database, JOBS_ROLE, inAppTransaction } from './db/database.js';
import {
  SECRET_FORMAT,
  STORED_SECRETS,
  SecretDecryptionError,
  type SecretKeyRing,
  type StoredSecretKind,
  isEncryptedSecret,
  secretAad,
} from './secrets.js';

export interface ReencryptCounts {
  /** Legacy plaintext values now encrypted. */
  encrypted: number;
  /** Values under an older key now under the current one. */
  rotated: number;
  /** Values that could not be decrypted (left as they were). */
  failed: number;
}

export interface ReencryptResult extends Record<StoredSecretKind, ReencryptCounts> {
  /** Whether plaintext is still accepted afterwards (false once none is left). */
  legacyPlaintextAllowed: boolean;
  failures: string[];
}

export interface ReencryptOptions {
  batchSize?: number;
  /** Progress lines (one per batch and a summary per column). */
  say?: (line: string) => void;
}

interface Row {
  k1: string;
  k2: string | null;
  value: string;
}

export async function reencryptSecrets(db: Database, ring: SecretKeyRing, options: ReencryptOptions = {}): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 500;
  const say = options.say ?? (() => {});
  const failures: string[] = [];
  const result = { failures, legacyPlaintextAllowed: true } as ReencryptResult;
  const current = `${SECRET_FORMAT}.${ring.currentKeyId}.%`;

  for (const kind of Object.keys(STORED_SECRETS) as StoredSecretKind[]) {
    const spec = STORED_SECRETS[kind];
    const counts: ReencryptCounts = { encrypted: 0, rotated: 0, failed: 0 };
    result[kind] = counts;
    const table = sql.table(spec.table);
    const column = sql.ref(spec.column);
    const [c1, c2] = spec.rowKey as readonly [string, string | undefined];
    const k1 = sql.ref(c1);
    const k2 = c2 ? sql.ref(c2) : null;
    const rowKeyOf = (r: Row) => (r.k2 === null ? [r.k1] : [r.k1, r.k2]);
    const { rows: total } = await inAppTransaction(
      db,
      (trx) => sql<{ n: number }>`select count(*)::int as n from ${table} where ${column} is not null and ${column} <> '' and ${column} not like ${current}`.execute(trx),
      JOBS_ROLE,
    );
    const todo = total[0]?.n ?? 0;
    let done = 0;
    let after: Row | null = null;
    for (;;) {
      const batch: Row[] = await inAppTransaction(
        db,
        async (trx) => {
          const keyExpr = k2 ? sql`(${k1}::text, ${k2}::text)` : sql`${k1}::text`;
          const afterExpr = after ? (k2 ? sql`and ${keyExpr} > (${after.k1}, ${after.k2})` : sql`and ${keyExpr} > ${after.k1}`) : sql``;
          const { rows } = await sql<Row>`
            select ${k1}::text as k1, ${k2 ? sql`${k2}::text` : sql`null::text`} as k2, ${column} as value
              from ${table}
             where ${column} is not null and ${column} <> '' and ${column} not like ${current} ${afterExpr}
             order by ${keyExpr}
             limit ${batchSize}
               for update`.execute(trx);
          for (const row of rows) {
            const aad = secretAad(spec.table, spec.column, ...rowKeyOf(row));
            const legacy = !isEncryptedSecret(row.value);
            let plaintext: Uint8Array;
            try {
              plaintext = legacy ? spec.legacy(row.value) : await ring.decrypt(row.value, aad);
            } catch (error) {
              if (!(error instanceof SecretDecryptionError)) throw error;
              counts.failed++;
              failures.push(error.message);
              continue;
            }
            const sealed = await ring.encrypt(plaintext, aad);
            const k2Cond = k2 ? sql`and ${k2}::text = ${row.k2}` : sql``;
            await sql`update ${table} set ${column} = ${sealed} where ${k1}::text = ${row.k1} ${k2Cond} and ${column} = ${row.value}`.execute(trx);
            if (legacy) counts.encrypted++;
            else counts.rotated++;
          }
          return rows;
        },
        JOBS_ROLE,
      );
      if (batch.length === 0) break;
      done += batch.length;
      after = batch[batch.length - 1] as Row;
      say(`secrets: ${spec.table}.${spec.column} ${done}/${todo}`);
      if (batch.length < batchSize) break;
    }
    if (todo > 0) say(`secrets: ${spec.table}.${spec.column}: ${counts.encrypted} plaintext encrypted, ${counts.rotated} re-encrypted with key ${ring.currentKeyId}, ${counts.failed} failed`);
  }

  // Stop accepting plaintext once there is none (checked again, in one transaction with the flag).
  result.legacyPlaintextAllowed = await inAppTransaction(
    db,
    async (trx) => {
      let plaintextLeft = false;
      for (const spec of Object.values(STORED_SECRETS)) {
        const column = sql.ref(spec.column);
        const { rows } = await sql<{ left: boolean }>`select exists (select 1 from ${sql.table(spec.table)} where ${column} is not null and ${column} <> '' and ${column} not like 'enc1.%') as left`.execute(trx);
        plaintextLeft ||= rows[0]?.left === true;
      }
      if (!plaintextLeft) await sql`update secrets_state set legacy_plaintext = false, updated_at = now() where legacy_plaintext`.execute(trx);
      return plaintextLeft;
    },
    JOBS_ROLE,
  );
  return result;
}

/** How many stored values each key id encrypts ('(plaintext)' for legacy ones): may an old key go? */
export async function secretKeyUsage(db: Database): Promise<Record<string, number>> {
  const usage: Record<string, number> = {};
  await inAppTransaction(
    db,
    async (trx) => {
      for (const spec of Object.values(STORED_SECRETS)) {
        const column = sql.ref(spec.column);
        const { rows } = await sql<{ key_id: string; n: number }>`
          select case when ${column} like 'enc1.%' then split_part(${column}, '.', 2) else '(plaintext)' end as key_id, count(*)::int as n
            from ${sql.table(spec.table)} where ${column} is not null and ${column} <> '' group by 1`.execute(trx);
        for (const { key_id, n } of rows) usage[key_id] = (usage[key_id] ?? 0) + n;
      }
    },
    JOBS_ROLE,
  );
  return usage;
}
