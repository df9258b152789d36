// The staff app's frame around every page: which municipalities a person works for, the one they
// are working in now (its name, logo and theme), and their roles there, from which the menu and the
// home page follow.
import type { Tx } from '../../platform/db/database.js';
import type { MunicipalRole } from '../../platform/http/access.js';
import { municipalitiesOf } from '../identity/service.js';
import { pageTheme } from '../tenants/service.js';

export interface Workplace {
  municipalityId: string;
  municipalityName: string;
  roles: MunicipalRole[];
}

export interface ShellFacts {
  workplaces: Workplace[];
  /** The municipality in the path, when the person works there. */
  current: (Workplace & { theme?: string; logoHref?: string }) | null;
}

export async function shellFacts(trx: Tx, userId: string, municipalityId: string | null): Promise<ShellFacts> {
  const workplaces = await municipalitiesOf(trx, userId);
  // A page outside any municipality (the account page) keeps the menu of the one municipality a person works for.
  const here = municipalityId ? workplaces.find((w) => w.municipalityId === municipalityId) : workplaces.length === 1 ? workplaces[0] : undefined;
  if (!here) return { workplaces, current: null };
  const look = await pageTheme(trx, here.municipalityId);
  return { workplaces, current: { ...here, ...(look.theme ? { theme: look.theme } : {}), ...(look.logoHref ? { logoHref: look.logoHref } : {}) } };
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

/** Where /app sends a person: their one municipality's home, the choice between several, or their account. */
export function homeOf(workplaces: readonly Workplace[]): string {
  if (workplaces.length === 1) return municipalityHome(workplaces[0] as Workplace);
  return workplaces.length > 1 ? '/app/municipalities' : '/app/account';
}
