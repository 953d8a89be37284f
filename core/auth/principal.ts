// Who is making a request: a signed-in user (session cookie) or an API token.
import type { Role, TokenScope } from '../db/generated/client.ts';

/**
 * read < write < admin, each allowing what the one before does; `metrics` stands apart: a
 * token of that scope scrapes /metrics and nothing else, and every other scope may scrape too.
 */
export type Scope = 'read' | 'write' | 'admin' | 'metrics';

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  via: 'session' | 'token';
  /** What this principal may do: a token's scope, or the user's role. */
  scope: Scope;
  sessionId?: string;
  /** How a session signed in. */
  signInMethod?: 'password' | 'oidc';
  /** Whether the user has a second factor. */
  twoFactor?: boolean;
  /**
   * An administrator requires two factors and this session's user has none: it may only
   * enrol (and sign out) until it has.
   */
  enrolmentRequired?: boolean;
  tokenId?: string;
  tokenName?: string;
}

export function roleScope(role: Role): Scope {
  return role === 'ADMIN' ? 'admin' : role === 'EDITOR' ? 'write' : 'read';
}

export function tokenScope(scope: TokenScope): Scope {
  return scope === 'ADMIN' ? 'admin' : scope === 'WRITE' ? 'write' : scope === 'METRICS' ? 'metrics' : 'read';
}

const RANK: Record<Exclude<Scope, 'metrics'>, number> = { read: 0, write: 1, admin: 2 };

export function allows(have: Scope, need: Scope): boolean {
  if (need === 'metrics') return true;
  if (have === 'metrics') return false;
  return RANK[have] >= RANK[need];
}

export function actorOf(principal: Principal | null): string {
  if (!principal) return 'system';
  return principal.via === 'token' ? `token:${principal.tokenName}` : `user:${principal.email}`;
}
