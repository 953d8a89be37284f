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
