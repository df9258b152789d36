// The staff app's identity pages (/app/...): sign in, second factor, enrolment, recovery codes,
// forgot password, my account and sessions, sign out. One transaction per request, as the API.
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { registerAccount } from './account.js';
import { registerEnrol } from './enrol.js';
import { registerForgotPassword } from './forgot-password.js';
import { appFailurePage } from '../../../platform/http/pages.js';
import { registerSignIn } from './sign-in.js';


export function appIdentityPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  // The front door: the app.
  pages.get('/', (c) => c.redirect('/app', 302));
  // The transaction for /app/* is opened once for all modules' pages, in createApp.
  pages.onError(appFailurePage);
  registerSignIn(pages);
  registerEnrol(pages);
  registerAccount(pages);
  registerForgotPassword(pages);
  return pages;
}
