// A pipeline stage: handles the request or passes it on. Middlewares are built per
// location at compile time as `create<Thing>(config, next)`, so the per-request path is
// a chain of closures with nothing left to decide from configuration.
import type { RequestContext } from './context.ts';

export type Stage = (ctx: RequestContext) => void | Promise<void>;
