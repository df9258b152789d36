// The provider's staff, for its admins: who works here and in which roles, open invitations,
// inviting a colleague, changing a member's roles and removing a member (after a confirmation
// step). As the municipality's staff page (identity/pages/members.tsx), each page stands for the
// API operation it mirrors (listProviderMembers, inviteProviderMember, updateProviderMember,
// removeProviderMember) and calls the same service, so the API's refusals (the last admin) are
// the page's too, said plainly instead of a 500.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { PROVIDER_ROLES, type ProviderRole } from '../../../platform/http/access.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, validateForm } from '../../../platform/ui/form.js';
import { createInvitation, invitationSenders, listInvitations } from '../../identity/service.js';
import { routes } from '../routes.js';
import { CreateProviderInvitation, UpdateProviderMember } from '../schemas.js';
import { getProvider, getProviderMember, listProviderMembers, removeProviderMember, updateProviderMemberRoles } from '../service.js';
import { CheckboxGroup, Done, PROVIDER_BASE, UUID_PARAM, allOf, portalPath, uuidOrUndefined } from './kit.js';

const T = {
  nl: {
    title: 'Medewerkers',
    intro: 'De mensen die voor uw organisatie in Vervolg werken, met hun rollen. Alleen beheerders zien deze pagina.',
    invite: 'Medewerker uitnodigen',
    caption: 'Medewerkers van uw organisatie',
    name: 'Naam',
    email: 'E-mailadres',
    roles: 'Rollen',
    memberSince: 'Lid sinds',
    you: '(u)',
    invitations: 'Openstaande uitnodigingen',
    invitationsCaption: 'Uitnodigingen die nog niet zijn geaccepteerd',
    noInvitations: 'Er staan geen uitnodigingen open.',
    expires: 'Verloopt op',
    sentBy: 'Verstuurd door',
    unknown: 'onbekend',
    roleNames: { admin: 'beheerder', staff: 'medewerker' } as Record<string, string>,
    roleLabels: { admin: 'Beheerder', staff: 'Medewerker' } as Record<ProviderRole, string>,
    roleHelp: {
      admin: 'Beheert de API-sleutels en de medewerkers van uw organisatie.',
      staff: 'Bekijkt de contracten en indicatoren en levert uitkomsten aan.',
    } as Record<ProviderRole, string>,
    rolesHint: 'Kies één of meer rollen.',
    inviteTitle: 'Medewerker uitnodigen',
    inviteIntro: 'De collega krijgt een e-mail met een link. Daarmee maakt die een account (of koppelt een bestaand account) en stelt een tweede factor in.',
    emailHint: 'Het werkadres van uw collega.',
    send: 'Uitnodiging versturen',
    cancel: 'Annuleren',
    badEmail: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@zorgaanbieder.nl.',
    noRole: 'Kies minstens één rol.',
    badRole: 'Kies alleen rollen uit de lijst.',
    back: 'Terug naar de medewerkers',
    changeRoles: 'Rollen wijzigen',
    saveRoles: 'Rollen opslaan',
    removeTitle: 'Verwijderen uit uw organisatie',
    removeIntro: 'Werkt deze persoon niet meer voor uw organisatie? Verwijder die dan. Het account blijft bestaan, maar geeft geen toegang meer tot uw organisatie.',
    removeLink: (name: string) => `${name} verwijderen`,
    removeConfirmTitle: (name: string) => `${name} verwijderen?`,
    removeExplain: 'Deze persoon kan dan niet meer bij de contracten, uitkomsten en sleutels van uw organisatie. U kunt de persoon later opnieuw uitnodigen.',
    removeSelf: 'Dit bent u zelf: daarna kunt u niet meer bij uw organisatie.',
    removeYes: 'Ja, verwijderen',
    no: 'Nee, terug',
    lastAdmin: 'Dat kan niet: uw organisatie heeft altijd minstens één beheerder. Maak eerst iemand anders beheerder.',
    failed: 'Dat lukte niet',
    done: {
      invited: 'De uitnodiging is verstuurd. De collega krijgt een e-mail met een link om een account te maken.',
      roles: 'De rollen zijn opgeslagen.',
      removed: 'De medewerker is uit uw organisatie verwijderd.',
    } as Record<string, string>,
  },
  en: {
    title: 'Staff',
    intro: 'The people who work in Vervolg for your organisation, with their roles. Only administrators see this page.',
    invite: 'Invite a colleague',
    caption: 'Staff of your organisation',
    name: 'Name',
    email: 'E-mail address',
    roles: 'Roles',
    memberSince: 'Member since',
    you: '(you)',
    invitations: 'Open invitations',
    invitationsCaption: 'Invitations not yet accepted',
    noInvitations: 'There are no open invitations.',
    expires: 'Expires',
    sentBy: 'Sent by',
    unknown: 'unknown',
    roleNames: { admin: 'administrator', staff: 'staff member' } as Record<string, string>,
    roleLabels: { admin: 'Administrator', staff: 'Staff member' } as Record<ProviderRole, string>,
    roleHelp: {
      admin: 'Manages your organisation’s API keys and staff.',
      staff: 'Reads the contracts and indicators and reports outcomes.',
    } as Record<ProviderRole, string>,
    rolesHint: 'Choose one or more roles.',
    inviteTitle: 'Invite a colleague',
    inviteIntro: 'Your colleague gets an e-mail with a link. With it they create an account (or link an existing one) and set up a second factor.',
    emailHint: 'Your colleague’s work address.',
    send: 'Send invitation',
    cancel: 'Cancel',
    badEmail: 'Enter a valid e-mail address, for example name@provider.nl.',
    noRole: 'Choose at least one role.',
    badRole: 'Choose only roles from the list.',
    back: 'Back to the staff',
    changeRoles: 'Change roles',
    saveRoles: 'Save roles',
    removeTitle: 'Remove from your organisation',
    removeIntro: 'Does this person no longer work for your organisation? Then remove them. Their account stays, but no longer gives access to your organisation.',
    removeLink: (name: string) => `Remove ${name}`,
    removeConfirmTitle: (name: string) => `Remove ${name}?`,
    removeExplain: 'This person can then no longer reach your organisation’s contracts, outcomes and keys. You can invite them again later.',
    removeSelf: 'This is you: afterwards you can no longer reach your organisation.',
    removeYes: 'Yes, remove',
    no: 'No, go back',
    lastAdmin: 'That is not possible: your organisation always has at least one administrator. Make someone else an administrator first.',
    failed: 'That did not work',
    done: {
      invited: 'The invitation has been sent. Your colleague gets an e-mail with a link to create an account.',
      roles: 'The roles have been saved.',
      removed: 'The staff member has been removed from your organisation.',
    } as Record<string, string>,
  },
} as const;
type Strings = (typeof T)[Locale];

