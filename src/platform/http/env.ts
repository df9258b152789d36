// The Hono environment every route sees: dependencies, the request's transaction, its principal.
import type { Config } from '../../config.js';
import type { Entered } from '../auth/enter.js';
import type { AccessPolicy } from './access.js';
import type { PdfService } from '../pdf-service.js';
import type { Runtime } from './client-ip.js';
import type { Database, Tx } from '../db/database.js';
import type { OutboxTransport } from '../outbox.js';
import type { DocsAssets } from './docs.js';
import type { UiAssetSources } from '../ui/assets.js';
import type { StaffShellLoader } from './pages.js';

export type Logger = (entry: Record<string, unknown>) => void

export interface AppDeps {
  config: Config;
  db: Database;
  /**
   * Workers: the request's own database client, taken from the env the entry hands to app.fetch.
   * The app (router, OpenAPI registry, middleware) is built once per isolate; only this is per
   * request (a Hyperdrive connection cannot outlive its request). Unset on Node: `db` serves all.
   */
  requestDatabase?: (env: unknown) => Database | undefined;
  transport: OutboxTransport;
  log: Logger;
  now?: () => Date;
  /**
   * Renders, seals and inspects the PDFs (platform/pdf-service.ts): in this process on Node
   * (src/pdf-in-process.ts), the PDF Worker's RPC binding on Workers. Without it a request that needs a
   * PDF fails with a 500 (pdfServiceOf); the tests that make none leave it out.
   */
  pdf?: PdfService;
  /**
   * Set only by the Node entry when it opened the embedded PGlite database itself (the `npm start`
   * demo). With APP_ENV=development it lets the demo login link count as the second factor.
   */
  embeddedDemoDatabase?: boolean;
  /** The Swagger UI files for /v1/docs (docs.ts): read from node_modules on Node, bundled on Workers. */
  docsAssets?: () => Promise<DocsAssets>;
  /**
   * The pages' NL Design System CSS (platform/ui/assets.ts): read from node_modules on Node,
   * bundled on Workers. Without it pages render unstyled (their HTML is the same).
   */
  uiAssets?: () => UiAssetSources;
  /**
   * The runtime serving requests, stated by the entry file (src/server.ts, src/worker.ts): it
   * decides where the client's IP address comes from (see client-ip.ts), never request headers.
   */
  runtime: Runtime;
  /** Node: true once the server has been told to stop (SIGTERM); new requests then get 503 (stopping.ts). */
  stopping?: () => boolean;
}

export type Principal =
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      email: string;
      name: string;
      isOperator: boolean;
      twoFactorVerified: boolean;
      twoFactorEnabled: boolean;
      via: 'cookie' | 'bearer';
    }
  /**
   * An API key: a provider's (providerId) or a municipality's own integration's (tenantId, migration
   * 0022); exactly one of the two is set. Its scopes say which operations it may read or write.
   */
  | { kind: 'api-key'; keyId: string; providerId: string | null; tenantId: string | null; scopes: string[] };

export interface AuditSubject {
  type: string;
  id: string;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    trx: Tx;
    principal: Principal | null;
    tenantId: string | null;
    providerId: string | null;
    operationId: string | null;
    auditSubject: AuditSubject | null;
    /** What entering the request found: the path's municipality/provider the principal belongs to. */
    entered: Entered;
    /** The rules modules add to the access check (installAccessPolicies, set by createApp). */
    accessPolicies: readonly AccessPolicy[];
    /** What the staff pages' shell shows (menu, municipality, theme); installed by createApp (installStaffShell). */
    staffShell: StaffShellLoader;
    /** The method of the API operation a page stands for (asOperation): a POST search is still a read. */
    operationMethod: string;
  };
}
