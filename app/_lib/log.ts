// The dashboard's logger (core/log/logger.ts): route handlers, bootstrap and the server in
// front of Next.js (scripts/dashboard-server.ts) log through this one.
import { createLogger } from '../../core/log/logger.ts';

export const log = createLogger('dashboard');
