// Building the app's dependencies from configuration: shared by both entries and the tests.
import type { Config } from '../config.js';
import { type Sealer, createDevelopmentSealer, loadSealer, withTimestamp } from './pdf/seal.js';
import { timestampAuthority } from './pdf/tsa.js';
import type { Logger } from './http/env.js';
import { ConsoleTransport, NotifyTransport, type OutboxTransport } from './outbox.js';

export const jsonLogger: Logger = (entry) => {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
};

export function transportFor(config: Config): OutboxTransport {
  return config.outbox.transport === 'notify' ? new NotifyTransport(config.outbox.notify) : new ConsoleTransport();
}

/**
 * The sealer for signed PDFs: the configured certificate (production: a secret), else a
 * development certificate made once per process. Node's server passes `development` to keep one
 * on disk in DATA_DIR instead (never committed). TSA_URL adds an RFC 3161 timestamp to each seal.
 */
export function sealerFor(config: Config, development: () => Promise<Sealer> = () => createDevelopmentSealer()): () => Promise<Sealer> {
  let sealer: Promise<Sealer> | undefined;
  return () => {
    sealer ??= (config.seal ? loadSealer(config.seal.p12Base64, config.seal.passphrase) : development()).then((opened) =>
      // With a timestamp authority configured, every seal carries its RFC 3161 token (PAdES B-T).
      config.tsaUrl ? withTimestamp(opened, timestampAuthority(config.tsaUrl)) : opened,
    );
    return sealer;
  };
}
