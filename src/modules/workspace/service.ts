// The staff app's frame around every page: which municipalities a person works for, the one they
// are working in now (its name, logo and theme), and their roles there, from which the menu and the
// home page follow.
import type { Tx } from '../../platform/db/database.js';
import type { MunicipalRole, ProviderRole } from '../../platform/http/access.js';
import { municipalitiesOf } from '../identity/service.js';
import { providersOf } from '../providers/service.js';
import { pageTheme } from '../tenants/service.js';

export interface Workplace {
  municipalityId: string;
  municipalityName: string;
  roles: MunicipalRole[];
}

/** A care provider a person works for (the provider portal), with their roles there. */
export interface ProviderWorkplace {
  providerId: string;
  providerName: string;
  roles: ProviderRole[];
}

export interface ShellFacts {
  workplaces: Workplace[];
  /** The providers a person works for (inside one provider's pages: that provider only, as row security shows). */
  providers: ProviderWorkplace[];
  /** The municipality in the path, when the person works there. */
  current: (Workplace & { theme?: string; logoHref?: string }) | null;
  /** The provider in the path (or the one workplace of a person who works for one provider only). */
  currentProvider: ProviderWorkplace | null;
}

export async function shellFacts(trx: Tx, userId: string, municipalityId: string | null, providerId: string | null = null): Promise<ShellFacts> {
  const workplaces = await municipalitiesOf(trx, userId);
  const providers = await providersOf(trx, userId);
  if (providerId) return { workplaces, providers, current: null, currentProvider: providers.find((p) => p.providerId === providerId) ?? null };
  const only = workplaces.length + providers.length === 1;
  // A page outside any workplace (the account page) keeps the menu of the one place a person works for.
  const here = municipalityId ? workplaces.find((w) => w.municipalityId === municipalityId) : only ? workplaces[0] : undefined;
  if (!here) return { workplaces, providers, current: null, currentProvider: !municipalityId && only ? (providers[0] ?? null) : null };
  const look = await pageTheme(trx, here.municipalityId);
  return { workplaces, providers, current: { ...here, ...(look.theme ? { theme: look.theme } : {}), ...(look.logoHref ? { logoHref: look.logoHref } : {}) }, currentProvider: null };
}

/** Case managers and admins work from the caseload; the other roles start at the indicators. */
export function worksCases(roles: readonly MunicipalRole[]): boolean {
  return roles.includes('admin') || roles.includes('case-manager');
}

/**
 * Where a person starts in a municipality: the caseload when they work cases, the contracts for a
 * contract manager, else the indicators (analysts).
 */
export function municipalityHome(w: Workplace): string {
  if (worksCases(w.roles)) return `/app/municipalities/${w.municipalityId}/agreements`;
  // A contract manager who does no case work starts at the contracts (and what needs attention there).
  if (w.roles.includes('contract-manager')) return `/app/municipalities/${w.municipalityId}/contracts`;
  return `/app/municipalities/${w.municipalityId}/indicators`;
}

/** Where provider staff start: their provider's contracts (the portal's home). */
export const providerHome = (p: Pick<ProviderWorkplace, 'providerId'>) => `/app/providers/${p.providerId}`;

/**
 * Where /app sends a person: their one workplace's home (a municipality or a provider), the choice
 * between several, or their account when they work nowhere (yet).
 */
export function homeOf(workplaces: readonly Workplace[], providers: readonly ProviderWorkplace[] = [], isOperator = false): string {
  const count = workplaces.length + providers.length;
  // The platform operator who works for no organisation starts at the operator's pages.
  if (count === 0) return isOperator ? '/app/operator' : '/app/account';
  if (count > 1) return '/app/municipalities';
  return workplaces[0] ? municipalityHome(workplaces[0]) : providerHome(providers[0] as ProviderWorkplace);
}
