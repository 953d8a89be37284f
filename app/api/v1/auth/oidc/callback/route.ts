import { publicRoute } from '@/app/_lib/api/handler.ts';
import { getAuthSettings } from '@/app/_lib/auth/auth-settings.ts';
import { ownOrigin } from '@/app/_lib/auth/guard.ts';
import { FLOW_COOKIE, clearedFlowCookie, openFlow } from '@/app/_lib/auth/oidc/login-flow.ts';
import { SignInRefused, signInUser } from '@/app/_lib/auth/oidc/oidc-users.ts';
import { finishAuthorization, providerConfig } from '@/app/_lib/auth/oidc/provider.ts';
import { continueTo, loginPageWithError } from '@/app/_lib/auth/oidc/sign-in-answers.ts';
import { SESSION_COOKIE, createSession, sessionCookie } from '@/app/_lib/auth/sessions.ts';
import { audit } from '@/core/db/config-state.ts';
import { log } from '@/app/_lib/log.ts';

// GET /api/v1/auth/oidc/callback – where the OpenID provider sends the browser back (register this redirect URI at the provider)
export const GET = publicRoute({}, async ({ req, db, ip }) => {
  const origin = ownOrigin(req);
  const secure = origin.startsWith('https:');
  const fail = (message: string) => {
    const res = loginPageWithError(origin, message);
    res.headers.append('set-cookie', clearedFlowCookie(secure));
    return res;
  };
  const providerError = req.nextUrl.searchParams.get('error');
  if (providerError) return fail(`the provider refused the sign-in: ${req.nextUrl.searchParams.get('error_description') ?? providerError}`);
  const flow = openFlow(req.cookies.get(FLOW_COOKIE)?.value);
  if (!flow) return fail('the sign-in took too long or was started in another browser; try again');
  const { oidc } = await getAuthSettings(db);
  if (!oidc || oidc.issuer !== flow.issuer) return fail('single sign-on was reconfigured during the sign-in; try again');
  let claims: Record<string, unknown>;
  try {
    // The URL the provider redirected to, on the origin the flow was started from.
    const callbackUrl = new URL(`${req.nextUrl.pathname}${req.nextUrl.search}`, origin);
    claims = await finishAuthorization(await providerConfig(oidc), callbackUrl, flow);
  } catch (error) {
    log.warn({ err: error }, 'single sign-on: the code exchange failed');
    return fail(`${oidc.displayName} did not confirm the sign-in (${(error as Error).message})`);
  }
  let user;
  try {
    user = await signInUser(db, oidc, claims, ip);
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    await audit(db, { principal: null, ip, action: 'session.failed', objectType: 'user', after: { via: 'oidc', reason: error.message } });
    return fail(error.message);
  }
  const session = await createSession(db, user.id, { ip, userAgent: req.headers.get('user-agent') ?? undefined, method: 'oidc' }, req.cookies.get(SESSION_COOKIE)?.value);
  await audit(db, { principal: { userId: user.id, email: user.email, role: user.role, via: 'session', scope: 'read' }, ip, action: 'session.create', objectType: 'user', objectId: user.id, after: { via: 'oidc' } });
  const res = continueTo(flow.next);
  res.headers.append('set-cookie', clearedFlowCookie(secure));
  res.headers.append('set-cookie', sessionCookie(session.value, session.expiresAt, secure));
  return res;
});
