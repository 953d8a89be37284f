// The test files CI runs a second time with PORTICO_TEST_DATABASE=postgresql (scripts/test.ts):
// each data directory the helpers create then gets its own PostgreSQL database. Chosen to
// cover what differs between the databases — the API's writes, reads and errors end to end
// (test/api/**: unique violations are reported differently, say), the engine reading its
// configuration, config export/import, two-factor and sessions, the raw SQL of the
// statistics — within about three minutes of CI time (about 2 minutes measured on 2
// cores). test/postgres/** runs on PostgreSQL in the first pass already.
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
  'test/stats/history.test.ts',
  'test/stats/limited-counts.test.ts',
];
