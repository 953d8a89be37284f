// Free loopback ports for processes that need a port number before they start, and polling
// until something is ready: one definition, shared with the scripts that start a scratch
// PostgreSQL (scripts/lib/postgres-server.ts).
export { freePort, waitFor } from '../../scripts/lib/wait.ts';
