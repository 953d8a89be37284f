// Prisma CLI configuration. Only `prisma generate` runs through the CLI here: migrations
// go through scripts/db-*.ts (the wasm schema engine over better-sqlite3) because the CLI
// would try to download a native schema engine, which this network does not allow.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Any existing file satisfies the CLI's engine check; generate never executes it.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: `file:${path.resolve(process.env.PORTICO_DATA_DIR ?? 'data', 'portico.db')}` },
});
