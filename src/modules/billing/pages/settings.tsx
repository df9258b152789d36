// The municipality's subscription on the staff app (admins): plan, status, the paid period, what
// to do when a payment failed or the subscription ended, the invoices, and two buttons — subscribe
// through Stripe Checkout, or manage payment details in Stripe's Customer Portal — that post here
// and are sent on (303) to the address the billing service got from Stripe. Each does what its API
// operation does (asOperation): the same access, the same processing log, and like the API both
// stay open while the municipality is read-only (whileReadOnly): paying again is how it ends.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf, readableDate, readableDateTime } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable } from '../../../platform/ui/form.js';
import { routes } from '../routes.js';
import { type BillingAccountView, type BillingConfig, type InvoiceView, createCheckoutSession, createPortalSession, getBilling, listInvoices } from '../service.js';
import { stripeClient, stripeSettings } from '../stripe.js';

const T = {
  nl: {
    title: 'Abonnement en facturen',
    intro: 'Uw gemeente betaalt voor Vervolg met een abonnement: een vast bedrag per maand en een bedrag per lopende toekomstafspraak.',
    plan: 'Soort abonnement',
    plans: { stripe: 'Abonnement, betaald via Stripe', free: 'Gratis, toegekend door de beheerder van Vervolg', manual: 'Op factuur, geregeld met de beheerder van Vervolg' },
    status: 'Status',
    statuses: { none: 'Nog geen abonnement', trialing: 'Proefperiode', active: 'Actief', 'past-due': 'Betaling achterstallig', canceled: 'Opgezegd' },
    period: 'Betaald tot en met',
    noPeriod: 'Nog geen betaalde periode',
    note: 'Toelichting',
    readOnly: 'Het abonnement is beëindigd. Iedereen kan in Vervolg nog alles bekijken en downloaden, maar niets meer veranderen. Sluit opnieuw een abonnement af om weer verder te werken; er is niets verwijderd.',
    canceled: (until: string) => `Het abonnement is opgezegd. Vervolg werkt nog tot ${until}; daarna kan er niets meer veranderd worden. Sluit opnieuw een abonnement af om door te werken.`,
    pastDue: 'De laatste betaling is mislukt. Vervolg blijft werken. Pas de betaalgegevens aan via “Betaalgegevens beheren”.',
    grantedNothingToPay: 'Voor dit abonnement hoeft u niets via Stripe te betalen.',
    notConfigured: 'Betalen via Stripe is op deze installatie van Vervolg niet ingesteld. Vraag de beheerder van Vervolg.',
    subscribe: 'Abonnement afsluiten',
    subscribeHint: 'U gaat naar Stripe, die de betaling voor Vervolg regelt. Daarna komt u hier terug.',
    portal: 'Betaalgegevens beheren',
    portalHint: 'Bij Stripe past u de betaalgegevens aan, bekijkt u facturen of zegt u het abonnement op.',
    invoicesTitle: 'Facturen',
    invoicesCaption: 'Facturen van het abonnement, de nieuwste eerst',
    noInvoices: 'Er zijn nog geen facturen.',
    invoicesUnavailable: 'De facturen konden nu niet opgehaald worden bij Stripe. Probeer het later opnieuw.',
    columns: { number: 'Factuur', period: 'Periode', total: 'Bedrag', status: 'Status', view: 'Bekijken' },
    invoiceStatuses: { draft: 'Concept', open: 'Open', paid: 'Betaald', uncollectible: 'Oninbaar', void: 'Vervallen' } as Record<string, string>,
    viewInvoice: (n: string) => `Factuur ${n} bekijken bij Stripe`,
    pdf: (n: string) => `Factuur ${n} als PDF`,
    subscribed: 'Welkom terug. Zodra Stripe de betaling bevestigt, staat het abonnement hier als actief.',
    checkoutCanceled: 'U heeft het afsluiten van het abonnement afgebroken. Er is niets veranderd.',
    alreadySubscribed: 'Uw gemeente heeft al een abonnement. Beheer het via “Betaalgegevens beheren”.',
    notStripe: 'Uw gemeente heeft een abonnement van de beheerder van Vervolg; er is niets te betalen via Stripe.',
    stripeDown: 'Stripe gaf nu geen antwoord. Er is niets veranderd. Probeer het over een paar minuten opnieuw.',
    updated: 'Bijgewerkt op',
  },
  en: {
    title: 'Subscription and invoices',
    intro: 'Your municipality pays for Vervolg with a subscription: a fixed amount per month and an amount per running youth agreement.',
    plan: 'Kind of subscription',
    plans: { stripe: 'Subscription, paid through Stripe', free: 'Free, granted by the Vervolg administrator', manual: 'By invoice, arranged with the Vervolg administrator' },
    status: 'Status',
    statuses: { none: 'No subscription yet', trialing: 'Trial', active: 'Active', 'past-due': 'Payment overdue', canceled: 'Canceled' },
    period: 'Paid until',
    noPeriod: 'No paid period yet',
    note: 'Note',
    readOnly: 'The subscription has ended. Everyone can still view and download everything in Vervolg, but nothing can be changed. Subscribe again to carry on working; nothing has been deleted.',
    canceled: (until: string) => `The subscription has been canceled. Vervolg keeps working until ${until}; after that nothing can be changed. Subscribe again to keep working.`,
    pastDue: 'The last payment failed. Vervolg keeps working. Update the payment details through “Manage payment details”.',
    grantedNothingToPay: 'There is nothing to pay through Stripe for this subscription.',
    notConfigured: 'Paying through Stripe is not set up on this installation of Vervolg. Ask the Vervolg administrator.',
    subscribe: 'Subscribe',
    subscribeHint: 'You go to Stripe, which handles the payment for Vervolg. Afterwards you come back here.',
    portal: 'Manage payment details',
    portalHint: 'At Stripe you change the payment details, view invoices or cancel the subscription.',
    invoicesTitle: 'Invoices',
    invoicesCaption: 'Invoices of the subscription, newest first',
    noInvoices: 'There are no invoices yet.',
    invoicesUnavailable: 'The invoices could not be fetched from Stripe just now. Please try again later.',
    columns: { number: 'Invoice', period: 'Period', total: 'Amount', status: 'Status', view: 'View' },
    invoiceStatuses: { draft: 'Draft', open: 'Open', paid: 'Paid', uncollectible: 'Uncollectible', void: 'Void' } as Record<string, string>,
    viewInvoice: (n: string) => `View invoice ${n} at Stripe`,
    pdf: (n: string) => `Invoice ${n} as PDF`,
    subscribed: 'Welcome back. As soon as Stripe confirms the payment, the subscription shows here as active.',
    checkoutCanceled: 'You stopped subscribing. Nothing has changed.',
    alreadySubscribed: 'Your municipality already has a subscription. Manage it through “Manage payment details”.',
    notStripe: 'Your municipality’s subscription is arranged by the Vervolg administrator; there is nothing to pay through Stripe.',
    stripeDown: 'Stripe did not answer just now. Nothing has changed. Please try again in a few minutes.',
    updated: 'Updated on',
  },
} as const;

