// The browser answers of the single sign-on routes: back to the login page with a message,
// or on to the dashboard.
import { NextResponse } from 'next/server';
import { secretBoxFor } from '@/core/tls/secret-box.ts';
import { dashboardEnv } from '../../env.ts';

/**
 * The message travels sealed (`?error=` opened by the login page): a link someone else
 * crafted cannot make the login page say what they like.
 */
export function loginPageWithError(origin: string, message: string): NextResponse {
  const url = new URL('/login', origin);
  url.searchParams.set('error', secretBoxFor(dashboardEnv().dataDir).seal(message.slice(0, 300)));
  return NextResponse.redirect(url, 303);
}

/** The message of a sealed `?error=`, or null for anything this dashboard did not seal. */
export function signInErrorMessage(sealed: string | undefined): string | null {
  if (!sealed || !sealed.startsWith('enc:v1:')) return null;
  try {
    return secretBoxFor(dashboardEnv().dataDir).open(sealed);
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A page that moves on to `path`. Not a redirect: the session cookie is SameSite=Strict,
 * and a redirect that continues the provider's cross-site navigation would arrive without
 * it; a navigation started by this page is same-site. A meta refresh needs no script (the
 * API's Content-Security-Policy allows none).
 */
export function continueTo(path: string): NextResponse {
  const target = escapeHtml(path);
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>Signed in</title></head><body><p>Signed in. <a href="${target}">Continue</a></p></body></html>`;
  return new NextResponse(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
