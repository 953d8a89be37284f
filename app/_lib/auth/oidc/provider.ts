// The OpenID Connect relying party, on openid-client: discovery (cached a few minutes per
// issuer and client), the authorization request (code flow with PKCE S256, state and
// nonce) and the code exchange, whose ID token openid-client verifies (signature, issuer,
// audience, expiry, nonce). Plain http is allowed only for a provider on this machine.
import * as client from 'openid-client';
import { isLoopbackUrl, openClientSecret, type StoredOidcSettings } from '../auth-settings.ts';

const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const cache = new Map<string, { config: client.Configuration; at: number }>();

export async function providerConfig(oidc: StoredOidcSettings): Promise<client.Configuration> {
  const secret = openClientSecret(oidc);
  const key = JSON.stringify([oidc.issuer, oidc.clientId, secret]);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const insecure = new URL(oidc.issuer).protocol === 'http:' && isLoopbackUrl(oidc.issuer);
  const config = await client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, secret ? client.ClientSecretBasic(secret) : client.None(), {
    execute: insecure ? [client.allowInsecureRequests] : [],
    timeout: 10,
  });
  cache.set(key, { config, at: Date.now() });
  return config;
}

export interface AuthorizationStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationStart(config: client.Configuration, redirectUri: string): Promise<AuthorizationStart> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** The verified claims of the ID token, completed from the userinfo endpoint. */
export async function finishAuthorization(
  config: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<Record<string, unknown>> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  let info: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint) {
    info = (await client.fetchUserInfo(config, tokens.access_token, claims.sub)) as Record<string, unknown>;
  }
  // The ID token's claims win over userinfo's where both have one.
  return { ...info, ...claims };
}
