// The JSON log line both Workers and Node's server write (one object per line, with its time). A
// leaf: the PDF Worker logs with it without the rest of runtime.ts (the outbox, the database).
import type { Logger } from './http/env.js';

export const jsonLogger: Logger = (entry) => {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
};
