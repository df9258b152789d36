// The Stripe client, built from the settings once per configuration. The SDK's fetch HTTP client
// and Web Crypto make the same code run on Workers and Node; host/port/protocol let tests point it
// at a local fake Stripe server.
import Stripe from 'stripe';
import type { Config } from '../../config.js';
import { ApiError } from '../../platform/errors.js';

export type StripeSettings = NonNullable<Config['billing']['stripe']>;
export type { Stripe };

const clients = new WeakMap<StripeSettings, Stripe>();

export const billingNotConfigured = () =>
  new ApiError(503, 'billing-not-configured', 'Billing is not configured', 'Billing is not configured on this installation (no STRIPE_SECRET_KEY). Everything else works; ask the platform operator.');

/** The configured Stripe settings, or a 503 problem when billing is not set up. */
export function stripeSettings(config: Config): StripeSettings {
  const settings = config.billing.stripe;
  if (!settings) throw billingNotConfigured();
  return settings;
}

export function stripeClient(settings: StripeSettings): Stripe {
  let client = clients.get(settings);
  if (!client) {
    const { host, port, protocol } = settings.api;
    client = new Stripe(settings.secretKey, {
      httpClient: Stripe.createFetchHttpClient(),
      // The SDK retries network errors and 409/5xx with idempotency keys it adds itself.
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      ...(protocol ? { protocol } : {}),
    });
    clients.set(settings, client);
  }
  return client;
}

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/**
 * Verify Stripe's signature on the raw body (the exact bytes Stripe signed, before any parsing)
 * and return the event; null when the signature is missing, forged or older than five minutes.
 */
export async function verifyEvent(settings: StripeSettings, rawBody: string, signature: string | undefined): Promise<Stripe.Event | null> {
  if (!signature) return null;
  try {
    return await stripeClient(settings).webhooks.constructEventAsync(rawBody, signature, settings.webhookSecret, undefined, cryptoProvider);
  } catch {
    return null;
  }
}

/** A Stripe failure as a problem: the API is unreachable or refused; never a 500 for the client. */
export function stripeFailure(error: unknown): ApiError {
  const message = error instanceof Stripe.errors.StripeError ? `${error.type}: ${error.message}` : 'no answer';
  return new ApiError(502, 'stripe-unavailable', 'Stripe did not answer as expected', `The payment provider could not complete the request (${message}). Try again in a moment.`);
}
