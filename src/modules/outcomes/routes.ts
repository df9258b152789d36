// Routes of the outcomes capability (being built).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.js';

export function register(_api: OpenAPIHono<AppEnv>): void {}