const PATH = '/app/municipalities/:municipalityId/settings/billing';
const CHECKOUT = '/app/municipalities/:municipalityId/settings/billing/checkout';
const PORTAL = '/app/municipalities/:municipalityId/settings/billing/portal';
export const billingSettingsPath = (m: string) => `/app/municipalities/${m}/settings/billing`;

/** Where Stripe sends the admin back to: this page (the installation's BILLING_*_URL serve the API's clients). */
function returnsHere(c: Context<AppEnv>, m: string): BillingConfig {
  const { config } = c.get('deps');
  const page = `${config.publicUrl}${billingSettingsPath(m)}`;
  return { ...config.billing, successUrl: `${page}?done=subscribed`, cancelUrl: `${page}?done=checkout-canceled`, returnUrl: page };
}

/** The page's forms are sent on to Stripe (303): the CSP lets a form's redirect go there and nowhere else. */
const STRIPE_FORM_ACTION = "form-action 'self' https://checkout.stripe.com https://billing.stripe.com";

/** The page's CSP with Stripe's form targets added: on the response and on the context (Hono copies the context's headers onto what a handler returns). */
function allowStripeForms(c: Context<AppEnv>, res: Response): Response {
  const csp = (res.headers.get('Content-Security-Policy') ?? '').replace("form-action 'self';", `${STRIPE_FORM_ACTION};`);
  res.headers.set('Content-Security-Policy', csp);
  c.header('Content-Security-Policy', csp);
  return res;
}