/** The API's largest page: a provider has far fewer staff; beyond it the list pages on by id. */
const MAX_PAGE = 200;

const rolesText = (roles: readonly string[], s: Strings) => roles.map((r) => s.roleNames[r] ?? r).join(', ');
const roleOptions = (s: Strings) => PROVIDER_ROLES.map((r) => ({ value: r, label: s.roleLabels[r], help: s.roleHelp[r] }));

function formErrors(error: ApiError, s: Strings): FieldErrors {
  return fieldErrorsFrom(error, {
    fields: ['email', 'roles'],
    messages: (p) => {
      const name = p.name.replace(/^body\./, '');
      if (name === 'email') return s.badEmail;
      if (name === 'roles') return s.noRole;
      if (name.startsWith('roles.')) return s.badRole;
      return undefined;
    },
  });
}

const refusalText = (error: unknown, s: Strings) => (error instanceof ApiError && error.status === 409 && error.slug === 'last-admin' ? s.lastAdmin : null);

export function providerMemberPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(`${PROVIDER_BASE}/members`, asOperation(routes.members), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const trx = c.get('trx');
    const me = userPrincipal(c).userId;
    const cursor = uuidOrUndefined(c.req.query('cursor'));
    const members = toPage(await listProviderMembers(trx, providerId, MAX_PAGE, cursor), MAX_PAGE, (m) => m.userId);
    const invitations = toPage(await listInvitations(trx, { providerId }, MAX_PAGE, nowOf(c)), MAX_PAGE);
    const open = invitations.items.filter((i) => i.status === 'pending');
    const senders = await invitationSenders(trx, { providerId }, open.map((i) => i.id));
    const base = `${portalPath(providerId)}/members`;
    const body = (
      <div class="vv-members-page">
        <Done c={c} messages={s.done} />
        <p class="utrecht-paragraph">{s.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/invite`)}>
            {s.invite}
          </a>
        </p>
        <DataTable label={s.caption} caption={s.caption} captionVisible class="vv-members" id="members" columns={[s.name, s.email, s.roles, s.memberSince]}>
          {members.items.map((m) => (
            <tr class="utrecht-table__row" data-member={m.userId}>
              <th class="utrecht-table__header-cell" scope="row">
                <a class="utrecht-link" href={href(c, `${base}/${m.userId}`)}>
                  {m.name}
                </a>
                {m.userId === me ? ` ${s.you}` : null}
              </th>
              <td class="utrecht-table__cell vv-members__email">{m.email}</td>
              <td class="utrecht-table__cell">{rolesText(m.roles, s)}</td>
              <td class="utrecht-table__cell">{formatDate(m.createdAt, locale)}</td>
            </tr>
          ))}
        </DataTable>
        {members.nextCursor ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, base, { cursor: members.nextCursor })}>
              {locale === 'nl' ? 'Volgende pagina' : 'Next page'}
            </a>
          </p>
        ) : null}
        <h2 class="utrecht-heading-2">{s.invitations}</h2>
        {open.length === 0 ? (
          <p class="utrecht-paragraph" id="no-invitations">
            {s.noInvitations}
          </p>
        ) : (
          <DataTable label={s.invitationsCaption} caption={s.invitationsCaption} class="vv-members" id="invitations" columns={[s.email, s.roles, s.expires, s.sentBy]}>
            {open.map((i) => (
              <tr class="utrecht-table__row" data-invitation={i.id}>
                <th class="utrecht-table__header-cell vv-members__email" scope="row">
                  {i.email}
                </th>
                <td class="utrecht-table__cell">{rolesText(i.roles, s)}</td>
                <td class="utrecht-table__cell">{formatDateTime(i.expiresAt, locale)}</td>
                <td class="utrecht-table__cell">{senders.get(i.id) ?? s.unknown}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  const inviteForm = (c: Context<AppEnv>, values: { email: string; roles: readonly string[] }, errors: FieldErrors = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const base = `${portalPath(c.req.param('providerId') as string)}/members`;
    const body = (
      <div class="vv-members-page">
        <ErrorSummary errors={errors} locale={locale} labels={{ email: s.email, roles: s.roles }} />
        <p class="utrecht-paragraph">{s.inviteIntro}</p>
        <form method="post" action={href(c, `${base}/invite`)} novalidate>
          <TextField name="email" type="email" label={s.email} hint={s.emailHint} value={values.email} error={errors.email} autocomplete="off" spellcheck={false} maxlength={254} required={true} />
          <CheckboxGroup name="roles" legend={s.roles} hint={s.rolesHint} options={roleOptions(s)} checked={values.roles} error={errors.roles} />
          <div class="vv-actions">
            <Button>{s.send}</Button>
            <a class="utrecht-link" href={href(c, base)}>
              {s.cancel}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.inviteTitle, body, status: Object.keys(errors).length ? 400 : 200 });
  };

  pages.get(`${PROVIDER_BASE}/members/invite`, asOperation(routes.invite), (c) => inviteForm(c, { email: '', roles: [] }));
  pages.post(`${PROVIDER_BASE}/members/invite`, asOperation(routes.invite), async (c) => {
    const s = T[localeOf(c)];
    const providerId = c.req.param('providerId') as string;
    const form = await c.req.parseBody({ all: true });
    const typed = { email: allOf(form.email).at(-1) ?? '', roles: allOf(form.roles) };
    let input: ReturnType<typeof CreateProviderInvitation.parse>;
    try {
      input = validateForm(CreateProviderInvitation, typed);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return inviteForm(c, typed, formErrors(error, s));
      throw error;
    }
    // As the API's inviteProviderMember handler.
    const trx = c.get('trx');
    const provider = await getProvider(trx, providerId);
    const { config } = c.get('deps');
    const invitation = await createInvitation(trx, { providerId }, input, {
      invitedBy: userPrincipal(c).userId,
      organisationName: provider.name,
      publicUrl: config.publicUrl,
      ttlHours: config.invitationTtlHours,
      now: nowOf(c),
    });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return seeOther(c, href(c, `${portalPath(providerId)}/members`, { done: 'invited' }));
  });

  const MEMBER = `${PROVIDER_BASE}/members/:userId{${UUID_PARAM}}`;

  const memberPage = async (c: Context<AppEnv>, options: { roles?: readonly string[]; errors?: FieldErrors; refusal?: string; status?: 400 | 409 } = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const userId = c.req.param('userId') as string;
    const member = await getProviderMember(c.get('trx'), providerId, userId);
    const base = `${portalPath(providerId)}/members`;
    const errors = options.errors ?? {};
    const body = (
      <div class="vv-members-page">
        <Done c={c} messages={s.done} />
        {options.refusal ? (
          <Alert type="error" title={s.failed}>
            <p class="utrecht-paragraph">{options.refusal}</p>
          </Alert>
        ) : null}
        <ErrorSummary errors={errors} locale={locale} labels={{ roles: s.roles }} />
        <dl class="utrecht-data-list vv-member">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.email}</dt>
            <dd class="utrecht-data-list__item-value">{member.email}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.roles}</dt>
            <dd class="utrecht-data-list__item-value" id="member-roles">
              {rolesText(member.roles, s)}
            </dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.memberSince}</dt>
            <dd class="utrecht-data-list__item-value">{formatDate(member.createdAt, locale)}</dd>
          </div>
        </dl>
        <h2 class="utrecht-heading-2">{s.changeRoles}</h2>
        <form method="post" action={href(c, `${base}/${userId}`)} novalidate>
          <CheckboxGroup name="roles" legend={s.roles} hint={s.rolesHint} options={roleOptions(s)} checked={options.roles ?? member.roles} error={errors.roles} />
          <div class="vv-actions">
            <Button>{s.saveRoles}</Button>
          </div>
        </form>
        <h2 class="utrecht-heading-2">{s.removeTitle}</h2>
        <p class="utrecht-paragraph">{s.removeIntro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${base}/${userId}/remove`)}>
            {s.removeLink(member.name)}
          </a>
        </p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, base)}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: member.name, body, status: options.status ?? 200 });
  };

  // Shows a member's personal data: logged as listProviderMembers reads it (the API has no single-member read).
  pages.get(MEMBER, asOperation(routes.members), (c) => memberPage(c));
  pages.post(MEMBER, asOperation(routes.updateMember), async (c) => {
    const s = T[localeOf(c)];
    const providerId = c.req.param('providerId') as string;
    const userId = c.req.param('userId') as string;
    const form = await c.req.parseBody({ all: true });
    const typed = allOf(form.roles);
    let input: ReturnType<typeof UpdateProviderMember.parse>;
    try {
      input = validateForm(UpdateProviderMember, { roles: typed });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return memberPage(c, { roles: typed, errors: formErrors(error, s), status: 400 });
      throw error;
    }
    try {
      await updateProviderMemberRoles(c.get('trx'), providerId, userId, input.roles);
    } catch (error) {
      const refusal = refusalText(error, s);
      if (refusal) return memberPage(c, { roles: typed, refusal, status: 409 });
      throw error;
    }
    // An admin who gave up their own admin role can no longer see this page: on to their work.
    if (userId === userPrincipal(c).userId && !input.roles.includes('admin')) return seeOther(c, href(c, '/app'));
    return seeOther(c, href(c, `${portalPath(providerId)}/members/${userId}`, { done: 'roles' }));
  });

  const confirmPage = async (c: Context<AppEnv>, refusal?: string) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const userId = c.req.param('userId') as string;
    const member = await getProviderMember(c.get('trx'), providerId, userId);
    const memberUrl = `${portalPath(providerId)}/members/${userId}`;
    const body = (
      <div class="vv-members-page">
        {refusal ? (
          <Alert type="error" title={s.failed}>
            <p class="utrecht-paragraph">{refusal}</p>
          </Alert>
        ) : null}
        <p class="utrecht-paragraph">{s.removeExplain}</p>
        <p class="utrecht-paragraph">{`${s.email}: ${member.email}`}</p>
        {userId === userPrincipal(c).userId ? (
          <Alert type="warning">
            <p class="utrecht-paragraph">{s.removeSelf}</p>
          </Alert>
        ) : null}
        <form method="post" action={href(c, `${memberUrl}/remove`)}>
          <div class="vv-actions">
            <Button>{s.removeYes}</Button>
            <a class="utrecht-link" href={href(c, memberUrl)}>
              {s.no}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.removeConfirmTitle(member.name), body, status: refusal ? 409 : 200 });
  };

  pages.get(`${MEMBER}/remove`, asOperation(routes.members), (c) => confirmPage(c));
  pages.post(`${MEMBER}/remove`, asOperation(routes.removeMember), async (c) => {
    const s = T[localeOf(c)];
    const providerId = c.req.param('providerId') as string;
    const userId = c.req.param('userId') as string;
    try {
      await removeProviderMember(c.get('trx'), providerId, userId);
    } catch (error) {
      const refusal = refusalText(error, s);
      if (refusal) return confirmPage(c, refusal);
      throw error;
    }
    if (userId === userPrincipal(c).userId) return seeOther(c, href(c, '/app'));
    return seeOther(c, href(c, `${portalPath(providerId)}/members`, { done: 'removed' }));
  });

  return pages;
}
