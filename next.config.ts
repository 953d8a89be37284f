import type { NextConfig } from 'next';

const config: NextConfig = {
  // The engine and the dashboard share TypeScript sources imported with .ts extensions
  // (Node runs the engine by type stripping, without a build step).
  typedRoutes: false,
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2', '@prisma/adapter-better-sqlite3', 'acme-client'],
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc over the whole repository); `npm start` only builds.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Client forms validate with the shared zod model (proxy-engine/config), which imports
  // node:net and node:url. In the browser bundle only, point them at small stand-ins
  // (components/shims/) that follow Node's grammar; the server keeps the real modules.
  // Next's built-in browser polyfill for `url` lacks domainToASCII, hence its alias.
  turbopack: {
    resolveAlias: {
      'node:net': { browser: './components/shims/net.ts' },
      'next/dist/compiled/native-url': { browser: './components/shims/url.ts' },
    },
  },
};

export default config;
