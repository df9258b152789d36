// The staff app's identity pages (/app/...): sign in, second factor, enrolment, recovery codes,
// forgot password, my account and sessions, sign out. One transaction per request, as the API.
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { requestTransaction } from '../../../platform/http/middleware.js';
import { pageHeaders } from '../../../platform/http/page.js';
import { registerAccount } from './account.js';
import { registerEnrol } from './enrol.js';
import { registerForgotPassword } from './forgot-password.js';
import { appFailurePage } from './kit.js';
import { registerSignIn } from './sign-in.js';

export { homeFor } from './kit.js';

export function appIdentityPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  // The front door: the app.
  pages.get('/', (c) => c.redirect('/app', 302));
  // '/app/*' matches '/app' too (once: a second transaction would nest).
  pages.use('/app/*', async (c, next) => {
    await next();
    pageHeaders(c);
  });
  pages.use('/app/*', requestTransaction());
  pages.onError(appFailurePage);
  registerSignIn(pages);
  registerEnrol(pages);
  registerAccount(pages);
  registerForgotPassword(pages);
  return pages;
}
