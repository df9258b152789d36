// `npm run platform:admin -- --email you@example.org [--name "Your Name"]`
// Makes the person a platform operator (creating the account if needed) and prints a one-time
// login link. The link is the only way in for a new operator: there is no default password. The
// session it opens still needs the second factor: the operator sets up an authenticator app with
// it (the only operations open before that are about the person's own account).
import { parseArgs } from 'node:util';
import { createLoginLink, ensureUser } from '../src/modules/identity/service.js';
import { inAppTransaction } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openFromEnv } from './db.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
  console.error('Usage: npm run platform:admin -- --email you@example.org [--name "Your Name"]');
  process.exit(2);
}
const { handle, config } = await openFromEnv();
try {
  await migrate(handle.db, console.log);
  const link = await inAppTransaction(handle.db, async (trx) => {
    const userId = await ensureUser(trx, { email, name: values.name ?? email.split('@')[0] ?? email, isOperator: true });
    return createLoginLink(trx, userId, config.publicUrl, new Date());
  });
  console.log(`${email} is a platform operator. One-time login link (30 minutes):\n  ${link}`);
  console.log(
    'Every operation needs a verified second factor. No authenticator app yet? With the session the link opens, set one up (POST /v1/me/totp, then POST /v1/me/totp/confirm with its code) and make recovery codes (POST /v1/me/recovery-codes).',
  );
} finally {
  await handle.close();
}
