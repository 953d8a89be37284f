import { NextResponse } from 'next/server';
import { publicRoute } from '@/app/_lib/api/handler.ts';
import { ApiError, validationError } from '@/app/_lib/api/errors.ts';
import { SetupInput } from '@/app/_lib/api/schemas.ts';
import { consumeSetupToken, needsSetup, setupTokenValid } from '@/app/_lib/auth/bootstrap.ts';
import { checkAddress } from '@/app/_lib/auth/login-throttle.ts';
import { hashPassword, passwordProblem } from '@/app/_lib/auth/password.ts';
import { createSession, sessionCookie } from '@/app/_lib/auth/sessions.ts';
import { audit } from '@/core/db/config-state.ts';

// GET /api/v1/setup – whether first-run setup is still needed
export const GET = publicRoute({}, async ({ db }) => ({ needed: await needsSetup(db) }));

// POST /api/v1/setup – create the first administrator with the one-time token
export const POST = publicRoute({ body: SetupInput, status: 201 }, async ({ req, db, body, ip }) => {
  await checkAddress(ip);
  if (!(await needsSetup(db))) throw new ApiError('conflict', 'setup is already complete; sign in instead');
  if (!(await setupTokenValid(db, body.token))) throw new ApiError('forbidden', 'the setup token is wrong or expired (a new one is printed when the dashboard restarts)');
  const problem = passwordProblem(body.password, body.email);
  if (problem) throw validationError([{ path: 'password', message: problem }]);
  const user = await db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new ApiError('conflict', 'setup is already complete; sign in instead');
    return tx.user.create({ data: { email: body.email, passwordHash: await hashPassword(body.password), role: 'ADMIN' } });
  });
  await consumeSetupToken(db);
  await audit(db, { principal: { userId: user.id, email: user.email, role: user.role, via: 'session', scope: 'admin' }, ip, action: 'user.setup', objectType: 'user', objectId: user.id });
  const session = await createSession(db, user.id, { ip, userAgent: req.headers.get('user-agent') ?? undefined });
  const res = NextResponse.json({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
  res.headers.append('set-cookie', sessionCookie(session.value, session.expiresAt, req.nextUrl.protocol === 'https:'));
  return res;
});
