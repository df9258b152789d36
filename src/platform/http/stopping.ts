// While the Node server shuts down (platform/lifecycle.ts), a request that arrives on a
// connection still open gets 503 instead of starting work the deadline may cut off half-way:
// nothing has happened, so the client (or its proxy) can send it again, to this server's
// successor. Connection: close makes it open a new connection for that, which reaches the
// successor because this server no longer listens. The health check answers 503 the same way,
// which is what a load balancer should see from a server going away.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';
import { problemResponse } from './errors-handler.js';

export function refuseWhileStopping(stopping: () => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!stopping()) return next();
    return problemResponse(
      c,
      new ApiError(503, 'shutting-down', 'Shutting down', 'This server is shutting down and starts no new requests. Send the request again.', {}, { 'Retry-After': '1', Connection: 'close' }),
    );
  };
}
