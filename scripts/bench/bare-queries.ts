// The selects the bare anchors of bench:api and bench:worker run, apart from api-seed.ts so the
// bare Worker's bundle carries nothing else.

/** The selects the app's listMembers and listMunicipalityProviders run (limit + 1 rows, for the next cursor). */
export const MEMBERS_SQL = `select m.user_id, u.email, u.name, m.roles, u.totp_enabled_at, m.created_at
  from memberships as m inner join users as u on u.id = m.user_id
  where m.tenant_id = $1 order by m.user_id limit $2`;
export const PROVIDERS_SQL = `select r.tenant_id, t.name as tenant_name, r.provider_id, p.name as provider_name, r.created_at
  from provider_relations as r inner join tenants as t on t.id = r.tenant_id inner join providers as p on p.id = r.provider_id
  where r.tenant_id = $1 order by r.provider_id limit $2`;
