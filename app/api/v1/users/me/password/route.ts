import { NextResponse } from 'next/server';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { PasswordChangeInput } from '@/app/_lib/api/schemas.ts';
import { checkAddress } from '@/app/_lib/auth/login-throttle.ts';
import { createSession, sessionCookie } from '@/app/_lib/auth/sessions.ts';
import { changePassword } from '@/app/_lib/queries/user.ts';

// POST /api/v1/users/me/password – change your password; ends every session and starts a fresh one for this browser
export const POST = apiRoute({ scope: 'read', body: PasswordChangeInput }, async ({ req, db, body, principal, ip }) => {
  await checkAddress(ip);
  await changePassword(db, principal.userId, body.currentPassword, body.newPassword, { principal, ip });
  const res = NextResponse.json({ changed: true }, { headers: { 'cache-control': 'no-store' } });
  if (principal.via === 'session') {
    const session = await createSession(db, principal.userId, { ip, userAgent: req.headers.get('user-agent') ?? undefined });
    res.headers.append('set-cookie', sessionCookie(session.value, session.expiresAt, req.nextUrl.protocol === 'https:'));
  }
  return res;
});
