// Building the app's dependencies from configuration: shared by both entries and the tests. (The
// seal's, sealerFor, is in src/pdf-in-process.ts: the app Worker imports this file and must not carry PKIjs.)
import type { Config } from '../config.js';
import { ConsoleTransport, NotifyTransport, type OutboxTransport } from './outbox.js';

export { jsonLogger } from './log.js';

export function transportFor(config: Config): OutboxTransport {
  return config.outbox.transport === 'notify' ? new NotifyTransport(config.outbox.notify) : new ConsoleTransport();
}
