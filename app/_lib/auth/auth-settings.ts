// Sign-in settings (Setting "authentication"): whether two factors are required, whether
// local (password) sign-in is on, and the OpenID Connect provider. Not part of the proxy's
// configuration, so a change is audited but is not a revision. The client secret is sealed
// with the data directory's secret box and never returned.
import { z } from 'zod';
import type { Db } from '@/core/db/client.ts';
import type { Prisma } from '@/core/db/generated/client.ts';
import type { AuthSettingsView, SignInOptionsView } from '@/core/views/auth.ts';
import { secretBoxFor } from '@/core/tls/secret-box.ts';
import { ApiError, validationError } from '../api/errors.ts';
import { dashboardEnv } from '../env.ts';
import { audit, type WriteMeta } from '../../../core/db/config-state.ts';
import { RoleInput } from '../queries/user.ts';

export const AUTH_SETTINGS_KEY = 'authentication';

const RoleValues = z
  .object({
    ADMIN: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    EDITOR: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    VIEWER: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  })
  .strict();

const issuerUrl = z
  .string()
  .trim()
  .url()
  .max(500)
  .refine((u) => /^https?:$/.test(protocolOf(u)), 'must be an http(s) URL')
  .refine((u) => protocolOf(u) !== 'http:' || isLoopbackUrl(u), 'must be https (plain http is allowed only for a provider on this machine: localhost, 127.0.0.1, ::1)')
  .describe('The OpenID provider\'s issuer URL (its /.well-known/openid-configuration is read).');

const OidcFields = {
  displayName: z.string().trim().min(1).max(60).describe('Shown on the login page: "Sign in with <displayName>".'),
  issuer: issuerUrl,
  clientId: z.string().trim().min(1).max(500),
  roleClaim: z.string().trim().max(200).default('').describe('The claim naming the role (a string or a list of strings), e.g. "groups"; empty: roles are not taken from the provider.'),
  roleValues: RoleValues.default({ ADMIN: [], EDITOR: [], VIEWER: [] }).describe('Claim values per role; ADMIN is looked for first, then EDITOR, then VIEWER.'),
  defaultRole: RoleInput.nullable().default('VIEWER').describe('The role when the claim matches no value; null refuses the sign-in.'),
  createUsers: z.boolean().default(false).describe('Create a user at the first sign-in of an unknown (verified) email; otherwise only existing users can sign in.'),
};

/** What an administrator sends; the client secret may be left out to keep the stored one. */
export const OidcSettingsInput = z
  .object({ ...OidcFields, clientSecret: z.string().min(1).max(2000).optional().describe('The client secret; leave it out to keep the stored one.') })
  .strict();

export const AuthSettingsInput = z
  .object({
    requireTwoFactor: z.boolean().describe('Every user must use two factors; users without one are sent to enrol after signing in and can do nothing else until they have.'),
    localSignIn: z.boolean().describe('Whether users can sign in with email and password. Turning it off needs single sign-on configured and that you have signed in through it.'),
    oidc: OidcSettingsInput.nullable().describe('The OpenID Connect provider, or null for none.'),
  })
  .strict()
  .describe('Sign-in settings.');

const StoredOidc = z.object({ ...OidcFields, clientSecret: z.string().default('') });
const StoredAuthSettings = z.object({
  requireTwoFactor: z.boolean().default(false),
  localSignIn: z.boolean().default(true),
  oidc: StoredOidc.nullable().default(null),
});
export type StoredAuthSettings = z.output<typeof StoredAuthSettings>;
export type StoredOidcSettings = z.output<typeof StoredOidc>;

/** The URL's protocol, or "" for text that is no URL (zod runs every check, even after .url() failed). */
function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const box = () => secretBoxFor(dashboardEnv().dataDir);

export async function getAuthSettings(db: Db): Promise<StoredAuthSettings> {
  const row = await db.setting.findUnique({ where: { key: AUTH_SETTINGS_KEY } });
  const parsed = StoredAuthSettings.safeParse(row?.value ?? {});
  // A stored value this code cannot read keeps local sign-in on: never a lock-out.
  return parsed.success ? parsed.data : StoredAuthSettings.parse({});
}

