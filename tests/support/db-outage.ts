// A database that fails on cue, for tests of what happens when it goes away mid-work: add the
// plugin with db.withPlugin(outage) and set `failures` (e.g. from a fake provider's handler, right
// after it acknowledged something).
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** A lost connection, as the drivers report one. */
export const connectionLost = () => Object.assign(new Error('write CONNECTION_CLOSED (injected)'), { code: 'CONNECTION_CLOSED' });

/**
 * The database "goes away" for the next `failures` queries: each throws as a lost connection
 * would, before it reaches the database (a transaction it is in then rolls back).
 */
export class DatabaseOutage implements KyselyPlugin {
  failures = 0;
  /** How many queries it failed so far. */
  injected = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.failures > 0) {
      this.failures--;
      this.injected++;
      throw connectionLost();
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
