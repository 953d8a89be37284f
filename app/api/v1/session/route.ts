import { NextResponse } from 'next/server';
import { apiRoute, publicRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { LoginInput } from '@/app/_lib/api/schemas.ts';
import { getAuthSettings, localSignInRefused } from '@/app/_lib/auth/auth-settings.ts';
import { checkAddress, recordSuccess, reserveAttempt } from '@/app/_lib/auth/login-throttle.ts';
import { dummyHash, verifyPassword } from '@/app/_lib/auth/password.ts';
import { hasSecondFactor, verifySecondFactor } from '@/app/_lib/auth/second-factor.ts';
import { SESSION_COOKIE, clearedSessionCookie, createSession, deleteSession, sessionCookie } from '@/app/_lib/auth/sessions.ts';
import { audit } from '@/core/db/config-state.ts';

const secure = (url: URL) => url.protocol === 'https:';

// POST /api/v1/session – sign in (with the second factor's code when the account has one); sets the session cookie
export const POST = publicRoute({ body: LoginInput }, async ({ req, db, body, ip }) => {
  await checkAddress(ip);
  const refused = localSignInRefused(await getAuthSettings(db));
  if (refused) throw refused;
  const user = await db.user.findUnique({ where: { email: body.email } });
  if (!user) {
    await verifyPassword(await dummyHash(), body.password);
    throw new ApiError('unauthorized', 'wrong email or password');
  }
  // Counted as a failure before it is evaluated: parallel guesses cannot overtake the lock.
  // The same reservation covers the second factor, so wrong codes are throttled like wrong
  // passwords, and only a complete sign-in gives it back.
  await reserveAttempt(db, user.id, ip);
  if (!(await verifyPassword(user.passwordHash, body.password))) {
    await audit(db, { principal: null, ip, action: 'session.failed', objectType: 'user', objectId: user.id });
    throw new ApiError('unauthorized', 'wrong email or password');
  }
  if (hasSecondFactor(user)) {
    if (body.code === undefined) throw new ApiError('second_factor_required', 'enter the code from your authenticator app (or a recovery code)');
    const principal = { userId: user.id, email: user.email, role: user.role, via: 'session' as const, scope: 'read' as const };
    if ((await verifySecondFactor(db, user, body.code, { principal, ip })) === null) {
      await audit(db, { principal: null, ip, action: 'session.failed', objectType: 'user', objectId: user.id, after: { reason: 'second factor' } });
      throw new ApiError('second_factor_invalid', 'that code is not valid (a code works once; check the device\'s clock)');
    }
  }
  await recordSuccess(db, user.id, ip);
  const session = await createSession(db, user.id, { ip, userAgent: req.headers.get('user-agent') ?? undefined }, req.cookies.get(SESSION_COOKIE)?.value);
  await audit(db, { principal: { userId: user.id, email: user.email, role: user.role, via: 'session', scope: 'read' }, ip, action: 'session.create', objectType: 'user', objectId: user.id });
  const res = NextResponse.json({ user: { id: user.id, email: user.email, role: user.role }, expiresAt: session.expiresAt.toISOString() });
  res.headers.append('set-cookie', sessionCookie(session.value, session.expiresAt, secure(req.nextUrl)));
  return res;
});

// GET /api/v1/session – who is signed in (and whether they must enrol a second factor first)
export const GET = apiRoute({ scope: 'read', duringEnrolment: true }, async ({ principal }) => ({
  user: { id: principal.userId, email: principal.email, role: principal.role },
  via: principal.via,
  ...(principal.via === 'session' ? { signInMethod: principal.signInMethod, twoFactor: principal.twoFactor, enrolmentRequired: principal.enrolmentRequired === true } : {}),
}));

// DELETE /api/v1/session – sign out
export const DELETE = apiRoute({ scope: 'read', duringEnrolment: true }, async ({ req, db }) => {
  await deleteSession(db, req.cookies.get(SESSION_COOKIE)?.value);
  const res = new NextResponse(null, { status: 204 });
  res.headers.append('set-cookie', clearedSessionCookie(secure(req.nextUrl)));
  return res;
});
