// The municipality's staff, for its admins: who works here and in which roles, open invitations,
// inviting a colleague, changing a member's roles, removing a member and resetting a member's
// second factor (lost phone). Each page stands for the API operation it mirrors (asOperation: the
// same access rule and the same processing log) and calls the same service functions as that
// operation's handler in ../routes.ts, so the API's refusals (the last admin, a second factor only
// the platform operator may reset) are the page's too, shown as a clear message instead of a 500.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { type MunicipalRole, MUNICIPAL_ROLES } from '../../../platform/http/access.js';
import { clearSessionCookie, nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, ErrorSummary, type FieldErrors, DataTable, TextField, fieldErrorsFrom, fieldId, validateForm } from '../../../platform/ui/form.js';
import { getMunicipality } from '../../tenants/service.js';
import { routes } from '../routes.js';
import { CreateInvitation, UpdateMember } from '../schemas.js';
import { createInvitation, getMember, invitationSenders, listInvitations, listMembers, removeMember, resetMemberSecondFactor, revokeInvitation, updateMemberRoles } from '../service.js';

const T = {
  nl: {
    title: 'Medewerkers',
    intro: 'De mensen die voor uw gemeente in Vervolg werken, met hun rollen. Alleen beheerders zien deze pagina.',
    invite: 'Medewerker uitnodigen',
    membersCaption: 'Medewerkers van de gemeente',
    name: 'Naam',
    email: 'E-mailadres',
    roles: 'Rollen',
    secondFactor: 'Tweede factor',
    secondFactorOn: 'Ingesteld',
    secondFactorOff: 'Nog niet ingesteld',
    memberSince: 'Lid sinds',
    you: '(u)',
    invitations: 'Openstaande uitnodigingen',
    invitationsCaption: 'Uitnodigingen die nog niet zijn geaccepteerd',
    noInvitations: 'Er staan geen uitnodigingen open.',
    expires: 'Verloopt op',
    sentBy: 'Verstuurd door',
    action: 'Actie',
    unknown: 'onbekend',
    revoke: 'Intrekken',
    revokeLabel: (email: string) => `Uitnodiging aan ${email} intrekken`,
    next: 'Volgende pagina',
    first: 'Naar de eerste pagina',
    moreInvitations: 'Oudere uitnodigingen',
    done: {
      invited: 'De uitnodiging is verstuurd. De collega krijgt een e-mail met een link om een account te maken.',
      revoked: 'De uitnodiging is ingetrokken. De link in de e-mail werkt niet meer.',
      removed: 'De medewerker is uit de gemeente verwijderd.',
      roles: 'De rollen zijn opgeslagen.',
      reset: 'De tweede factor is teruggezet. De medewerker is overal uitgelogd en stelt bij de volgende keer inloggen een nieuwe authenticator-app in.',
    } as Record<string, string>,
    roleNames: { admin: 'beheerder', 'contract-manager': 'contractmanager', 'case-manager': 'casemanager', analyst: 'analist' } as Record<string, string>,
    roleLabels: { admin: 'Beheerder', 'contract-manager': 'Contractmanager', 'case-manager': 'Casemanager', analyst: 'Analist' } as Record<MunicipalRole, string>,
    roleHelp: {
      admin: 'Beheert de medewerkers, de sjablonen en de instellingen van de gemeente, en kan ook afspraken maken.',
      'contract-manager': 'Beheert de contracten en de samenwerking met zorgaanbieders.',
      'case-manager': 'Maakt nazorgafspraken met jongeren en laat ze ondertekenen.',
      analyst: 'Bekijkt de uitkomstcijfers, zonder namen van jongeren.',
    } as Record<MunicipalRole, string>,
    inviteTitle: 'Medewerker uitnodigen',
    inviteIntro: 'De collega krijgt een e-mail met een link. Daarmee maakt die een account (of koppelt een bestaand account) en stelt een tweede factor in.',
    emailHint: 'Het werkadres van uw collega.',
    rolesHint: 'Kies één of meer rollen.',
    send: 'Uitnodiging versturen',
    cancel: 'Annuleren',
    badEmail: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.',
    noRole: 'Kies minstens één rol.',
    badRole: 'Kies alleen rollen uit de lijst.',
    back: 'Terug naar de medewerkers',
    backToMember: (name: string) => `Terug naar ${name}`,
    changeRoles: 'Rollen wijzigen',
    saveRoles: 'Rollen opslaan',
    resetTitle: 'Tweede factor terugzetten',
    resetIntro: 'Is de telefoon met de authenticator-app kwijt of nieuw? Zet dan de tweede factor terug.',
    resetLink: (name: string) => `Tweede factor van ${name} terugzetten`,
    resetConfirmTitle: (name: string) => `Tweede factor van ${name} terugzetten?`,
    resetExplain: [
      'De authenticator-app en de herstelcodes van deze medewerker werken dan niet meer.',
      'De medewerker wordt overal uitgelogd en krijgt een e-mail dat dit is gebeurd.',
      'Bij de volgende keer inloggen stelt de medewerker een nieuwe authenticator-app in.',
    ],
    resetYes: 'Ja, tweede factor terugzetten',
    removeTitle: 'Verwijderen uit de gemeente',
    removeIntro: 'Werkt deze persoon niet meer voor de gemeente? Verwijder die dan. Het account blijft bestaan, maar geeft geen toegang meer tot deze gemeente.',
    removeLink: (name: string) => `${name} verwijderen uit de gemeente`,
    removeConfirmTitle: (name: string) => `${name} verwijderen?`,
    removeExplain: 'Deze persoon kan dan niet meer bij de afspraken en gegevens van uw gemeente. De afspraken die deze persoon maakte blijven bestaan. U kunt de persoon later opnieuw uitnodigen.',
    removeYes: 'Ja, verwijderen',
    removeSelf: 'Dit bent u zelf: daarna kunt u niet meer bij deze gemeente.',
    resetSelf: 'Dit bent u zelf: u wordt ook hier uitgelogd en stelt bij het inloggen een nieuwe app in.',
    no: 'Nee, terug',
    lastAdmin: 'Dat kan niet: een gemeente heeft altijd minstens één beheerder. Maak eerst iemand anders beheerder.',
    needsOperator:
      'Dat kan niet vanuit de gemeente: deze persoon heeft ook toegang buiten uw gemeente (een andere gemeente, een zorgaanbieder of het platform). Alleen de beheerder van het platform kan deze tweede factor terugzetten.',
    failed: 'Dat lukte niet',
  },
  en: {
    title: 'Staff',
    intro: 'The people who work in Vervolg for your municipality, with their roles. Only administrators see this page.',
    invite: 'Invite a colleague',
    membersCaption: 'Staff of the municipality',
    name: 'Name',
    email: 'E-mail address',
    roles: 'Roles',
    secondFactor: 'Second factor',
    secondFactorOn: 'Set up',
    secondFactorOff: 'Not set up yet',
    memberSince: 'Member since',
    you: '(you)',
    invitations: 'Open invitations',
    invitationsCaption: 'Invitations not yet accepted',
    noInvitations: 'There are no open invitations.',
    expires: 'Expires',
    sentBy: 'Sent by',
    action: 'Action',
    unknown: 'unknown',
    revoke: 'Revoke',
    revokeLabel: (email: string) => `Revoke the invitation to ${email}`,
    next: 'Next page',
    first: 'Go to the first page',
    moreInvitations: 'Older invitations',
    done: {
      invited: 'The invitation has been sent. Your colleague gets an e-mail with a link to create an account.',
      revoked: 'The invitation has been revoked. The link in the e-mail no longer works.',
      removed: 'The staff member has been removed from the municipality.',
      roles: 'The roles have been saved.',
      reset: 'The second factor has been reset. The staff member is signed out everywhere and sets up a new authenticator app at their next sign-in.',
    } as Record<string, string>,
    roleNames: { admin: 'administrator', 'contract-manager': 'contract manager', 'case-manager': 'case manager', analyst: 'analyst' } as Record<string, string>,
    roleLabels: { admin: 'Administrator', 'contract-manager': 'Contract manager', 'case-manager': 'Case manager', analyst: 'Analyst' } as Record<MunicipalRole, string>,
    roleHelp: {
      admin: 'Manages the staff, the templates and the municipality’s settings, and can also make agreements.',
      'contract-manager': 'Manages the contracts and the work with care providers.',
      'case-manager': 'Makes aftercare agreements with young people and has them signed.',
      analyst: 'Looks at the outcome figures, without young people’s names.',
    } as Record<MunicipalRole, string>,
    inviteTitle: 'Invite a colleague',
    inviteIntro: 'Your colleague gets an e-mail with a link. With it they create an account (or link an existing one) and set up a second factor.',
    emailHint: 'Your colleague’s work address.',
    rolesHint: 'Choose one or more roles.',
    send: 'Send invitation',
    cancel: 'Cancel',
    badEmail: 'Enter a valid e-mail address, for example name@municipality.nl.',
    noRole: 'Choose at least one role.',
    badRole: 'Choose only roles from the list.',
    back: 'Back to the staff',
    backToMember: (name: string) => `Back to ${name}`,
    changeRoles: 'Change roles',
    saveRoles: 'Save roles',
    resetTitle: 'Reset the second factor',
    resetIntro: 'Has the phone with the authenticator app been lost or replaced? Then reset the second factor.',
    resetLink: (name: string) => `Reset the second factor of ${name}`,
    resetConfirmTitle: (name: string) => `Reset the second factor of ${name}?`,
    resetExplain: [
      'Their authenticator app and recovery codes will no longer work.',
      'They are signed out everywhere and get an e-mail that this happened.',
      'At their next sign-in they set up a new authenticator app.',
    ],
    resetYes: 'Yes, reset the second factor',
    removeTitle: 'Remove from the municipality',
    removeIntro: 'Does this person no longer work for the municipality? Then remove them. Their account stays, but no longer gives access to this municipality.',
    removeLink: (name: string) => `Remove ${name} from the municipality`,
    removeConfirmTitle: (name: string) => `Remove ${name}?`,
    removeExplain: 'This person can then no longer reach your municipality’s agreements and data. The agreements they made stay. You can invite them again later.',
    removeYes: 'Yes, remove',
    removeSelf: 'This is you: afterwards you can no longer reach this municipality.',
    resetSelf: 'This is you: you are signed out here too and set up a new app when you sign in.',
    no: 'No, go back',
    lastAdmin: 'That is not possible: a municipality always has at least one administrator. Make someone else an administrator first.',
    needsOperator:
      'That is not possible from the municipality: this person also has access outside your municipality (another municipality, a care provider or the platform). Only the platform’s administrator can reset this second factor.',
    failed: 'That did not work',
  },
} as const;

