// The test files CI runs a second time with PORTICO_TEST_DATABASE=postgresql (scripts/test.ts):
// each data directory the helpers create then gets its own PostgreSQL database. Chosen to
// cover what differs between the databases — the API's writes and reads end to end, the
// engine reading its configuration, config export/import, the raw SQL of the statistics —
// within about three minutes. test/postgres/** runs on PostgreSQL in the first pass already.
export const POSTGRES_PASS_FILES = [
  'test/api/hosts-pools.test.ts',
  'test/api/config-tools.test.ts',
  'test/engine/access-lists.test.ts',
  'test/stats/history.test.ts',
  'test/stats/limited-counts.test.ts',
];
