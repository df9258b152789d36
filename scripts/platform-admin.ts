// `npm run platform:admin -- --email you@example.org [--name "Your Name"]`
// Makes the person a platform operator (creating the account if needed) and prints a one-time
// login link. The link is the only way in for a new operator: there is no default password. The
// session it opens still needs the second factor: the operator sets up an authenticator app with
// it (the only operations open before that are about the person's own account).
import { parseArgs } from 'node:util';
import { createLoginLink, ensureUser } from '../src/modules/identity/service.js';
import { inAppTransaction } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { runningServerUrl } from '../src/platform/server-url-node.js';
import { openFromEnv } from './db.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
  console.error('Usage: npm run platform:admin -- --email you@example.org [--name "Your Name"]');
  process.exit(2);
}
const { handle, config } = await openFromEnv();
// The link must open on the server that is running: its own note of where it listens (DATA_DIR/
// server.json) wins over this shell's PORT, unless PUBLIC_URL names the address outright.
const publicUrl = process.env.PUBLIC_URL ? config.publicUrl : (runningServerUrl(config.dataDir) ?? config.publicUrl);
try {
  await migrate(handle.db, console.log);
  const link = await inAppTransaction(handle.db, async (trx) => {
    const userId = await ensureUser(trx, { email, name: values.name ?? email.split('@')[0] ?? email, isOperator: true });
    return createLoginLink(trx, userId, publicUrl, new Date());
  });
  console.log(`${email} is a platform operator. One-time login link (30 minutes):\n  ${link}`);
  console.log(
    'The link opens the staff app. Every page with data needs a second factor: the app first sets up your authenticator app (a QR code to scan) and shows your recovery codes once.',
  );
} finally {
  await handle.close();
}
