import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';

/** Runs inside the request's transaction as the app role: proves the connection and the role switch. */
export async function checkDatabase(trx: Tx): Promise<void> {
  await sql`select 1`.execute(trx);
}
