// Moved to core/db/database-recovery.ts (the `portico` command restores backups too).
export * from '../../core/db/database-recovery.ts';
