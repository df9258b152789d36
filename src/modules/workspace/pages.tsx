// The staff app's frame: /app sends a person to where their work is, /app/municipalities lets a
// person who works for several municipalities choose (the switcher), and the shell loader gives
// every staff page its menu, the municipality's name, logo and theme. An /app path that is no
// page gets a 404 page, not the API's JSON.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { Locale, NavItem } from '../../platform/http/page.js';
import { localeOf } from '../../platform/http/page.js';
import { type StaffShellLoader, type UserPrincipal, appFailurePage, href, pageAccess, seeOther, staffPage } from '../../platform/http/pages.js';
import { notFound } from '../../platform/errors.js';
import { type ProviderWorkplace, type ShellFacts, type Workplace, homeOf, municipalityHome, providerHome, shellFacts, worksCases } from './service.js';

const T = {
  nl: {
    caseload: 'Jongeren',
    templates: 'Sjablonen',
    members: 'Medewerkers',
    providers: 'Zorgaanbieders',
    settings: 'Instellingen',
    indicators: 'Indicatoren',
    barriers: 'Wat de hulp in de weg staat',
    account: 'Mijn account',
    operator: 'Platformbeheer',
    switch: 'Andere gemeente',
    switchWorkplace: 'Andere werkplek',
    chooseTitle: 'Kies een gemeente',
    chooseIntro: 'U werkt voor meer dan één gemeente. Voor welke gemeente wilt u nu werken?',
    chooseWorkplaceTitle: 'Kies waar u werkt',
    chooseWorkplaceIntro: 'U werkt voor meer dan één organisatie. Waar wilt u nu werken?',
    municipalities: 'Gemeenten',
    contracts: 'Contracten',
    outcomes: 'Uitkomsten aanleveren',
    apiKeys: 'API-sleutels',
    roles: 'Uw rollen',
    role: { admin: 'beheerder', 'contract-manager': 'contractmanager', 'case-manager': 'casemanager', analyst: 'analist' },
    providerRole: { admin: 'beheerder', staff: 'medewerker' },
  },
  en: {
    caseload: 'Young people',
    templates: 'Templates',
    members: 'Staff',
    providers: 'Providers',
    settings: 'Settings',
    indicators: 'Indicators',
    barriers: 'What stands in the way',
    account: 'My account',
    operator: 'Platform administration',
    switch: 'Other municipality',
    switchWorkplace: 'Other workplace',
    chooseTitle: 'Choose a municipality',
    chooseIntro: 'You work for more than one municipality. Which one do you want to work for now?',
    chooseWorkplaceTitle: 'Choose where you work',
    chooseWorkplaceIntro: 'You work for more than one organisation. Where do you want to work now?',
    municipalities: 'Municipalities',
    contracts: 'Contracts',
    outcomes: 'Report outcomes',
    apiKeys: 'API keys',
    roles: 'Your roles',
    role: { admin: 'administrator', 'contract-manager': 'contract manager', 'case-manager': 'case manager', analyst: 'analyst' },
    providerRole: { admin: 'administrator', staff: 'staff member' },
  },
} as const;

export const roleLabel = (locale: Locale, role: keyof (typeof T)['nl']['role']) => T[locale].role[role];

/** The menu for a person in a municipality: only what their roles open. */
function menu(c: Context<AppEnv>, locale: Locale, facts: ShellFacts, path: string): NavItem[] {
  const s = T[locale];
  const items: { href: string; label: string }[] = [];
  const here = facts.current;
  if (here) {
    const base = `/app/municipalities/${here.municipalityId}`;
    if (worksCases(here.roles)) items.push({ href: `${base}/agreements`, label: s.caseload });
    items.push({ href: `${base}/templates`, label: s.templates });
    if (here.roles.includes('admin')) items.push({ href: `${base}/members`, label: s.members });
    if (here.roles.includes('admin') || here.roles.includes('contract-manager')) items.push({ href: `${base}/contracts`, label: s.contracts });
    // Every municipal role may read them (listMunicipalityProviders); adding is for admins and contract managers.
    items.push({ href: `${base}/providers`, label: s.providers });
    items.push({ href: `${base}/indicators`, label: s.indicators });
    // Aggregates only, as the indicators: every municipal role.
    items.push({ href: `${base}/barriers`, label: s.barriers });
    if (here.roles.includes('admin')) items.push({ href: `${base}/settings`, label: s.settings });
  }
  const provider = facts.currentProvider;
  if (provider) {
    // The provider portal: what the provider's staff work with; keys and staff for its admins.
    const base = providerHome(provider);
    items.push({ href: `${base}/contracts`, label: s.contracts });
    items.push({ href: `${base}/outcomes`, label: s.outcomes });
    items.push({ href: `${base}/indicators`, label: s.indicators });
    if (provider.roles.includes('admin')) items.push({ href: `${base}/api-keys`, label: s.apiKeys }, { href: `${base}/members`, label: s.members });
  }
  if (facts.workplaces.length + facts.providers.length > 1) items.push({ href: '/app/municipalities', label: facts.providers.length > 0 ? s.switchWorkplace : s.switch });
  if ((c.get('principal') as UserPrincipal).isOperator) items.push({ href: '/app/operator', label: s.operator });
  items.push({ href: '/app/account', label: s.account });
  return items.map((item) => ({ href: href(c, item.href), label: item.label, current: path === item.href || path.startsWith(`${item.href}/`) }));
}