type Strings = (typeof T)[Locale];

/**
 * The API's largest page (PaginationQuery: limit ≤ 200). A municipality has far fewer staff, so the
 * list is one page; only beyond 200 does it page on, with the API's own cursor (an id, never a name).
 */
const MAX_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuidOrUndefined = (value: string | undefined) => (value && UUID.test(value) ? value : undefined);

const BASE = '/app/municipalities/:municipalityId';
const UUID_PARAM = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const basePath = (municipalityId: string) => `/app/municipalities/${municipalityId}`;
const rolesText = (roles: readonly string[], s: Strings) => roles.map((r) => s.roleNames[r] ?? r).join(', ');

/** The roles a form sent (checkboxes named `roles`, zero or more). */
async function formOf(c: Context<AppEnv>): Promise<{ email: string; roles: string[] }> {
  const body = await c.req.parseBody({ all: true });
  const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return { email: all(body.email).at(-1) ?? '', roles: all(body.roles) };
}

/** A form's 400 as messages beside the fields, in the page's language. */
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

/** Role checkboxes in a fieldset, each with one line on what the role may do. */
function RolesFieldset(props: { s: Strings; checked: readonly string[]; error?: string | undefined }) {
  const { s } = props;
  const id = fieldId('roles');
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`utrecht-form-fieldset vv-roles${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{s.roles}</legend>
      <div class="utrecht-form-field-description" id={`${id}-hint`}>
        {s.rolesHint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      {MUNICIPAL_ROLES.map((role) => {
        const roleId = `${id}-${role}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={roleId} name="roles" value={role} checked={props.checked.includes(role) || undefined} aria-describedby={`${roleId}-hint`} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={roleId}>
                {s.roleLabels[role]}
              </label>
            </div>
            <div class="utrecht-form-field-description" id={`${roleId}-hint`}>
              {s.roleHelp[role]}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

function Done(props: { c: Context<AppEnv>; s: Strings }) {
  const done = props.c.req.query('done');
  const text = done ? props.s.done[done] : undefined;
  return text ? <Alert type="ok">{text}</Alert> : null;
}

/** What the API refuses about a member, as the page says it (anything else goes to the failure page). */
function refusalText(error: unknown, s: Strings): string | null {
  if (error instanceof ApiError && error.status === 409 && error.slug === 'last-admin') return s.lastAdmin;
  if (error instanceof ApiError && error.status === 403 && error.slug === 'two-factor-reset-needs-operator') return s.needsOperator;
  return null;
}

export function memberPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  // ---- the list: listMembers (a read of personal data, logged) and listInvitations ----
  pages.get(`${BASE}/members`, asOperation(routes.listMembers), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId');
    const trx = c.get('trx');
    const me = userPrincipal(c).userId;
    const cursor = uuidOrUndefined(c.req.query('cursor'));
    const invitationsCursor = uuidOrUndefined(c.req.query('invitationsCursor'));
    const members = toPage(await listMembers(trx, municipalityId, MAX_PAGE, cursor), MAX_PAGE, (m) => m.userId);
    const invitations = toPage(await listInvitations(trx, { tenantId: municipalityId }, MAX_PAGE, nowOf(c), invitationsCursor), MAX_PAGE);
    // Open = not accepted, revoked or expired: the others are history, not something to act on.
    const open = invitations.items.filter((i) => i.status === 'pending');
    const senders = await invitationSenders(trx, { tenantId: municipalityId }, open.map((i) => i.id));
    const base = basePath(municipalityId);
    const body = (
      <div class="vv-members-page">
        <Done c={c} s={s} />
        <p class="utrecht-paragraph">{s.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/members/invite`)}>
            {s.invite}
          </a>
        </p>
        <DataTable label={s.membersCaption} caption={s.membersCaption} captionVisible class="vv-members" id="members" columns={[s.name, s.email, s.roles, s.secondFactor, s.memberSince]}>
              {members.items.map((m) => (
                <tr class="utrecht-table__row" data-member={m.userId}>
                  <th class="utrecht-table__header-cell" scope="row">
                    <a class="utrecht-link" href={href(c, `${base}/members/${m.userId}`)}>
                      {m.name}
                    </a>
                    {m.userId === me ? ` ${s.you}` : null}
                  </th>
                  <td class="utrecht-table__cell vv-members__email">{m.email}</td>
                  <td class="utrecht-table__cell">{rolesText(m.roles, s)}</td>
                  <td class="utrecht-table__cell">{m.twoFactorEnabled ? `✓ ${s.secondFactorOn}` : `✗ ${s.secondFactorOff}`}</td>
                  <td class="utrecht-table__cell">{formatDate(m.createdAt, locale)}</td>
                </tr>
              ))}
            </DataTable>
        {cursor || members.nextCursor ? (
          <nav class="vv-actions" aria-label={s.membersCaption}>
            {cursor ? (
              <a class="utrecht-link" href={href(c, `${base}/members`)}>
                {s.first}
              </a>
            ) : null}
            {members.nextCursor ? (
              <a class="utrecht-link" href={href(c, `${base}/members`, { cursor: members.nextCursor })}>
                {s.next}
              </a>
            ) : null}
          </nav>
        ) : null}

        <h2 class="utrecht-heading-2" id="invitations-title">
          {s.invitations}
        </h2>
        {open.length === 0 ? (
          <p class="utrecht-paragraph" id="no-invitations">
            {s.noInvitations}
          </p>
        ) : (
          <DataTable label={s.invitationsCaption} caption={s.invitationsCaption} class="vv-members" id="invitations" columns={[s.email, s.roles, s.expires, s.sentBy, s.action]}>
                {open.map((i) => (
                  <tr class="utrecht-table__row" data-invitation={i.id}>
                    <th class="utrecht-table__header-cell vv-members__email" scope="row">
                      {i.email}
                    </th>
                    <td class="utrecht-table__cell">{rolesText(i.roles, s)}</td>
                    <td class="utrecht-table__cell">{formatDateTime(i.expiresAt, locale)}</td>
                    <td class="utrecht-table__cell">{senders.get(i.id) ?? s.unknown}</td>
                    <td class="utrecht-table__cell">
                      <form method="post" action={href(c, `${base}/invitations/${i.id}/revoke`)}>
                        <button type="submit" class="utrecht-button utrecht-button--secondary-action utrecht-button--small" aria-label={s.revokeLabel(i.email)}>
                          {s.revoke}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </DataTable>
        )}
        {invitations.nextCursor ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, `${base}/members`, { invitationsCursor: invitations.nextCursor })}>
              {s.moreInvitations}
            </a>
          </p>
        ) : null}
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  // ---- invite a colleague: createInvitation (the e-mail goes through the outbox, as the API's) ----
  const inviteForm = (c: Context<AppEnv>, values: { email: string; roles: readonly string[] }, errors: FieldErrors = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const base = basePath(c.req.param('municipalityId') as string);
    const body = (
      <div class="vv-members-page">
        <ErrorSummary errors={errors} locale={locale} labels={{ email: s.email, roles: s.roles }} />
        <p class="utrecht-paragraph">{s.inviteIntro}</p>
        <form method="post" action={href(c, `${base}/members/invite`)} novalidate>
          <TextField name="email" type="email" label={s.email} hint={s.emailHint} value={values.email} error={errors.email} autocomplete="off" spellcheck={false} maxlength={254} required={true} />
          <RolesFieldset s={s} checked={values.roles} error={errors.roles} />
          <div class="vv-actions">
            <Button>{s.send}</Button>
            <a class="utrecht-link vv-members__cancel" href={href(c, `${base}/members`)}>
              {s.cancel}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.inviteTitle, body, status: Object.keys(errors).length ? 400 : 200 });
  };

  pages.get(`${BASE}/members/invite`, asOperation(routes.createInvitation), (c) => inviteForm(c, { email: '', roles: [] }));

  pages.post(`${BASE}/members/invite`, asOperation(routes.createInvitation), async (c) => {
    const s = T[localeOf(c)];
    const municipalityId = c.req.param('municipalityId');
    const typed = await formOf(c);
    let input: ReturnType<typeof CreateInvitation.parse>;
    try {
      input = validateForm(CreateInvitation, typed);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return inviteForm(c, typed, formErrors(error, s));
      throw error;
    }
    // As the API's createInvitation handler.
    const trx = c.get('trx');
    const tenant = await getMunicipality(trx, municipalityId, { signingLinkDays: c.get('deps').config.signingLinkDays });
    const { config } = c.get('deps');
    const invitation = await createInvitation(trx, { tenantId: municipalityId }, input, {
      invitedBy: userPrincipal(c).userId,
      organisationName: tenant.name,
      publicUrl: config.publicUrl,
      ttlHours: config.invitationTtlHours,
      now: nowOf(c),
    });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return seeOther(c, href(c, `${basePath(municipalityId)}/members`, { done: 'invited' }));
  });

  // ---- revoke an invitation: revokeInvitation ----
  pages.post(`${BASE}/invitations/:invitationId{${UUID_PARAM}}/revoke`, asOperation(routes.revokeInvitation), async (c) => {
    const municipalityId = c.req.param('municipalityId');
    await revokeInvitation(c.get('trx'), { tenantId: municipalityId }, c.req.param('invitationId'), nowOf(c));
    return seeOther(c, href(c, `${basePath(municipalityId)}/members`, { done: 'revoked' }));
  });

  // ---- one member: their details, change roles, and the ways to reset or remove ----
  const memberPage = async (c: Context<AppEnv>, options: { roles?: readonly string[]; errors?: FieldErrors; refusal?: string; status?: 400 | 409 } = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId') as string;
    const userId = c.req.param('userId') as string;
    const member = await getMember(c.get('trx'), municipalityId, userId);
    const base = basePath(municipalityId);
    const errors = options.errors ?? {};
    const memberUrl = `${base}/members/${userId}`;
    const body = (
      <div class="vv-members-page">
        <Done c={c} s={s} />
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
            <dt class="utrecht-data-list__item-key">{s.secondFactor}</dt>
            <dd class="utrecht-data-list__item-value" id="member-second-factor">
              {member.twoFactorEnabled ? `✓ ${s.secondFactorOn}` : `✗ ${s.secondFactorOff}`}
            </dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.memberSince}</dt>
            <dd class="utrecht-data-list__item-value">{formatDate(member.createdAt, locale)}</dd>
          </div>
        </dl>

        <h2 class="utrecht-heading-2">{s.changeRoles}</h2>
        <form method="post" action={href(c, memberUrl)} novalidate>
          <RolesFieldset s={s} checked={options.roles ?? member.roles} error={errors.roles} />
          <div class="vv-actions">
            <Button>{s.saveRoles}</Button>
          </div>
        </form>

        <h2 class="utrecht-heading-2">{s.resetTitle}</h2>
        <p class="utrecht-paragraph">{s.resetIntro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${memberUrl}/two-factor/reset`)}>
            {s.resetLink(member.name)}
          </a>
        </p>

        <h2 class="utrecht-heading-2">{s.removeTitle}</h2>
        <p class="utrecht-paragraph">{s.removeIntro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${memberUrl}/remove`)}>
            {s.removeLink(member.name)}
          </a>
        </p>

        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${base}/members`)}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: member.name, body, status: options.status ?? 200 });
  };

  const MEMBER = `${BASE}/members/:userId{${UUID_PARAM}}`;

  // Shows a member's personal data: logged as listMembers reads it (the API has no single-member read).
  pages.get(MEMBER, asOperation(routes.listMembers), (c) => memberPage(c));

  pages.post(MEMBER, asOperation(routes.updateMember), async (c) => {
    const s = T[localeOf(c)];
    const municipalityId = c.req.param('municipalityId');
    const userId = c.req.param('userId');
    const typed = await formOf(c);
    let input: ReturnType<typeof UpdateMember.parse>;
    try {
      input = validateForm(UpdateMember, { roles: typed.roles });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return memberPage(c, { roles: typed.roles, errors: formErrors(error, s), status: 400 });
      throw error;
    }
    try {
      await updateMemberRoles(c.get('trx'), municipalityId, userId, input.roles);
    } catch (error) {
      const refusal = refusalText(error, s);
      if (refusal) return memberPage(c, { roles: typed.roles, refusal, status: 409 });
      throw error;
    }
    // An admin who gave up their own admin role can no longer see this page: on to their work.
    if (userId === userPrincipal(c).userId && !input.roles.includes('admin')) return seeOther(c, href(c, '/app'));
    return seeOther(c, href(c, `${basePath(municipalityId)}/members/${userId}`, { done: 'roles' }));
  });

  // ---- confirmation steps (GET: what will happen; POST: do it) ----
  const confirmPage = async (c: Context<AppEnv>, kind: 'remove' | 'reset', refusal?: string) => {
    const locale = localeOf(c);
    const s = T[locale];
    const municipalityId = c.req.param('municipalityId') as string;
    const userId = c.req.param('userId') as string;
    const member = await getMember(c.get('trx'), municipalityId, userId);
    const memberUrl = `${basePath(municipalityId)}/members/${userId}`;
    const action = kind === 'remove' ? `${memberUrl}/remove` : `${memberUrl}/two-factor/reset`;
    const body = (
      <div class="vv-members-page">
        {refusal ? (
          <Alert type="error" title={s.failed}>
            <p class="utrecht-paragraph">{refusal}</p>
          </Alert>
        ) : null}
        {kind === 'remove' ? (
          <p class="utrecht-paragraph">{s.removeExplain}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {s.resetExplain.map((line) => (
              <li class="utrecht-unordered-list__item">{line}</li>
            ))}
          </ul>
        )}
        <p class="utrecht-paragraph">{`${s.email}: ${member.email}`}</p>
        {userId === userPrincipal(c).userId ? (
          <Alert type="warning">
            <p class="utrecht-paragraph">{kind === 'remove' ? s.removeSelf : s.resetSelf}</p>
          </Alert>
        ) : null}
        <form method="post" action={href(c, action)}>
          <div class="vv-actions">
            <Button>{kind === 'remove' ? s.removeYes : s.resetYes}</Button>
            <a class="utrecht-link vv-members__cancel" href={href(c, memberUrl)}>
              {s.no}
            </a>
          </div>
        </form>
      </div>
    );
    const title = kind === 'remove' ? s.removeConfirmTitle(member.name) : s.resetConfirmTitle(member.name);
    return staffPage(c, { title, body, status: refusal ? (kind === 'remove' ? 409 : 403) : 200 });
  };

  pages.get(`${MEMBER}/remove`, asOperation(routes.listMembers), (c) => confirmPage(c, 'remove'));
  pages.post(`${MEMBER}/remove`, asOperation(routes.removeMember), async (c) => {
    const s = T[localeOf(c)];
    const municipalityId = c.req.param('municipalityId');
    const userId = c.req.param('userId');
    try {
      await removeMember(c.get('trx'), municipalityId, userId);
    } catch (error) {
      const refusal = refusalText(error, s);
      if (refusal) return confirmPage(c, 'remove', refusal);
      throw error;
    }
    // An admin who removed themselves no longer works here.
    if (userId === userPrincipal(c).userId) return seeOther(c, href(c, '/app'));
    return seeOther(c, href(c, `${basePath(municipalityId)}/members`, { done: 'removed' }));
  });

  pages.get(`${MEMBER}/two-factor/reset`, asOperation(routes.listMembers), (c) => confirmPage(c, 'reset'));
  pages.post(`${MEMBER}/two-factor/reset`, asOperation(routes.resetMemberTwoFactor), async (c) => {
    const s = T[localeOf(c)];
    const municipalityId = c.req.param('municipalityId');
    const userId = c.req.param('userId');
    try {
      await resetMemberSecondFactor(c.get('trx'), municipalityId, userId);
    } catch (error) {
      const refusal = refusalText(error, s);
      if (refusal) return confirmPage(c, 'reset', refusal);
      throw error;
    }
    // Resetting one's own second factor ends one's own sessions too: sign in again.
    if (userId === userPrincipal(c).userId) {
      clearSessionCookie(c);
      return seeOther(c, href(c, '/app/sign-in'));
    }
    return seeOther(c, href(c, `${basePath(municipalityId)}/members/${userId}`, { done: 'reset' }));
  });

  return pages;
}
