// At start, before any child runs: is this instance's name (PORTICO_NODE_NAME) already taken
// by another live instance on the database? Two instances under one name would report into
// one row of the node registry, so the second one refuses to start with a clear message.
// A row that is merely fresh is not proof of life: an instance killed a moment ago on this
// machine (its pid gone) is not a conflict, and a row from elsewhere counts only if its
// heartbeat moves while we watch (a killed instance's row stops moving and goes down in 10 s).
import os from 'node:os';
import type { Db } from '../../core/db/client.ts';
import { liveNameHolder, NODE_DOWN_AFTER_MS, NODE_HEARTBEAT_MS } from '../../core/db/node-registry.ts';

function pidGone(instanceId: string, hostname: string): boolean {
  const pid = Number(instanceId.split(':')[1]);
  if (hostname !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Null when the name is free (now, or once its last holder is seen to be dead); otherwise why not. */
export async function nodeNameConflict(db: Db, name: string, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<string | null> {
  const deadline = Date.now() + NODE_DOWN_AFTER_MS + NODE_HEARTBEAT_MS;
  let first = await liveNameHolder(db, name, null);
  while (first && Date.now() < deadline) {
    if (pidGone(first.instanceId, first.hostname)) return null;
    await sleep(NODE_HEARTBEAT_MS + 500);
    const again = await liveNameHolder(db, name, null);
    if (!again) return null;
    if (again.lastSeenAt.getTime() > first.lastSeenAt.getTime()) {
      return `another live instance is named ${name} (${again.role} on ${again.hostname}, last seen ${again.lastSeenAt.toISOString()}): give each instance its own PORTICO_NODE_NAME`;
    }
    first = again;
  }
  return null;
}