export const staffShellLoader: StaffShellLoader = async (c, { locale, municipalityId, providerId, path }) => {
  const p = c.get('principal') as UserPrincipal;
  const facts = await shellFacts(c.get('trx'), p.userId, municipalityId, providerId ?? null);
  const here = facts.current;
  const provider = facts.currentProvider;
  return {
    user: { name: p.name },
    municipality: here ? { id: here.municipalityId, name: here.municipalityName, theme: here.theme, logoHref: here.logoHref } : undefined,
    provider: provider ? { id: provider.providerId, name: provider.providerName } : undefined,
    nav: menu(c, locale, facts, path),
  };
};

function ChooseMunicipality(props: { c: Context<AppEnv>; locale: Locale; workplaces: readonly Workplace[]; providers: readonly ProviderWorkplace[] }) {
  const s = T[props.locale];
  const both = props.providers.length > 0;
  const municipalities = (
    <ul class="utrecht-unordered-list vv-plain-list">
      {props.workplaces.map((w) => (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(props.c, municipalityHome(w))}>
            {w.municipalityName}
          </a>{' '}
          <span class="vv-muted">({`${s.roles}: ${w.roles.map((r) => s.role[r]).join(', ')}`})</span>
        </li>
      ))}
    </ul>
  );
  if (!both) {
    return (
      <>
        <p class="utrecht-paragraph">{s.chooseIntro}</p>
        {municipalities}
      </>
    );
  }
  return (
    <>
      <p class="utrecht-paragraph">{s.chooseWorkplaceIntro}</p>
      {props.workplaces.length > 0 ? (
        <>
          <h2 class="utrecht-heading-2">{s.municipalities}</h2>
          {municipalities}
        </>
      ) : null}
      <h2 class="utrecht-heading-2">{s.providers}</h2>
      <ul class="utrecht-unordered-list vv-plain-list" id="providers">
        {props.providers.map((p) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(props.c, providerHome(p))}>
              {p.providerName}
            </a>{' '}
            <span class="vv-muted">({`${s.roles}: ${p.roles.map((r) => s.providerRole[r]).join(', ')}`})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function workspacePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // `/app`: on to where this person's work is (sign-in and the second factor first, by pageAccess).
  pages.get('/app', pageAccess({ kind: 'user' }), async (c) => {
    const p = c.get('principal') as UserPrincipal;
    const { workplaces, providers } = await shellFacts(c.get('trx'), p.userId, null);
    return seeOther(c, href(c, homeOf(workplaces, providers, p.isOperator)));
  });
  pages.get('/app/municipalities', pageAccess({ kind: 'user' }), async (c) => {
    const locale = localeOf(c);
    const p = c.get('principal') as UserPrincipal;
    const { workplaces, providers } = await shellFacts(c.get('trx'), p.userId, null);
    const title = providers.length > 0 ? T[locale].chooseWorkplaceTitle : T[locale].chooseTitle;
    return staffPage(c, { title, body: <ChooseMunicipality c={c} locale={locale} workplaces={workplaces} providers={providers} /> });
  });
  pages.get('/app/municipalities/:municipalityId', pageAccess({ kind: 'user' }), async (c) => {
    const p = c.get('principal') as UserPrincipal;
    const { current } = await shellFacts(c.get('trx'), p.userId, c.req.param('municipalityId'));
    if (!current) throw notFound('municipality');
    return seeOther(c, href(c, municipalityHome(current)));
  });
  return pages;
}

/** Last of all: an /app path that is no page. */
export function appNotFoundPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.all('/app/*', () => {
    throw notFound('page');
  });
  return pages;
}
