// On PostgreSQL, engines hear of a new revision at once instead of at their next poll:
// the writer NOTIFYs inside the transaction that bumps the revision (PostgreSQL delivers it
// when, and only if, that transaction commits), and each engine LISTENs on a connection of
// its own. The 1 s poll stays as the fallback: a notification lost while the listener was
// reconnecting costs at most that second.
import pg from 'pg';
import { redactDatabaseUrl } from './database-url.ts';

export const REVISION_CHANNEL = 'portico_revision';

interface RawQueryable {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** The dialect of a client or of a transaction client (which shares its client's provider). */
export function providerOf(db: object): string {
  return (db as { _activeProvider?: string })._activeProvider ?? 'sqlite';
}

/** Inside the revision-bumping transaction: tells every listening engine (on commit). */
export async function notifyRevision(tx: object, revision: number): Promise<void> {
  if (providerOf(tx) !== 'postgresql') return;
  await (tx as RawQueryable).$executeRawUnsafe(`SELECT pg_notify('${REVISION_CHANNEL}', $1)`, String(revision));
}

export interface RevisionListener {
  /** Resolves once listening (or once the first attempt failed: the poll covers meanwhile). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs for new revisions and calls `onRevision` for each; reconnects (every second)
 * after the server goes away, and calls `onRevision` after reconnecting, since anything
 * notified meanwhile was missed.
 */
export function listenForRevisions(databaseUrl: string, onRevision: (revision: number | null) => void, warn: (message: string) => void = (m) => process.emitWarning(m)): RevisionListener {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let connectedBefore = false;
  let lastWarning = '';

  const scheduleRetry = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1000);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, keepAlive: true });
    c.on('error', (error) => {
      const message = `revision notifications from ${redactDatabaseUrl(databaseUrl)} stopped: ${error.message}; polling until they are back`;
      if (message !== lastWarning) warn(message);
      lastWarning = message;
      c.end().catch(() => {});
      if (client === c) client = null;
      scheduleRetry();
    });
    c.on('notification', (message) => {
      if (message.channel !== REVISION_CHANNEL) return;
      const revision = Number(message.payload);
      onRevision(Number.isFinite(revision) ? revision : null);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${REVISION_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      lastWarning = '';
      if (connectedBefore) onRevision(null);
      connectedBefore = true;
    } catch (error) {
      c.end().catch(() => {});
      const message = `revision notifications from ${redactDatabaseUrl(databaseUrl)} unavailable: ${(error as Error).message}; polling until they are back`;
      if (message !== lastWarning) warn(message);
      lastWarning = message;
      scheduleRetry();
    }
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await ready;
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
