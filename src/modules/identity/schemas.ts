import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/auth/password.js';
import { MUNICIPAL_ROLES, PROVIDER_ROLES } from '../../platform/http/access.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { email, text } from '../../platform/text.js';

export const Email = email('Enter a valid e-mail address.')
  .max(254)
  .transform((e) => e.trim().toLowerCase())
  .openapi({ example: 'j.jansen@gemeente.example' });
export const NewPassword = text()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX)
  .openapi({ example: 'correct horse battery staple' });
export const Token = text().min(16).max(200).openapi({ description: 'The one-time token from the link.', example: 'q3k7z2m5x8c4v6b9n1p0r2t4' });
export const TotpCode = text().regex(/^\d{6}$/, 'A code is 6 digits.').openapi({ example: '123456' });

export const MunicipalRole = z.enum(MUNICIPAL_ROLES).openapi('MunicipalRole', {
  description: 'admin (beheerder), contract-manager (contractmanager), case-manager (casemanager nazorg / jeugdconsulent), analyst (beleidsanalist).',
});
export const ProviderRole = z.enum(PROVIDER_ROLES).openapi('ProviderRole');

export const Login = z.object({ email: Email, password: text().min(1).max(PASSWORD_MAX) }).openapi('Login');
export const SessionCreated = z
  .object({
    token: text().openapi({ description: 'Send as Authorization: Bearer. Shown once.', example: 'abcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuvwxyz234567' }),
    twoFactorRequired: z.boolean().openapi({
      description:
        'True when the account has an authenticator app: verify this session with POST /v1/auth/two-factor. False when it has none yet: set one up (POST /v1/me/totp, then POST /v1/me/totp/confirm). Either way, until the session is verified only your own account is reachable.',
    }),
  })
  .openapi('SessionCreated');

export const TwoFactorCode = z.object({ code: TotpCode }).openapi('TwoFactorCode');
export const RecoveryCode = text()
  .regex(/^\s*[A-Za-z2-7]{5}[-\s]?[A-Za-z2-7]{5}\s*$/, 'A recovery code is 10 letters and digits, e.g. k7m2q-x4p3z.')
  .openapi({ description: 'One of your recovery codes (herstelcode). Each works once.', example: 'k7m2q-x4p3z' });
export const TwoFactorVerification = z
  .object({
    code: TotpCode.optional().openapi({ description: 'The current code from your authenticator app. Each code works once.' }),
    recoveryCode: RecoveryCode.optional(),
  })
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), {
    message: 'Give either code (from your authenticator app) or recoveryCode, not both.',
    path: ['code'],
  })
  .openapi('TwoFactorVerification', { description: 'Either a code from the authenticator app or a recovery code.' });
export const RecoveryCodes = z
  .object({
    codes: z.array(text()).length(10).openapi({ description: 'Ten single-use recovery codes. Shown only now: store them somewhere safe, away from your phone.', example: ['k7m2q-x4p3z'] }),
    createdAt: Timestamp,
  })
  .openapi('RecoveryCodes');
export const TotpSetup = z
  .object({
    secret: text().openapi({ description: 'Base32 secret to type into an authenticator app.' }),
    uri: text().openapi({ description: 'otpauth:// URI, for a QR code.' }),
  })
  .openapi('TotpSetup');

export const Membership = z.object({ municipalityId: z.uuid(), municipalityName: text(), roles: z.array(MunicipalRole) });
export const ProviderMembership = z.object({ providerId: z.uuid(), providerName: text(), roles: z.array(ProviderRole) });
export const Me = z
  .object({
    id: z.uuid(),
    email: text(),
    name: text(),
    isPlatformOperator: z.boolean(),
    twoFactorEnabled: z.boolean(),
    sessionTwoFactorVerified: z.boolean(),
    recoveryCodesLeft: z.number().int().openapi({ description: 'Unused recovery codes. Make new ones (POST /v1/me/recovery-codes) when few are left.', example: 10 }),
    municipalities: z.array(Membership),
    providers: z.array(ProviderMembership),
  })
  .openapi('Me');

export const Session = z
  .object({
    id: text(),
    current: z.boolean(),
    userAgent: text().nullable(),
    twoFactorVerified: z.boolean(),
    createdAt: Timestamp,
    lastActiveAt: Timestamp,
  })
  .openapi('Session');

export const PasswordResetRequest = z.object({ email: Email }).openapi('PasswordResetRequest');
export const PasswordResetComplete = z.object({ token: Token, password: NewPassword }).openapi('PasswordResetComplete');
export const LoginLinkRedeem = z.object({ token: Token }).openapi('LoginLinkRedeem');

export const Member = z
  .object({ userId: z.uuid(), email: text(), name: text(), roles: z.array(MunicipalRole), twoFactorEnabled: z.boolean(), createdAt: Timestamp })
  .openapi('Member');
export const UpdateMember = z.object({ roles: z.array(MunicipalRole).min(1).max(4) }).openapi('UpdateMember');

export const CreateInvitation = z
  .object({ email: Email, roles: z.array(MunicipalRole).min(1).max(4) })
  .openapi('CreateMunicipalInvitation');
export const Invitation = z
  .object({
    id: z.uuid(),
    email: text(),
    roles: z.array(text()),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    expiresAt: Timestamp,
    createdAt: Timestamp,
  })
  .openapi('Invitation');
export const AcceptInvitation = z
  .object({
    token: Token,
    name: text().trim().min(1).max(200).optional().openapi({ description: 'Required when you have no account yet.' }),
    password: NewPassword.optional().openapi({ description: 'Required when you have no account yet.' }),
  })
  .openapi('AcceptInvitation');
export const InvitationAccepted = z
  .object({
    userId: z.uuid(),
    municipalityId: z.uuid().nullable(),
    providerId: z.uuid().nullable(),
    roles: z.array(text()),
    platformOperator: z.boolean().openapi({ description: 'True when the invitation made the person a platform operator (platformbeheerder); then municipalityId and providerId are null and roles is empty.' }),
  })
  .openapi('InvitationAccepted');