const euro = (cents: number, currency: string, locale: Locale) => new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

type Problem = 'alreadySubscribed' | 'notStripe' | 'stripeDown' | 'notConfigured';

async function billingPage(c: Context<AppEnv>, problem: Problem | null = null, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const trx = c.get('trx');
  const account: BillingAccountView = await getBilling(trx, m, nowOf(c));
  const configured = c.get('deps').config.billing.stripe !== null;
  let invoices: InvoiceView[] | null = [];
  if (configured && account.hasPaymentAccount) {
    try {
      invoices = (await listInvoices(trx, stripeClient(stripeSettings(c.get('deps').config)), m, 24)).items;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      invoices = null;
    }
  }
  const done = status === 200 ? c.req.query('done') : undefined;
  const onStripe = account.plan === 'stripe';
  const subscribed = account.status === 'trialing' || account.status === 'active' || account.status === 'past-due';
  const body = (
    <div class="vv-settings-page vv-billing-page">
      {done === 'subscribed' ? <Alert type="ok">{s.subscribed}</Alert> : null}
      {done === 'checkout-canceled' ? <Alert type="info">{s.checkoutCanceled}</Alert> : null}
      {problem ? <Alert type="error">{s[problem]}</Alert> : null}
      {onStripe && account.readOnly ? <Alert type="warning">{s.readOnly}</Alert> : null}
      {onStripe && !account.readOnly && account.status === 'canceled' && account.graceUntil ? <Alert type="warning">{s.canceled(readableDateTime(account.graceUntil, locale))}</Alert> : null}
      {onStripe && account.status === 'past-due' ? <Alert type="warning">{s.pastDue}</Alert> : null}
      <p class="utrecht-paragraph">{s.intro}</p>
      <dl class="utrecht-data-list vv-billing">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{s.plan}</dt>
          <dd class="utrecht-data-list__item-value">{s.plans[account.plan]}</dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{s.status}</dt>
          <dd class="utrecht-data-list__item-value" data-billing-status={account.status}>
            {s.statuses[account.status]}
          </dd>
        </div>
        {onStripe ? (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.period}</dt>
            <dd class="utrecht-data-list__item-value">{account.currentPeriodEnd ? readableDate(account.currentPeriodEnd, locale) : s.noPeriod}</dd>
          </div>
        ) : null}
        {account.planNote ? (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.note}</dt>
            <dd class="utrecht-data-list__item-value">{account.planNote}</dd>
          </div>
        ) : null}
      </dl>
      {!onStripe ? (
        <p class="utrecht-paragraph">{s.grantedNothingToPay}</p>
      ) : !configured ? (
        <p class="utrecht-paragraph">{s.notConfigured}</p>
      ) : (
        <>
          {!subscribed ? (
            <form method="post" action={href(c, CHECKOUT.replace(':municipalityId', m))}>
              <p class="utrecht-paragraph">{s.subscribeHint}</p>
              <div class="vv-actions">
                <Button>{s.subscribe}</Button>
              </div>
            </form>
          ) : null}
          {account.hasPaymentAccount ? (
            <form method="post" action={href(c, PORTAL.replace(':municipalityId', m))}>
              <p class="utrecht-paragraph">{s.portalHint}</p>
              <div class="vv-actions">
                <Button kind={subscribed ? 'primary' : 'secondary'}>{s.portal}</Button>
              </div>
            </form>
          ) : null}
        </>
      )}
      {onStripe && configured ? (
        <>
          <h2 class="utrecht-heading-2">{s.invoicesTitle}</h2>
          {invoices === null ? (
            <p class="utrecht-paragraph">{s.invoicesUnavailable}</p>
          ) : invoices.length === 0 ? (
            <p class="utrecht-paragraph">{s.noInvoices}</p>
          ) : (
            <DataTable label={s.invoicesTitle} caption={s.invoicesCaption} columns={[s.columns.number, s.columns.period, s.columns.total, s.columns.status, s.columns.view]} class="vv-invoices">
              {invoices.map((invoice) => {
                const n = invoice.number ?? invoice.id;
                return (
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="row">
                      {n}
                    </th>
                    <td class="utrecht-table__cell">{`${readableDate(invoice.periodStart, locale)} – ${readableDate(invoice.periodEnd, locale)}`}</td>
                    <td class="utrecht-table__cell vv-num">{euro(invoice.total, invoice.currency, locale)}</td>
                    <td class="utrecht-table__cell">{invoice.status ? (s.invoiceStatuses[invoice.status] ?? invoice.status) : ''}</td>
                    <td class="utrecht-table__cell">
                      {invoice.hostedInvoiceUrl ? (
                        <a class="utrecht-link" href={invoice.hostedInvoiceUrl} aria-label={s.viewInvoice(n)}>
                          {s.columns.view}
                        </a>
                      ) : null}
                      {invoice.invoicePdf ? (
                        <>
                          {' · '}
                          <a class="utrecht-link" href={invoice.invoicePdf} aria-label={s.pdf(n)}>
                            PDF
                          </a>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>
      ) : null}
    </div>
  );
  return allowStripeForms(c, await staffPage(c, { title: s.title, body, status, width: 'wide' }));
}

/** A refusal or failure of a Stripe step, said on the page in its own words, with the status the API would answer. */
function problemOf(error: unknown): { problem: Problem; status: PageStatus } | null {
  if (!(error instanceof ApiError)) return null;
  if (error.slug === 'billing-already-subscribed') return { problem: 'alreadySubscribed', status: 409 };
  if (error.slug === 'billing-plan-not-stripe') return { problem: 'notStripe', status: 409 };
  if (error.slug === 'billing-not-configured') return { problem: 'notConfigured', status: 503 };
  if (error.slug === 'stripe-unavailable') return { problem: 'stripeDown', status: 502 };
  return null;
}

export function billingSettingsPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.getAccount), (c) => billingPage(c));
  pages.post(CHECKOUT, asOperation(routes.checkout), async (c) => {
    const m = c.req.param('municipalityId');
    const { config } = c.get('deps');
    try {
      const settings = stripeSettings(config);
      const session = await createCheckoutSession(c.get('trx'), stripeClient(settings), settings, returnsHere(c, m), m);
      return c.redirect(session.url, 303);
    } catch (error) {
      const known = problemOf(error);
      if (known) return billingPage(c, known.problem, known.status);
      throw error;
    }
  });
  pages.post(PORTAL, asOperation(routes.portal), async (c) => {
    const m = c.req.param('municipalityId');
    const { config } = c.get('deps');
    try {
      const session = await createPortalSession(c.get('trx'), stripeClient(stripeSettings(config)), returnsHere(c, m), m);
      return c.redirect(session.url, 303);
    } catch (error) {
      const known = problemOf(error);
      if (known) return billingPage(c, known.problem, known.status);
      throw error;
    }
  });
  return pages;
}
