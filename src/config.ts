// Settings, read once from the environment (process.env on Node, bindings on Workers) and
// checked with zod. A bad setting stops start-up with a message naming the variable.
import { z } from 'zod';
import { parseSecretKeys } from './platform/secrets.js';

/**
 * The key of APP_ENV=test when SECRET_KEYS is unset: public (it is in git), so tests and the
 * Workers suite share one without configuration. Never used outside test.
 */
export const TEST_SECRET_KEYS = 'test:dmVydm9sZyB0ZXN0IGtleTogcHVibGljLCB1bnNhZmU=';
import { parseTrustedProxies } from './platform/http/client-ip.js';

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
     * Keys that encrypt secrets at rest (TOTP keys, webhook signing secrets; AES-256-GCM):
     * comma-separated `keyId:base64key` entries of 32 random bytes each, the current key first.
     * To rotate: put a new key first, keep the old one behind it, run `npm run secrets:reencrypt`,
     * then remove the old one. Required in production; development on Node generates one in
     * DATA_DIR at first start; test uses TEST_SECRET_KEYS.
     */
    SECRET_KEYS: z.string().optional(),
    /**
     * Webhooks may go to private, loopback, link-local … addresses and local names. Off in every
     * mode (SSRF: a municipality's URL must not reach into the platform's own network); tests and
     * a local demo with a receiver on this machine turn it on.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
    /**
     * Node only: the reverse proxies (addresses or CIDR ranges, comma-separated, e.g.
     * `10.0.0.0/8,::1`) whose X-Forwarded-For is believed. Without it the client's address is the
     * connecting socket's, whatever headers say — else any client could pick its own address and
     * escape the login throttle or write a false address into the signing evidence. Workers
     * ignore it: there Cloudflare's CF-Connecting-IP is the address.
     */
    TRUSTED_PROXIES: list,
    /**
     * RFC 3161 timestamp authority (optional): when set, every seal carries a signature timestamp
     * from it (PAdES B-T), so the signing time is vouched for by a third party, not only by our /M.
     */
    TSA_URL: z.string().url().optional(),
    /**
     * Node only: on SIGTERM/SIGINT, how long requests in flight (and a running scheduled-jobs run)
     * get to finish before their connections are cut and the database is closed (platform/
     * lifecycle.ts). The whole stop takes at most this plus 6 s for closing the database: keep that
     * below the supervisor's own kill timeout (Kubernetes terminationGracePeriodSeconds, 30 s by
     * default; docker stop, 10 s).
     */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
    /**
     * PostgreSQL only: seconds a new database connection may take. During an outage requests then
     * answer 503 within about this long instead of waiting for the driver's 30 s.
     */
    DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
    /**
     * PostgreSQL only: how long start-up (and `npm run db:migrate`) keeps retrying, with backoff
     * from 0.5 s to 5 s, while the database is not reachable yet (ECONNREFUSED, 57P03 "starting
     * up"); 0 exits at the first failure. Other errors (a wrong password) exit at once.
     */
    DATABASE_STARTUP_RETRY_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  })
  .transform((c, ctx) => {
    const transport = c.OUTBOX_TRANSPORT ?? (c.APP_ENV === 'production' ? 'notify' : 'console');
    if (transport === 'notify') {
      for (const key of ['NOTIFY_BASE_URL', 'NOTIFY_API_KEY', 'NOTIFY_EMAIL_TEMPLATE_ID', 'NOTIFY_SMS_TEMPLATE_ID'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when OUTBOX_TRANSPORT is notify` });
      }
    }
    if (c.STRIPE_SECRET_KEY) {
      for (const key of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_BASE', 'STRIPE_PRICE_AGREEMENTS'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when STRIPE_SECRET_KEY is set` });
      }
    }
    const secretKeysText = c.SECRET_KEYS ?? (c.APP_ENV === 'test' ? TEST_SECRET_KEYS : undefined);
    const secretKeys = secretKeysText === undefined ? null : parseSecretKeys(secretKeysText);
    for (const problem of secretKeys?.problems ?? []) ctx.addIssue({ code: 'custom', path: ['SECRET_KEYS'], message: problem });
    if (c.APP_ENV === 'production' && !c.SECRET_KEYS) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEYS'], message: 'required in production: the key that encrypts TOTP keys and webhook secrets at rest, as keyId:base64key of 32 random bytes (e.g. k1:$(openssl rand -base64 32))' });
    }
    const trustedProxies = parseTrustedProxies(c.TRUSTED_PROXIES);
    if (trustedProxies.invalid.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['TRUSTED_PROXIES'], message: `not an IP address or CIDR range: ${trustedProxies.invalid.join(', ')}` });
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
      /** The key ring for secrets at rest, current key first; null only in development without SECRET_KEYS (Node then makes one in DATA_DIR). */
      secretKeys: secretKeys && secretKeys.problems.length === 0 ? secretKeys.keys : null,
      webhooks: { allowPrivateTargets: c.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true' },
      trustedProxies: trustedProxies.ranges,
      tsaUrl: c.TSA_URL ?? null,
      shutdownTimeoutSeconds: c.SHUTDOWN_TIMEOUT_SECONDS,
      database: { connectTimeoutSeconds: c.DATABASE_CONNECT_TIMEOUT_SECONDS, startupRetrySeconds: c.DATABASE_STARTUP_RETRY_SECONDS },
    };
  });

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

