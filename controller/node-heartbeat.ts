// This instance in the node registry (core/db/node-registry.ts). The controller beats for the
// instance because it runs in every role (all, engine, dashboard) and lives beside the
// engine: it asks the engine what it serves (GET /status: its revision and the requests its
// workers finished) and turns the request count into a rate over the beat's interval. A
// dashboard-only instance has no engine: its revision is null.
import type { EngineClient } from '../core/contract/engine-client.ts';
import type { Db } from '../core/db/client.ts';
import { plural } from '../core/views/plural.ts';
import { heartbeat, markStopped, NODE_HEARTBEAT_MS, NODE_PRUNE_AFTER_MS, pruneNodes, type NodeBeat } from '../core/db/node-registry.ts';

export interface NodeHeartbeatOptions {
  db: Db;
  /** Null: no engine in this role. */
  engine: EngineClient | null;
  identity: Omit<NodeBeat, 'appliedRevision' | 'requestsPerSecond'>;
  /** True while this controller holds the lease: only the holder prunes old nodes. */
  active: () => boolean;
  log: { info(line: string): void; error(line: string): void };
  intervalMs?: number;
}

export interface NodeHeartbeat {
  /** One beat now (the first one runs at start). */
  beat(): Promise<void>;
  /** Stops beating and marks the node down at once. */
  stop(): Promise<void>;
}

/** Requests per second between two readings of a counter that restarts from 0 with the engine. */
export function requestRate(previous: { requests: number; at: number } | null, requests: number, at: number): number {
  if (!previous || at <= previous.at) return 0;
  const done = requests >= previous.requests ? requests - previous.requests : requests;
  return Math.round((done * 1000 * 10) / (at - previous.at)) / 10;
}

export function startNodeHeartbeat(options: NodeHeartbeatOptions): NodeHeartbeat {
  const { db, engine, identity, log } = options;
  let previous: { requests: number; at: number } | null = null;
  let refusedBy: string | null = null;
  let lastPrune = 0;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function engineFigures(): Promise<{ appliedRevision: number | null; requestsPerSecond: number }> {
    const status = engine ? await engine.status() : null;
    if (!status) {
      previous = null;
      return { appliedRevision: null, requestsPerSecond: 0 };
    }
    const at = Date.now();
    const requests = (status.workers ?? []).reduce((sum, w) => sum + (w.requests ?? 0), 0);
    const requestsPerSecond = requestRate(previous, requests, at);
    previous = { requests, at };
    return { appliedRevision: status.appliedRevision, requestsPerSecond };
  }

  async function beatOnce(): Promise<void> {
    const result = await heartbeat(db, { ...identity, ...(await engineFigures()) });
    if (!result.ok) {
      const holder = `${result.holder.instanceId} (seen ${result.holder.lastSeenAt.toISOString()})`;
      if (refusedBy !== holder) log.error(`another live instance is named ${identity.name}: ${holder}; this one is not registered until it stops — give each instance its own PORTICO_NODE_NAME`);
      refusedBy = holder;
      return;
    }
    if (refusedBy) log.info(`registered as node ${identity.name}`);
    refusedBy = null;
    if (options.active() && Date.now() - lastPrune >= NODE_PRUNE_AFTER_MS / 24) {
      lastPrune = Date.now();
      const pruned = await pruneNodes(db);
      if (pruned > 0) log.info(`node registry: ${plural(pruned, 'node')} not seen for a day removed`);
    }
  }

  const beat = async () => {
    if (running || stopped) return running ?? undefined;
    running = beatOnce()
      .catch((error: unknown) => log.error(`node heartbeat failed: ${(error as Error).message}`))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void beat(), options.intervalMs ?? NODE_HEARTBEAT_MS);
  void beat();

  return {
    beat,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      if (refusedBy === null) await markStopped(db, identity.name, identity.instanceId).catch((error: unknown) => log.error(`marking the node stopped failed: ${(error as Error).message}`));
    },
  };
}
