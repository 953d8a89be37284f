// Where the engine's counter objects live, per host, per location and per upstream
// server. The engine asks once (when it compiles a runtime, or on first use) and keeps
// the object; the aggregator reads and clears them off the request path.
//
// Entities are keyed by name, not by runtime, so a reload keeps their counts (as it
// keeps upstream health). retain() after a reload marks the ones no longer configured;
// they are dropped once idle and flushed into a minute rollup.
import { TrafficCounters, UpstreamCounters } from './counters.ts';
import { BoundedLatency } from './bounded-latency.ts';
import { LE_MS } from './prometheus-bounds.ts';

export type Scope = 'host' | 'location' | 'upstream';

export interface Entity<T extends TrafficCounters = TrafficCounters> {
  readonly scope: Scope;
  /** Host name, location id or upstream address. */
  readonly key: string;
  /** For a location: the host it belongs to (a Prometheus label). */
  readonly host: string;
  /** The engine's handle: the current second. */
  readonly live: T;
  /** The current minute up to the last second. */
  readonly minute: T;
  /** Since the engine started, up to the last second (Prometheus: latencies kept at its `le` bounds only). */
  readonly total: T;
  retired: boolean;
}

export interface CollectorPlan {
  host(name: string): TrafficCounters;
  location(id: string, hostName: string): TrafficCounters;
  /** The planned runtime is live: its entities are the collector's, the others retire. */
  commit(current: { hosts: Iterable<string>; locations: Iterable<string>; upstreams: Iterable<string> }): void;
}

export class StatsCollector {
  readonly #hosts = new Map<string, Entity>();
  readonly #locations = new Map<string, Entity>();
  readonly #upstreams = new Map<string, Entity<UpstreamCounters>>();

  /** Counters for a host, by its name. Requests that match no host should use one fixed name (e.g. "_"). */
  host(name: string): TrafficCounters {
    return this.#get(this.#hosts, 'host', name, '', trafficCounters).live;
  }

  /** Counters for a location, by its id. */
  location(id: string, hostName: string): TrafficCounters {
    return this.#get(this.#locations, 'location', id, hostName, trafficCounters).live;
  }

  /** Counters for an upstream server, by address ("10.0.0.1:8080", "unix:/run/app.sock"). */
  upstream(address: string): UpstreamCounters {
    return this.#get(this.#upstreams, 'upstream', address, '', upstreamCounters).live;
  }

  /**
   * What a compile sees: the counters of hosts and locations already known, and new ones
   * the collector learns only at `commit` (a compile that fails adds and retires nothing).
   */
  plan(): CollectorPlan {
    const planned = { host: new Map<string, Entity>(), location: new Map<string, Entity>() };
    const find = (scope: 'host' | 'location', map: Map<string, Entity>, key: string, host: string): TrafficCounters => {
      let entity = map.get(key) ?? planned[scope].get(key);
      if (!entity) {
        entity = newEntity(scope, key, host, trafficCounters);
        planned[scope].set(key, entity);
      }
      return entity.live;
    };
    return {
      host: (name) => find('host', this.#hosts, name, ''),
      location: (id, hostName) => find('location', this.#locations, id, hostName),
      commit: (current) => {
        for (const [key, entity] of planned.host) if (!this.#hosts.has(key)) this.#hosts.set(key, entity);
        for (const [key, entity] of planned.location) if (!this.#locations.has(key)) this.#locations.set(key, entity);
        this.retain(current);
      },
    };
  }

  /**
   * After a reload: what is still configured. Others are dropped once they have no
   * request in progress and their last minute has been rolled up.
   */
  retain(current: { hosts: Iterable<string>; locations: Iterable<string>; upstreams: Iterable<string> }): void {
    mark(this.#hosts, new Set(current.hosts));
    mark(this.#locations, new Set(current.locations));
    mark(this.#upstreams, new Set(current.upstreams));
  }

  hosts(): IterableIterator<Entity> {
    return this.#hosts.values();
  }

  locations(): IterableIterator<Entity> {
    return this.#locations.values();
  }

  upstreams(): IterableIterator<Entity<UpstreamCounters>> {
    return this.#upstreams.values();
  }

  /** Drop retired entities with nothing left to report (the aggregator calls it after a minute rollup). */
  sweep(): void {
    for (const map of [this.#hosts, this.#locations, this.#upstreams] as Map<string, Entity>[]) {
      for (const [key, entity] of map) {
        if (entity.retired && entity.live.active === 0 && entity.live.isIdle() && entity.minute.isIdle()) map.delete(key);
      }
    }
  }

  #get<T extends TrafficCounters>(map: Map<string, Entity<T>>, scope: Scope, key: string, host: string, create: (totals: boolean) => T): Entity<T> {
    let entity = map.get(key);
    if (entity === undefined) {
      entity = newEntity(scope, key, host, create);
      map.set(key, entity);
    } else if (entity.retired) {
      // Configured again: the same object, so handles held by older runtimes still count.
      entity.retired = false;
    }
    return entity;
  }
}

/** `create(totals)`: counters for a window, or (true) for the totals since start. */
function newEntity<T extends TrafficCounters>(scope: Scope, key: string, host: string, create: (totals: boolean) => T): Entity<T> {
  return { scope, key, host, live: create(false), minute: create(false), total: create(true), retired: false };
}

const boundedTotals = () => new BoundedLatency(LE_MS);
const trafficCounters = (totals: boolean) => new TrafficCounters(totals ? boundedTotals : undefined);
const upstreamCounters = (totals: boolean) => new UpstreamCounters(totals ? boundedTotals : undefined);

function mark(map: Map<string, Entity<TrafficCounters>>, keep: Set<string>): void {
  for (const [key, entity] of map) entity.retired = !keep.has(key);
}
