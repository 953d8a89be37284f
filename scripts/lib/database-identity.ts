// Moved to core/db/database-identity.ts (the `portico` command restores backups too); this path stays
// for test/scripts/database-check.test.ts, Portico's own code imports core directly.
export * from '../../core/db/database-identity.ts';
