// A new webhook secret, shown once in the staff app. The API answers the creating request itself
// with the secret; a page cannot do that without giving up POST-redirect-GET (a reload would post
// the form again: a second endpoint, another rotation). So the page's POST keeps the secret here,
// encrypted, for the admin who made it, and redirects; the GET that follows reads the row and
// deletes it in one transaction (secretRevealed below). A reload, the back button, another admin
// or another tab find nothing: the secret is never shown again and is never in a URL. A reveal
// nobody opens expires after REVEAL_MINUTES (and is cleared at the next reveal of the tenant).
// Encrypted with the current key and an AAD that names the row; the re-encrypt command leaves
// these alone, since none lives longer than a few minutes.
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { SecretDecryptionError, decryptSecret, encryptSecret, secretAad, utf8 } from '../../platform/secrets.js';

export const REVEAL_MINUTES = 10;

const aad = (tenantId: string, id: string) => secretAad('webhook_secret_reveals', 'secret', tenantId, id);

/** Keep a just-made secret for one view by `userId`. */
export async function keepSecretForReveal(trx: Tx, tenantId: string, endpointId: string, userId: string, reason: 'created' | 'rotated', secret: string, now: Date) {
  await trx.deleteFrom('webhook_secret_reveals').where('tenant_id', '=', tenantId).where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('endpoint_id', '=', endpointId), eb('user_id', '=', userId)])])).execute();
  const id = uuidv7(now.getTime());
  await trx
    .insertInto('webhook_secret_reveals')
    .values({ tenant_id: tenantId, id, endpoint_id: endpointId, user_id: userId, reason, secret: await encryptSecret(secret, { aad: aad(tenantId, id) }), expires_at: new Date(now.getTime() + REVEAL_MINUTES * 60_000) })
    .execute();
}

/** The secret kept for this admin and endpoint, once: the row is deleted as it is read. Null when there is none (any more). */
export async function secretRevealed(trx: Tx, tenantId: string, endpointId: string, userId: string, now: Date): Promise<{ secret: string; reason: 'created' | 'rotated' } | null> {
  const row = await trx
    .deleteFrom('webhook_secret_reveals')
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('user_id', '=', userId)
    .returning(['id', 'secret', 'reason', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  try {
    return { secret: utf8(await decryptSecret(row.secret, { aad: aad(tenantId, row.id) })), reason: row.reason };
  } catch (error) {
    if (error instanceof SecretDecryptionError) return null;
    throw error;
  }
}

/** Forget every kept secret of an endpoint (it was deleted). */
export async function forgetReveals(trx: Tx, tenantId: string, endpointId: string) {
  await trx.deleteFrom('webhook_secret_reveals').where('tenant_id', '=', tenantId).where('endpoint_id', '=', endpointId).execute();
}