/** The OpenID settings with the client secret opened, for the sign-in flow only. */
export function openClientSecret(oidc: StoredOidcSettings): string {
  return oidc.clientSecret ? box().open(oidc.clientSecret) : '';
}

export function oidcRedirectUri(origin: string): string {
  return `${origin}/api/v1/auth/oidc/callback`;
}

export function authSettingsView(settings: StoredAuthSettings, origin: string): AuthSettingsView {
  const { oidc } = settings;
  return {
    requireTwoFactor: settings.requireTwoFactor,
    localSignIn: settings.localSignIn || !oidc,
    oidc: oidc && {
      displayName: oidc.displayName,
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      hasClientSecret: oidc.clientSecret !== '',
      roleClaim: oidc.roleClaim,
      roleValues: oidc.roleValues,
      defaultRole: oidc.defaultRole,
      createUsers: oidc.createUsers,
      redirectUri: oidcRedirectUri(origin),
    },
  };
}

export function signInOptions(settings: StoredAuthSettings): SignInOptionsView {
  return { localSignIn: settings.localSignIn || !settings.oidc, oidc: settings.oidc && { displayName: settings.oidc.displayName } };
}

/** "<issuer> <sub>": a subject is unique only within its issuer. */
export function oidcSubjectOf(issuer: string, sub: string): string {
  return `${issuer} ${sub}`;
}

/**
 * Saves the settings. Local sign-in can be turned off only when single sign-on is
 * configured and the administrator doing it has signed in through that provider, so there
 * is always someone who can sign in to turn it back on.
 */
export async function saveAuthSettings(db: Db, input: z.output<typeof AuthSettingsInput>, meta: WriteMeta & { userId: string }): Promise<StoredAuthSettings> {
  const before = await getAuthSettings(db);
  let oidc: StoredOidcSettings | null = null;
  if (input.oidc) {
    const { clientSecret, ...fields } = input.oidc;
    const kept = before.oidc && before.oidc.issuer === fields.issuer && before.oidc.clientId === fields.clientId ? before.oidc.clientSecret : '';
    oidc = { ...fields, clientSecret: clientSecret === undefined ? kept : box().seal(clientSecret) };
  }
  if (!input.localSignIn) {
    if (!oidc) throw validationError([{ path: 'localSignIn', message: 'cannot be turned off without single sign-on (oidc) configured: nobody could sign in' }]);
    const user = await db.user.findUnique({ where: { id: meta.userId }, select: { oidcSubject: true, oidcSignedInAt: true, role: true } });
    const throughIt = user?.oidcSignedInAt && user.oidcSubject?.startsWith(`${oidc.issuer} `);
    if (!throughIt || user?.role !== 'ADMIN') {
      throw validationError([{ path: 'localSignIn', message: `can be turned off only by an administrator who has signed in with ${oidc.displayName} (${oidc.issuer}) at least once: sign in through it first, so that someone can still sign in` }]);
    }
  }
  const settings: StoredAuthSettings = { requireTwoFactor: input.requireTwoFactor, localSignIn: input.localSignIn, oidc };
  await db.setting.upsert({
    where: { key: AUTH_SETTINGS_KEY },
    create: { key: AUTH_SETTINGS_KEY, value: settings as unknown as Prisma.InputJsonValue },
    update: { value: settings as unknown as Prisma.InputJsonValue },
  });
  await audit(db, { ...meta, action: 'settings.authentication', objectType: 'settings', objectId: AUTH_SETTINGS_KEY, before, after: settings });
  return settings;
}

export function localSignInRefused(settings: StoredAuthSettings): ApiError | null {
  if (settings.localSignIn || !settings.oidc) return null;
  return new ApiError('forbidden', `sign-in with a password is turned off: sign in with ${settings.oidc.displayName}`);
}
