// Moved to core/db/database-identity.ts (the `portico` command restores backups too).
export * from '../../core/db/database-identity.ts';
