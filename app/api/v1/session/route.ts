import { NextResponse } from 'next/server';
import { apiRoute, publicRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { LoginInput } from '@/app/_lib/api/schemas.ts';
import { checkAddress, recordSuccess, reserveAttempt } from '@/app/_lib/auth/login-throttle.ts';
import { dummyHash, verifyPassword } from '@/app/_lib/auth/password.ts';
import { SESSION_COOKIE, clearedSessionCookie, createSession, deleteSession, sessionCookie } from '@/app/_lib/auth/sessions.ts';
import { audit } from '@/core/db/config-state.ts';

const secure = (url: URL) => url.protocol === 'https:';

// POST /api/v1/session – sign in; sets the session cookie
export const POST = publicRoute({ body: LoginInput }, async ({ req, db, body, ip }) => {
  checkAddress(ip);
  const user = await db.user.findUnique({ where: { email: body.email } });
  if (!user) {
    await verifyPassword(await dummyHash(), body.password);
    throw new ApiError('unauthorized', 'wrong email or password');
  }
  // Counted as a failure before it is evaluated: parallel guesses cannot overtake the lock.
  await reserveAttempt(db, user.id, ip);
  if (!(await verifyPassword(user.passwordHash, body.password))) {
    await audit(db, { principal: null, ip, action: 'session.failed', objectType: 'user', objectId: user.id });
    throw new ApiError('unauthorized', 'wrong email or password');
  }
  await recordSuccess(db, user.id, ip);
  const session = await createSession(db, user.id, { ip, userAgent: req.headers.get('user-agent') ?? undefined }, req.cookies.get(SESSION_COOKIE)?.value);
  await audit(db, { principal: { userId: user.id, email: user.email, role: user.role, via: 'session', scope: 'read' }, ip, action: 'session.create', objectType: 'user', objectId: user.id });
  const res = NextResponse.json({ user: { id: user.id, email: user.email, role: user.role }, expiresAt: session.expiresAt.toISOString() });
  res.headers.append('set-cookie', sessionCookie(session.value, session.expiresAt, secure(req.nextUrl)));
  return res;
});

// GET /api/v1/session – who is signed in
export const GET = apiRoute({ scope: 'read' }, async ({ principal }) => ({ user: { id: principal.userId, email: principal.email, role: principal.role }, via: principal.via }));

// DELETE /api/v1/session – sign out
export const DELETE = apiRoute({ scope: 'read' }, async ({ req, db }) => {
  await deleteSession(db, req.cookies.get(SESSION_COOKIE)?.value);
  const res = new NextResponse(null, { status: 204 });
  res.headers.append('set-cookie', clearedSessionCookie(secure(req.nextUrl)));
  return res;
});
