// The browser answers of the single sign-on routes: back to the login page with a message,
// or on to the dashboard.
import { NextResponse } from 'next/server';

export function loginPageWithError(origin: string, message: string): NextResponse {
  const url = new URL('/login', origin);
  url.searchParams.set('error', message.slice(0, 300));
  return NextResponse.redirect(url, 303);
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
