// The dashboard's browser-facing security headers, in one place: next.config.ts sends the
// static ones with every answer, proxy.ts builds each page's policy with its nonce, and
// scripts/dashboard-server.ts adds them to the answers it gives itself. Plain values, no
// path aliases (the config and the server import this file without the bundler).

/**
 * Sent with every answer. Referrer-Policy is "same-origin", not "no-referrer": with
 * "no-referrer" a browser sends `Origin: null` on same-origin POSTs, and the API's CSRF
 * check (app/_lib/auth/guard.ts) would refuse the dashboard's own writes.
 */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** API answers are data, never documents: nothing may load or run if one is opened as a page. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's policy. Scripts run only with this response's nonce (Next.js puts it on its own
 * scripts when it finds it in the request's policy); 'strict-dynamic' lets those load the
 * page's chunks. Style attributes (charts size their bars with them) are allowed, style
 * elements need the nonce.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
