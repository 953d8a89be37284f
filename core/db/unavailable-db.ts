// A database handle that refuses every query without ever opening a file. The engine uses
// it when the supervisor found the database damaged, emptied or replaced: even opening
// such a file can change it (SQLite writes a header into an empty file and creates a
// missing one), and the engine's design already serves its last good configuration
// through any database error. Every caller handles a failed query; none may crash.
import type { Db } from './client.ts';

/**
 * A rejection created only when awaited, as Prisma's own lazy promises are: query builders
 * passed to $transaction([...]) and never awaited must not become unhandled rejections.
 */
function lazyRejection(error: Error): PromiseLike<never> & { catch: Promise<never>['catch']; finally: Promise<never>['finally'] } {
  const settle = () => Promise.reject(error);
  return {
    then: (onFulfilled, onRejected) => settle().then(onFulfilled, onRejected),
    catch: (onRejected) => settle().catch(onRejected),
    finally: (onFinally) => settle().finally(onFinally),
  };
}

export function unavailableDb(reason: string): Db {
  const error = () => new Error(`the database is not opened: ${reason}`);
  const refuse = () => lazyRejection(error());
  // Any model (db.host, db.auditEvent, ...) answers every method with a refusal.
  const model = new Proxy({}, { get: (_target, prop) => (typeof prop === 'string' ? refuse : undefined) });
  return new Proxy({} as Db, {
    get(_target, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (prop === '$disconnect') return async () => {};
      return prop.startsWith('$') ? refuse : model;
    },
  });
}
