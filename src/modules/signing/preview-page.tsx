// The agreement as the young person will see it, for the case manager before sending: the same
// component the signing page draws (agreement-view.tsx), from the content exactly as it would be
// frozen if the agreement were sent now, in the municipality's theme, Dutch or English.
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { Page, localeOf, pageHeaders } from '../../platform/http/page.js';
import { appFailurePage, asOperation, href, otherLanguage } from '../../platform/http/pages.js';
import { routes } from '../agreements/routes.js';
import { getAgreement, previewContent } from '../agreements/service.js';
import { pageTheme } from '../tenants/service.js';
import { AgreementView } from './agreement-view.js';

const T = {
  nl: {
    title: 'Voorbeeld van de afspraken',
    notice: 'Voorbeeld: zo ziet de jongere de afspraak',
    explain: 'Dit is wat de jongere leest als de afspraak nu wordt verstuurd. Onder de afspraken staat op de echte pagina het formulier om te ondertekenen.',
    back: 'Terug naar het plan',
    read: 'Lees de afspraken goed. Onderaan kun je ondertekenen.',
  },
  en: {
    title: 'Preview of the agreements',
    notice: 'Preview: this is how the young person sees the agreement',
    explain: 'This is what the young person reads if the agreement is sent now. Below the agreements, the real page has the form to sign.',
    back: 'Back to the plan',
    read: 'Read the agreements carefully. You can sign at the bottom.',
  },
} as const;

export function previewPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get('/app/municipalities/:municipalityId/agreements/:agreementId/preview', asOperation(routes.getAgreement), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const trx = c.get('trx');
    const { municipalityId, agreementId } = c.req.param();
    const agreement = await getAgreement(trx, municipalityId, agreementId);
    const content = await previewContent(trx, municipalityId, agreement);
    // The signing page's frame: the municipality's theme and name, no staff menu (as the young person sees it).
    const look = await pageTheme(trx, municipalityId);
    pageHeaders(c);
    return c.html(
      <Page title={s.title} locale={locale} langSwitchHref={otherLanguage(c, locale)} theme={look.theme} municipality={{ name: look.name, logoHref: look.logoHref }}>
        <div class="utrecht-alert utrecht-alert--warning vv-preview-notice" role="status">
          <div class="utrecht-alert__content">
            <h2 class="utrecht-heading-2">{s.notice}</h2>
            <p class="utrecht-paragraph">{s.explain}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={href(c, `/app/municipalities/${municipalityId}/agreements/${agreementId}/plan`)}>
                {s.back}
              </a>
            </p>
          </div>
        </div>
        <p>{s.read}</p>
        <AgreementView content={content} locale={locale} />
      </Page>,
    );
  });
  return pages;
}
