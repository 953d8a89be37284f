// Users and API tokens as the API returns them (never a password hash or a token's secret).
import type { Role } from '../db/generated/client.ts';

export interface UserView {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  passwordChangedAt: string;
  /** The most recent activity of any of the user's sessions. */
  lastSeenAt: string | null;
  /** Whether the user signs in with a second factor (TOTP). */
  twoFactor: boolean;
  /** Whether the user is linked to an account at the OpenID provider. */
  singleSignOn: boolean;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The columns of an ApiToken row a view shows. */
interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export function serializeApiToken(t: TokenRow): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scope: t.scope,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}
