// The signing vocabulary: who signs, where a signer stands, what happens during signing, how a
// signer was recognised and where their link goes. The zod enums here are the ones the API, the
// pages and the PDF use; the types are inferred from them.
import { z } from '@hono/zod-openapi';
import { codesOf } from './code-list.js';

/** Who signs (signers.role). */
export const SIGNER_ROLE_LABELS = {
  'young-person': { nl: 'Jongere', en: 'Young person' },
  'legal-representative': { nl: 'Wettelijk vertegenwoordiger', en: 'Legal representative' },
  'municipality-officer': { nl: 'Medewerker namens de gemeente', en: 'Officer for the municipality' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
} as const;
export const SIGNER_ROLES = codesOf(SIGNER_ROLE_LABELS);
export const SignerRole = z.enum(SIGNER_ROLES);
export type SignerRole = z.infer<typeof SignerRole>;

/** Where a signer stands (signers.status). */
export const SIGNER_STATUS_LABELS = {
  waiting: { nl: 'Wacht op zijn of haar beurt', en: 'Waiting for their turn' },
  notified: { nl: 'Link verstuurd', en: 'Link sent' },
  signed: { nl: 'Ondertekend', en: 'Signed' },
  declined: { nl: 'Niet ondertekend', en: 'Declined' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  cancelled: { nl: 'Gestopt', en: 'Cancelled' },
} as const;
export const SignerStatus = z.enum(codesOf(SIGNER_STATUS_LABELS));
export type SignerStatus = z.infer<typeof SignerStatus>;

/** What happened during signing (signing_events.type). */
export const SIGNING_EVENT_LABELS = {
  sent: { nl: 'Link verstuurd', en: 'Link sent' },
  opened: { nl: 'Link geopend', en: 'Link opened' },
  'code-requested': { nl: 'Code aangevraagd', en: 'Code requested' },
  'code-verified': { nl: 'Code bevestigd', en: 'Code confirmed' },
  'code-failed': { nl: 'Verkeerde code ingevuld', en: 'Wrong code entered' },
  viewed: { nl: 'Afspraken bekeken', en: 'Agreements viewed' },
  signed: { nl: 'Ondertekend', en: 'Signed' },
  declined: { nl: 'Niet ondertekend', en: 'Declined' },
  reminded: { nl: 'Herinnering verstuurd', en: 'Reminder sent' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  cancelled: { nl: 'Gestopt', en: 'Cancelled' },
  completed: { nl: 'Iedereen heeft ondertekend', en: 'Everyone has signed' },
} as const;
export const SigningEventType = z.enum(codesOf(SIGNING_EVENT_LABELS));
export type SigningEventType = z.infer<typeof SigningEventType>;

/** How a signer was recognised (the link went by SMS or e-mail, the code too). */
export const AUTHENTICATION_LABELS = {
  'link-sms-code': { nl: 'persoonlijke link + eenmalige code per sms', en: 'personal link + one-time code by SMS' },
  'link-email-code': { nl: 'persoonlijke link + eenmalige code per e-mail', en: 'personal link + one-time code by e-mail' },
  link: { nl: 'persoonlijke link', en: 'personal link' },
  'staff-login': { nl: 'inlog medewerker', en: 'staff login' },
} as const;
export const AuthenticationMethod = z.enum(codesOf(AUTHENTICATION_LABELS));
export type AuthenticationMethod = z.infer<typeof AuthenticationMethod>;

/** Where the link and code go (signers.channel). */
export const CHANNEL_LABELS = {
  email: { nl: 'e-mail', en: 'e-mail' },
  sms: { nl: 'sms', en: 'SMS' },
} as const;
export const Channel = z.enum(codesOf(CHANNEL_LABELS));
export type Channel = z.infer<typeof Channel>;
