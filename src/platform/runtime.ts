// Building the app's dependencies from configuration: shared by both entries and the tests.
import type { Config } from '../config.js';
import type { Logger } from './http/env.js';
import { ConsoleTransport, NotifyTransport, type OutboxTransport } from './outbox.js';

export const jsonLogger: Logger = (entry) => {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
};

export function transportFor(config: Config): OutboxTransport {
  return config.outbox.transport === 'notify' ? new NotifyTransport(config.outbox.notify) : new ConsoleTransport();
}
