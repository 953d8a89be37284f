// The test files CI runs a second time with PORTICO_TEST_DATABASE=postgresql (scripts/test.ts):
// each data directory the helpers create then gets its own PostgreSQL database. Chosen to
// cover what differs between the databases — the API's writes, reads and errors end to end
// (test/api/**: unique violations are reported differently, say), the engine reading its
// configuration, config export/import, two-factor and sessions, the raw SQL of the
// statistics, the controller's jobs — within about three minutes of CI time (about 2 minutes measured on 2
// cores). test/postgres/** runs on PostgreSQL in the first pass already; test/cli is left
// out on purpose (it checks the SQLite file in the data directory and its restore).
export const POSTGRES_PASS_FILES = [
  'test/api/hosts-pools.test.ts',
  'test/api/config-tools.test.ts',
  'test/api/write-rules.test.ts',
  'test/api/access-lists.test.ts',
  'test/api/ops.test.ts',
  'test/api/two-factor.test.ts',
  'test/api/streams.test.ts',
  'test/api/maps.test.ts',
  'test/engine/access-lists.test.ts',
  // The controller's work on PostgreSQL: scheduled backups (a SQLite file of every row), retention, the lease.
  'test/controller/scheduled-backups.test.ts',
  'test/controller/stats-retention.test.ts',
  'test/controller/controller-lease.test.ts',
  'test/stats/history.test.ts',
  'test/stats/limited-counts.test.ts',
];
