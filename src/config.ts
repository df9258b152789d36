// Settings, read once from the environment (process.env on Node, bindings on Workers) and
// checked with zod. A bad setting stops start-up with a message naming the variable.
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ConfigSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./.data'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.string().url().optional(),
    CORS_ORIGINS: list,
    SESSION_IDLE_MINUTES: positiveInt(480),
    INVITATION_TTL_HOURS: positiveInt(72),
    SIGNING_LINK_DAYS: positiveInt(14),
    JOBS_INTERVAL_SECONDS: positiveInt(30),
    OUTBOX_TRANSPORT: z.enum(['console', 'notify']).optional(),
    NOTIFY_BASE_URL: z.string().url().optional(),
    NOTIFY_API_KEY: z.string().optional(),
    NOTIFY_EMAIL_TEMPLATE_ID: z.string().optional(),
    NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
    LOG_REQUESTS: z.enum(['true', 'false']).default('true'),
    SEAL_P12_BASE64: z.string().optional(),
    SEAL_P12_PASSPHRASE: z.string().optional(),
    // Billing through Stripe. Without STRIPE_SECRET_KEY the billing operations answer 503 and
    // everything else works (the `npm start` demo).
    /** Stripe secret API key (sk_live_… / sk_test_… / rk_…). Never logged. */
    STRIPE_SECRET_KEY: z.string().optional(),
    /** Signing secret of the webhook endpoint POST /v1/billing/stripe/events (whsec_…). */
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    /** Price id of the base subscription per municipality (price_…). */
    STRIPE_PRICE_BASE: z.string().optional(),
    /** Price id of the metered price per active youth agreement (price_…, backed by the meter below). */
    STRIPE_PRICE_AGREEMENTS: z.string().optional(),
    /** event_name of the Stripe billing meter the daily usage goes to. */
    STRIPE_METER_EVENT_NAME: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).default('active_agreements'),
    /** Where Stripe's Customer Portal sends the admin back to (default PUBLIC_URL). */
    BILLING_RETURN_URL: z.string().url().optional(),
    /** Where Checkout sends the admin after subscribing (default PUBLIC_URL/billing/success). */
    BILLING_SUCCESS_URL: z.string().url().optional(),
    /** Where Checkout sends the admin after giving up (default PUBLIC_URL/billing/canceled). */
    BILLING_CANCEL_URL: z.string().url().optional(),
    /** Days a canceled municipality keeps writing before it becomes read-only. */
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
    /** Tests and local mocks only: where the Stripe SDK sends its requests (default api.stripe.com:443 https). */
    STRIPE_API_HOST: z.string().optional(),
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
    /**
     * RFC 3161 timestamp authority (optional): when set, every seal carries a signature timestamp
     * from it (PAdES B-T), so the signing time is vouched for by a third party, not only by our /M.
     */
    TSA_URL: z.string().url().optional(),
  })
  .transform((c, ctx) => {
    const transport = c.OUTBOX_TRANSPORT ?? (c.APP_ENV === 'production' ? 'notify' : 'console');
    if (transport === 'notify') {
      for (const key of ['NOTIFY_BASE_URL', 'NOTIFY_API_KEY', 'NOTIFY_EMAIL_TEMPLATE_ID', 'NOTIFY_SMS_TEMPLATE_ID'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when OUTBOX_TRANSPORT is notify` });
      }
    }
    if (c.APP_ENV === 'production' && (!c.SEAL_P12_BASE64 || c.SEAL_P12_PASSPHRASE === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['SEAL_P12_BASE64'], message: 'SEAL_P12_BASE64 and SEAL_P12_PASSPHRASE (the seal certificate) are required in production' });
    }
    if (c.STRIPE_SECRET_KEY) {
      for (const key of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_BASE', 'STRIPE_PRICE_AGREEMENTS'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when STRIPE_SECRET_KEY is set` });
      }
    }
    const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
    return {
      env: c.APP_ENV,
      seal: c.SEAL_P12_BASE64 ? { p12Base64: c.SEAL_P12_BASE64, passphrase: c.SEAL_P12_PASSPHRASE ?? '' } : null,
      databaseUrl: c.DATABASE_URL,
      dataDir: c.DATA_DIR,
      port: c.PORT,
      publicUrl,
      corsOrigins: c.CORS_ORIGINS,
      sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
      invitationTtlHours: c.INVITATION_TTL_HOURS,
      signingLinkDays: c.SIGNING_LINK_DAYS,
      jobsIntervalSeconds: c.JOBS_INTERVAL_SECONDS,
      outbox: {
        transport,
        notify: {
          baseUrl: c.NOTIFY_BASE_URL ?? '',
          apiKey: c.NOTIFY_API_KEY ?? '',
          emailTemplateId: c.NOTIFY_EMAIL_TEMPLATE_ID ?? '',
          smsTemplateId: c.NOTIFY_SMS_TEMPLATE_ID ?? '',
        },
      },
      logRequests: c.LOG_REQUESTS === 'true',
      billing: {
        /** null: Stripe is not configured; the billing operations answer 503. */
        stripe: c.STRIPE_SECRET_KEY
          ? {
              secretKey: c.STRIPE_SECRET_KEY,
              webhookSecret: c.STRIPE_WEBHOOK_SECRET ?? '',
              prices: { base: c.STRIPE_PRICE_BASE ?? '', agreements: c.STRIPE_PRICE_AGREEMENTS ?? '' },
              api: { host: c.STRIPE_API_HOST, port: c.STRIPE_API_PORT, protocol: c.STRIPE_API_PROTOCOL },
            }
          : null,
        meterEventName: c.STRIPE_METER_EVENT_NAME,
        returnUrl: c.BILLING_RETURN_URL ?? publicUrl,
        successUrl: c.BILLING_SUCCESS_URL ?? `${publicUrl}/billing/success`,
        cancelUrl: c.BILLING_CANCEL_URL ?? `${publicUrl}/billing/canceled`,
        graceDays: c.BILLING_GRACE_DAYS,
      },
      tsaUrl: c.TSA_URL ?? null,
    };
  });

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, unknown>): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.in.shape)) {
    const value = env[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  const result = ConfigSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
