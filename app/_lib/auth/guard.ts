// The central guard every route handler goes through (default deny): Host allowlist
// (DNS rebinding), authentication (API token or session cookie), scope, and for
// state-changing requests from browsers, a matching Origin (CSRF).
import type { NextRequest } from 'next/server';
import type { Db } from '@/core/db/client.ts';
import { ApiError } from '../api/errors.ts';
import { dashboardEnv } from '../env.ts';
import { tokenPrincipal } from './api-tokens.ts';
import { canonicalAddress } from '../../../core/net/client-address.ts';
import { allows, roleScope, type Principal, type Scope } from '../../../core/auth/principal.ts';
import { SESSION_COOKIE, sessionPrincipal } from './sessions.ts';
import { withEnrolmentRequirement } from './enrolment.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requestHost(req: NextRequest): string {
  return (req.headers.get('host') ?? '').toLowerCase();
}

export function checkHost(req: NextRequest): void {
  const host = requestHost(req);
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  if (!dashboardEnv().allowedHosts.has(name)) {
    throw new ApiError('forbidden', `host "${name}" is not allowed; add it to PORTICO_DASHBOARD_ALLOWED_HOSTS`);
  }
}

/** The dashboard's own origin as the browser sees it. */
export function ownOrigin(req: NextRequest): string {
  const proto = req.headers.get('x-forwarded-proto') === 'https' || req.nextUrl.protocol === 'https:' ? 'https' : 'http';
  return `${proto}://${requestHost(req)}`;
}

/**
 * Browsers send Origin (and Sec-Fetch-Site) on every state-changing request; a value that
 * is not the dashboard's own is a cross-site request and is refused. Non-browser clients
 * (curl, scripts) send neither and are not subject to CSRF.
 */
export function checkOrigin(req: NextRequest): void {
  const origin = req.headers.get('origin');
  const site = req.headers.get('sec-fetch-site');
  if ((origin !== null && origin !== ownOrigin(req)) || (site !== null && site !== 'same-origin' && site !== 'none')) {
    throw new ApiError('forbidden', 'cross-origin request refused (the Origin header must match the dashboard)');
  }
}

/**
 * Set by scripts/dashboard-server.ts from the socket or a trusted proxy (a client cannot
 * choose it). Checked again here: whatever reaches the audit log and the throttle is an
 * address in canonical form, never header text (`next dev` has no such server in front).
 */
export function clientIp(req: NextRequest): string {
  return canonicalAddress(req.headers.get('x-portico-client-ip') ?? '') ?? 'unknown';
}

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/** Authenticates; null when the request carries no valid credentials. */
export async function authenticate(req: NextRequest, db: Db): Promise<Principal | null> {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const principal = await tokenPrincipal(db, authorization);
    if (!principal) return null;
    // A token never grants more than its owner's role.
    const roleCap = roleScope(principal.role);
    return allows(roleCap, principal.scope) ? principal : { ...principal, scope: roleCap };
  }
  const principal = await sessionPrincipal(db, req.cookies.get(SESSION_COOKIE)?.value);
  if (principal && isStateChanging(req.method)) checkOrigin(req);
  return principal && withEnrolmentRequirement(db, principal);
}

/** `duringEnrolment`: the route serves a session that must enrol a second factor first. */
export async function requirePrincipal(req: NextRequest, db: Db, scope: Scope, duringEnrolment = false): Promise<Principal> {
  const principal = await authenticate(req, db);
  if (!principal) throw new ApiError('unauthorized', 'sign in or send an API token', undefined, { 'www-authenticate': 'Bearer realm="portico"' });
  if (principal.enrolmentRequired && !duringEnrolment) {
    throw new ApiError('second_factor_enrolment_required', 'an administrator requires two-factor sign-in: set up an authenticator first (POST /api/v1/users/me/totp)');
  }
  if (!allows(principal.scope, scope)) throw new ApiError('forbidden', `this needs the ${scope} scope`);
  return principal;
}
