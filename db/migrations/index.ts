// Ordered list of migrations. Statically imported so the Worker bundle carries them (Workers has
// no filesystem). Append only; a shipped migration is frozen.
import * as m0001 from './0001_platform.js';

export interface Migration {
  name: string;
  up: string;
}

export const migrations: Migration[] = [m0001];
