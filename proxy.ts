// Every page gets a Content-Security-Policy with a fresh nonce. Next.js reads the policy
// from the request to put the nonce on the scripts it renders; the root layout reads
// x-nonce for its own inline script. API routes and static files are left out (they carry
// the static headers from next.config.ts), and so are their bodies: a matched request's
// body would be copied for the proxy.
import { NextResponse, type NextRequest } from 'next/server';
import { pageContentSecurityPolicy } from '@/app/_lib/security-headers.ts';

export function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const policy = pageContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static/|_next/image|icon\\.svg).*)' }],
};
