import { NextResponse } from 'next/server';
import { publicRoute } from '@/app/_lib/api/handler.ts';
import { getAuthSettings, oidcRedirectUri } from '@/app/_lib/auth/auth-settings.ts';
import { ownOrigin } from '@/app/_lib/auth/guard.ts';
import { checkAddress } from '@/app/_lib/auth/login-throttle.ts';
import { flowCookie } from '@/app/_lib/auth/oidc/login-flow.ts';
import { authorizationStart, providerConfig } from '@/app/_lib/auth/oidc/provider.ts';
import { loginPageWithError } from '@/app/_lib/auth/oidc/sign-in-answers.ts';
import { sameOriginPath } from '@/app/(auth)/login/next-path.ts';
import { log } from '@/app/_lib/log.ts';

// GET /api/v1/auth/oidc/login – start signing in with the OpenID provider (redirects the browser there; ?next= the dashboard path to return to)
export const GET = publicRoute({}, async ({ req, db, ip }) => {
  await checkAddress(ip);
  const origin = ownOrigin(req);
  const { oidc } = await getAuthSettings(db);
  if (!oidc) return loginPageWithError(origin, 'single sign-on is not configured');
  let start;
  try {
    start = await authorizationStart(await providerConfig(oidc), oidcRedirectUri(origin));
  } catch (error) {
    log.warn({ err: error }, 'single sign-on: the provider could not be discovered');
    return loginPageWithError(origin, `${oidc.displayName} could not be reached (${(error as Error).message})`);
  }
  const next = sameOriginPath(req.nextUrl.searchParams.get('next'), origin);
  const res = NextResponse.redirect(start.url, 303);
  res.headers.append('set-cookie', flowCookie({ state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier, next, issuer: oidc.issuer }, origin.startsWith('https:')));
  return res;
});
