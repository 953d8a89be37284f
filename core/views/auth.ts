// Sign-in settings and a user's second factor as the API returns them and the pages show
// them (never a TOTP secret, a recovery code or the OpenID client secret).
import type { Role } from '../db/generated/client.ts';

export interface OidcSettingsView {
  /** Shown on the login page: "Sign in with <displayName>". */
  displayName: string;
  issuer: string;
  clientId: string;
  /** Whether a client secret is stored (it is never returned). */
  hasClientSecret: boolean;
  /** The ID token or userinfo claim that names the user's role (a string or a list), or "" for none. */
  roleClaim: string;
  /** Claim values per role, the first role that matches wins (ADMIN, then EDITOR, then VIEWER). */
  roleValues: Record<Role, string[]>;
  /** The role of a user whose claim matches none of the values (null: refuse the sign-in). */
  defaultRole: Role | null;
  /** Whether a user unknown to Portico is created at first sign-in (else refused). */
  createUsers: boolean;
  /** The redirect URI to register at the provider. */
  redirectUri: string;
}

export interface AuthSettingsView {
  requireTwoFactor: boolean;
  localSignIn: boolean;
  oidc: OidcSettingsView | null;
}

/** What the login page needs before anyone is signed in. */
export interface SignInOptionsView {
  localSignIn: boolean;
  /** The OpenID provider's display name, when single sign-on is configured. */
  oidc: { displayName: string } | null;
}

export interface SecondFactorView {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** An administrator requires two factors and this account has none yet. */
  enrolmentRequired: boolean;
  /** How the current session signed in. */
  signInMethod: 'password' | 'oidc';
}
