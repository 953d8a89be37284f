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
};

export default config;
