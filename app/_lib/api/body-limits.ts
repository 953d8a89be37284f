// How large a request body may be. The route wrapper (handler.ts) enforces the per-route
// limits while the body streams; scripts/dashboard-server.ts enforces the outer cap on
// every request before Next.js sees it, so a route that never reads its body (or a
// framework path that would) cannot be made to hold more. Plain constants: the dashboard
// server imports this file without Next.js.

/** Any JSON body of the API (configuration imports are the largest). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** Bodies read without credentials (sign-in, first-run setup): a few short fields. */
export const MAX_PUBLIC_BODY_BYTES = 16 * 1024;

/**
 * The dashboard server closes a connection whose body passes this, whatever the route. It
 * sits above every route's limit (with room for what is buffered between the socket and
 * the route's reader), so a route always answers its own 413 first.
 */
export const MAX_REQUEST_BODY_BYTES = MAX_JSON_BODY_BYTES + 1024 * 1024;

export function payloadTooLargeMessage(limit: number): string {
  return limit >= 1024 * 1024 ? `request body is larger than ${limit / 1024 / 1024} MiB` : `request body is larger than ${limit / 1024} KiB`;
}
