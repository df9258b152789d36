// Municipalities (tenants): created by the platform operator, configured by their admins.
import type { z } from '@hono/zod-openapi';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { CreateMunicipality, Municipality, UpdateMunicipality } from './schemas.js';

type Row = {
  id: string;
  name: string;
  cbs_code: string;
  slug: string;
  default_locale: 'nl' | 'en';
  small_number_threshold: number;
  require_two_factor: boolean;
  created_at: Date;
  updated_at: Date;
};

export function toMunicipality(row: Row): z.infer<typeof Municipality> {
  return {
    id: row.id,
    name: row.name,
    cbsCode: row.cbs_code,
    slug: row.slug,
    settings: {
      defaultLocale: row.default_locale,
      smallNumberThreshold: row.small_number_threshold,
      // Always true (a CHECK since migration 0012).
      requireTwoFactor: true,
    },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createMunicipality(trx: Tx, input: z.infer<typeof CreateMunicipality>) {
  const clash = await trx
    .selectFrom('tenants')
    .select(['cbs_code', 'slug'])
    .where((eb) => eb.or([eb('cbs_code', '=', input.cbsCode), eb('slug', '=', input.slug)]))
    .executeTakeFirst();
  if (clash) {
    throw conflict(clash.cbs_code === input.cbsCode ? `A municipality with CBS code ${input.cbsCode} already exists.` : `The slug ${input.slug} is taken.`, 'duplicate');
  }
  const row = await trx
    .insertInto('tenants')
    .values({
      id: uuidv7(),
      name: input.name,
      cbs_code: input.cbsCode,
      slug: input.slug,
      ...(input.settings?.defaultLocale ? { default_locale: input.settings.defaultLocale } : {}),
      ...(input.settings?.smallNumberThreshold ? { small_number_threshold: input.settings.smallNumberThreshold } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMunicipality(row);
}

/** Municipalities visible in the current context: all for the operator, else the person's own. */
export async function listMunicipalities(trx: Tx, limit: number, cursor?: string) {
  let q = trx.selectFrom('tenants').selectAll().orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  return (await q.execute()).map(toMunicipality);
}

export async function getMunicipality(trx: Tx, id: string) {
  const row = await trx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('municipality');
  return toMunicipality(row);
}

export async function updateMunicipality(trx: Tx, id: string, input: z.infer<typeof UpdateMunicipality>) {
  const s = input.settings ?? {};
  const row = await trx
    .updateTable('tenants')
    .set({
      updated_at: new Date(),
      ...(input.name ? { name: input.name } : {}),
      ...(s.defaultLocale ? { default_locale: s.defaultLocale } : {}),
      ...(s.smallNumberThreshold ? { small_number_threshold: s.smallNumberThreshold } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('municipality');
  return toMunicipality(row);
}
