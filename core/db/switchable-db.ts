// A database handle whose database can be put in service later. The engine of an instance
// started while its database could not be used (PostgreSQL unreachable) begins on
// unavailableDb and keeps serving its last good configuration; when the supervisor finds
// the database answering, the real client takes over behind the same handle, so every
// part that captured the handle at start (applier, challenges, rollups, health audit)
// uses it without the engine restarting or closing a listener.
import type { Db } from './client.ts';

export interface SwitchableDb {
  db: Db;
  /** Puts `next` behind the handle; returns the database it replaces. */
  switchTo(next: Db): Db;
}

export function switchableDb(initial: Db): SwitchableDb {
  let current = initial;
  const db = new Proxy({} as Db, {
    get(_target, prop) {
      const value: unknown = Reflect.get(current as object, prop);
      // Methods ($transaction, $queryRaw, …) run on the client itself, not on the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  return {
    db,
    switchTo(next) {
      const previous = current;
      current = next;
      return previous;
    },
  };
}