const SEAL_REQUIRED = '  SEAL_P12_BASE64: SEAL_P12_BASE64 and SEAL_P12_PASSPHRASE (the seal certificate) are required in production';

/** In production, seal PDFs only with the real certificate: both secrets set (a development seal is never made there). */
function sealMissing(picked: Record<string, unknown>): boolean {
  return picked.APP_ENV === 'production' && (!picked.SEAL_P12_BASE64 || picked.SEAL_P12_PASSPHRASE === undefined);
}

/**
 * `sealsPdfs: false`: this process never seals (the app Worker: the PDF Worker does, with the seal
 * secrets of its own), so production does not ask for the seal certificate here.
 */
export function loadConfig(env: Record<string, unknown>, options: { sealsPdfs?: boolean } = {}): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.in.shape)) {
    const value = env[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  const result = ConfigSchema.safeParse(picked);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
  if (options.sealsPdfs !== false && sealMissing(picked)) lines.push(SEAL_REQUIRED);
  if (!result.success || lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return result.data;
}

/** What the PDF Worker (src/pdf-worker.ts) needs: the seal certificate and the timestamp authority, nothing else. */
export type SealConfig = Pick<Config, 'env' | 'seal' | 'tsaUrl'>;

/** The PDF Worker's settings: APP_ENV, SEAL_P12_BASE64, SEAL_P12_PASSPHRASE, TSA_URL (checked as loadConfig checks them). */
export function loadSealConfig(env: Record<string, unknown>): SealConfig {
  const picked: Record<string, unknown> = {};
  for (const key of ['APP_ENV', 'SEAL_P12_BASE64', 'SEAL_P12_PASSPHRASE', 'TSA_URL']) {
    const value = env[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  const schema = ConfigSchema.in.pick({ APP_ENV: true, SEAL_P12_BASE64: true, SEAL_P12_PASSPHRASE: true, TSA_URL: true });
  const result = schema.safeParse(picked);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
  if (sealMissing(picked)) lines.push(SEAL_REQUIRED);
  if (!result.success || lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const c = result.data;
  return { env: c.APP_ENV, seal: c.SEAL_P12_BASE64 ? { p12Base64: c.SEAL_P12_BASE64, passphrase: c.SEAL_P12_PASSPHRASE ?? '' } : null, tsaUrl: c.TSA_URL ?? null };
}
