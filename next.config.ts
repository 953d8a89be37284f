import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from './app/_lib/security-headers.ts';

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const config: NextConfig = {
  // The engine and the dashboard share TypeScript sources imported with .ts extensions
  // (Node runs the engine by type stripping, without a build step).
  typedRoutes: false,
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2', '@prisma/adapter-better-sqlite3', 'acme-client', 'pg', '@prisma/adapter-pg'],
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc over the whole repository); `npm start` only builds.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Pages get their Content-Security-Policy (with a nonce) from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: asList(STATIC_SECURITY_HEADERS) },
      { source: '/api/:path*', headers: asList({ 'content-security-policy': API_CONTENT_SECURITY_POLICY }) },
    ];
  },
};

export default config;
