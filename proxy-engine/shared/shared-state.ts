// The engine's shared state across worker threads: created once in the main thread,
// attached in every worker (and in the main thread). Handles are structured-cloneable
// (a SharedArrayBuffer and numbers), so they travel in workerData or a postMessage.
import type { LimitZoneConfig } from '../../core/config/zones.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import type { BucketState } from '../middlewares/rate-limit/leaky-bucket.ts';
import { RateZones, type Clock } from '../middlewares/rate-limit/zones.ts';
import { SharedConnStore } from './conn-store.ts';
import { cacheIndexes, releaseCacheFills, type CacheIndexes } from './cache-indexes.ts';
import type { ConnStore } from '../middlewares/conn-limit/store.ts';
import type { LimiterStore, ZoneStoreLifecycle } from '../middlewares/rate-limit/store.ts';
import { SharedHashTable } from './hash-table.ts';
import { SharedPool, type Segment } from './pool.ts';
import { SharedLimiterStore } from './rate-store.ts';
import { SharedServerCells, serverCellsBytes } from './server-cells.ts';

/** 256 MiB: about a dozen zones of the default 160,000 keys, reserved but touched only as used. */
export const DEFAULT_SHARED_MEMORY_BYTES = 256 * 1024 * 1024;
/** Upstream servers (and pools) with shared state; more keep thread-local state. */
export const DEFAULT_SHARED_SERVERS = 16384;

export interface SharedStateHandles {
  readonly pool: SharedArrayBuffer;
  readonly serversOffset: number;
  readonly maxServers: number;
}

export interface SharedStateOptions {
  /** Bytes for limit zones (PORTICO_SHARED_MEMORY); fixed for the life of the engine. */
  bytes?: number;
  maxServers?: number;
}

export interface SharedDeps {
  registry: ServerStateRegistry;
  rateZones: RateZones;
  connZones: ConnZones;
  /** Cache zone indexes, one per zone for every thread (cache-indexes.ts). */
  cacheIndexes: CacheIndexes;
}

export interface AttachOptions {
  /** limit_req's clock (ms); tests inject one. Every thread must use the same. */
  clock?: Clock;
  /** Wraps each shared-memory zone store (PORTICO_REDIS_URL: zones shared across instances, this one the fallback). */
  wrapRateStore?: (config: LimitZoneConfig, local: SharedLimiterStore) => LimiterStore<BucketState> & ZoneStoreLifecycle;
  wrapConnStore?: (config: LimitZoneConfig, local: SharedConnStore) => ConnStore & ZoneStoreLifecycle;
}

/** In the engine's main thread, once, before any worker starts. */
export function createSharedState(options: SharedStateOptions = {}): SharedStateHandles {
  const maxServers = options.maxServers ?? DEFAULT_SHARED_SERVERS;
  const serversBytes = serverCellsBytes(maxServers);
  const buffer = SharedPool.allocate((options.bytes ?? DEFAULT_SHARED_MEMORY_BYTES) + serversBytes);
  const pool = new SharedPool(buffer);
  // Held for the life of the engine: no thread's exit may give it back.
  const segment = pool.acquire('upstream-servers', serversBytes, (s) => void new SharedServerCells(buffer, s.byteOffset, maxServers, true));
  return { pool: buffer, serversOffset: segment.byteOffset, maxServers };
}

/** In each worker (and the main thread): the zones and registry to build the engine on. */
export function attachSharedState(handles: SharedStateHandles, options: AttachOptions = {}): SharedDeps {
  const pool = new SharedPool(handles.pool);
  const buffer = handles.pool;
  const cells = new SharedServerCells(buffer, handles.serversOffset, handles.maxServers, false);

  const carveTable = (identity: string, maxEntries: number): { table: SharedHashTable; close: () => void } => {
    let table: SharedHashTable | undefined;
    const segment: Segment = pool.acquire(identity, SharedHashTable.bytesFor(maxEntries), (s) => {
      table = new SharedHashTable(buffer, s.byteOffset, maxEntries, true);
    });
    table ??= new SharedHashTable(buffer, segment.byteOffset, maxEntries, false);
    return { table, close: () => pool.release(segment) };
  };

  const rateZones = new RateZones({
    ...(options.clock ? { clock: options.clock } : {}),
    createStore: (config: LimitZoneConfig, isExpired: (state: BucketState) => boolean, clock: Clock) => {
      const { table, close } = carveTable(zoneIdentity(config), config.maxEntries);
      const local = new SharedLimiterStore({ table, isExpired, clock, onClose: close });
      return options.wrapRateStore?.(config, local) ?? local;
    },
  });
  const connZones = new ConnZones({
    createStore: (config: LimitZoneConfig) => {
      const { table, close } = carveTable(zoneIdentity(config), config.maxEntries);
      const local = new SharedConnStore(table, close);
      return options.wrapConnStore?.(config, local) ?? local;
    },
  });
  return { registry: new ServerStateRegistry({ shared: cells }), rateZones, connZones, cacheIndexes: cacheIndexes(pool) };
}

/**
 * A worker thread is gone ('exit' on its Worker, whatever the cause): free the locks it
 * held and its holds on zones. `workerThreadId` is the Worker's threadId.
 */
export function releaseSharedThread(handles: SharedStateHandles, workerThreadId: number): void {
  new SharedPool(handles.pool).releaseThread(workerThreadId + 1);
  new SharedServerCells(handles.pool, handles.serversOffset, handles.maxServers, false).releaseThread(workerThreadId + 1);
  // Its cache fills too: a key it was filling must not stay locked (cache-indexes.ts).
  releaseCacheFills(handles.pool, workerThreadId + 1);
}

/** Shared memory in use and in all (bytes), for status pages. */
export function sharedMemoryUsage(handles: SharedStateHandles): { usedBytes: number; capacityBytes: number } {
  const pool = new SharedPool(handles.pool);
  return { usedBytes: pool.usedBytes(), capacityBytes: pool.capacityBytes };
}

// Two configurations share a zone's memory when kind, name, size and key are the same.
function zoneIdentity(config: LimitZoneConfig): string {
  return `${config.kind}|${config.name}|${config.maxEntries}|${JSON.stringify(config.key.parts)}`;
}

