// Moved to core/db/supervisor-lock.ts (the `portico` command claims the data directory too).
export * from '../../core/db/supervisor-lock.ts';
