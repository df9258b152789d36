// Ordered list of migrations. Statically imported so the Worker bundle carries them (Workers has
// no filesystem). Append only; a shipped migration is frozen.
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_request_entry.js';
import * as m0003 from './0003_webhooks.js';
import * as m0004 from './0004_agreements.js';
import * as m0005 from './0005_signing.js';
import * as m0006 from './0006_signed_documents.js';
import * as m0007 from './0007_signing_jobs.js';
import * as m0008 from './0008_contracts.js';
import * as m0009 from './0009_outcomes.js';
import * as m0010 from './0010_billing.js';
import * as m0011 from './0011_indicators.js';
import * as m0012 from './0012_second_factor.js';
import * as m0013 from './0013_secrets_at_rest.js';
import * as m0014 from './0014_signing_access.js';
import * as m0015 from './0015_outbox_claims.js';

export interface Migration {
  name: string;
  up: string;
}

export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015];
