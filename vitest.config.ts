import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The dashboard's import alias (tsconfig paths), for tests that load its modules.
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['core/**/*.test.ts', 'controller/**/*.test.ts', 'proxy-engine/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'data/**'],
    testTimeout: 30000,
    hookTimeout: 120000,
    // Process-level tests start servers on ephemeral ports; two cores keep this modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
