// A real PostgreSQL 15 for a test file (one server per file, a fresh database per test):
// the scratch server that `npm run db:migrate` also uses.
export { startPostgres, databaseUrl, type PostgresServer } from '../../scripts/lib/postgres-server.ts';
