// The live statistics of every node (PORTICO_REDIS_URL): each engine publishes its
// one-second snapshot on a Redis channel (proxy-engine/redis/stats-bus.ts); this dashboard
// process subscribes once, and just after every second boundary adds up the seconds each
// node sent since the last tick into one snapshot: the stream of all nodes ("") and one
// stream per node. A node silent for more than NODE_SILENT_MS drops out. Each second a
// node sent is counted once, so the merged requests over any stretch are the sum of the
// nodes' own. Ids are epoch seconds, as the engine's are, so Last-Event-ID resumes from the
// kept seconds (RING_SECONDS, at most RING_MAX_CHARS of JSON per view) as it does there.
import { RedisClient } from '@/core/redis/client.ts';
import type { RedisAddress } from '@/core/redis/url.ts';
import { decodeNodeSecond, statsChannel } from '@/core/redis/stats-channel.ts';
import type { StatsSnapshot } from '@/core/contract/stats.ts';
import { mergeSeconds } from './merge-seconds.ts';

export const NODE_SILENT_MS = 3000;
/** The merge runs this long after a second ends: the engines close theirs a few ms after it. */
export const TICK_DELAY_MS = 400;
const RING_SECONDS = 900;
const RING_MAX_CHARS = 16 * 1024 * 1024;
/** A node sending faster than one second a tick (a burst after a stall) keeps its newest few. */
const PENDING_PER_NODE = 5;

interface Entry {
  seq: number;
  json: string;
}

/** The kept seconds of one view (all nodes, or one). */
class ViewRing {
  readonly entries: Entry[] = [];
  #chars = 0;
  push(entry: Entry): void {
    this.entries.push(entry);
    this.#chars += entry.json.length;
    while (this.entries.length > RING_SECONDS || (this.#chars > RING_MAX_CHARS && this.entries.length > 1)) this.#chars -= this.entries.shift()!.json.length;
  }
  /** What a client resuming after `lastEventId` gets (the newest only, without one). */
  after(lastEventId: string | null): Entry[] {
    if (lastEventId === null || !/^\d{1,15}$/.test(lastEventId.trim())) return this.entries.slice(-1);
    const last = Number(lastEventId.trim());
    return this.entries.filter((e) => e.seq > last);
  }
}

interface NodeState {
  pending: StatsSnapshot[];
  lastHeardAt: number;
}

type Listener = (view: string, entry: Entry) => void;

export interface ClusterStreamOptions {
  address: RedisAddress;
  prefix?: string;
  now?: () => number;
}

export class ClusterStatsStream {
  readonly #now: () => number;
  readonly #subscriber: RedisClient;
  readonly #nodes = new Map<string, NodeState>();
  readonly #rings = new Map<string, ViewRing>([['', new ViewRing()]]);
  readonly #listeners = new Set<Listener>();
  #lastSeq = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ClusterStreamOptions) {
    this.#now = options.now ?? Date.now;
    this.#subscriber = new RedisClient(options.address, {
      subscribe: [statsChannel(options.address.db, options.prefix)],
      onMessage: (_channel, message) => this.receive(message),
    });
    this.#schedule();
  }

  /** Whether the subscription is up (Redis reachable). */
  get connected(): boolean {
    return this.#subscriber.ready;
  }

  whenReady(timeoutMs: number): Promise<boolean> {
    return this.#subscriber.whenReady(timeoutMs);
  }

  /** The nodes heard from in the last NODE_SILENT_MS. */
  liveNodes(): string[] {
    const now = this.#now();
    return [...this.#nodes].filter(([, s]) => now - s.lastHeardAt <= NODE_SILENT_MS).map(([name]) => name).sort();
  }

  receive(message: string): void {
    const second = decodeNodeSecond(message);
    if (!second) return;
    let state = this.#nodes.get(second.node);
    if (!state) this.#nodes.set(second.node, (state = { pending: [], lastHeardAt: 0 }));
    state.lastHeardAt = this.#now();
    state.pending.push(second.snapshot);
    if (state.pending.length > PENDING_PER_NODE) state.pending.shift();
  }

  /** Adds up what arrived since the last tick; the seconds are labelled by this clock. */
  tick(now = this.#now()): void {
    const seq = Math.floor(now / 1000) - 1;
    if (seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    const t = seq * 1000;
    const perNode: StatsSnapshot[] = [];
    for (const [name, state] of this.#nodes) {
      const silent = now - state.lastHeardAt > NODE_SILENT_MS;
      const parts = state.pending;
      state.pending = [];
      // A node that has left keeps its view's history, and gets no more seconds.
      if (silent && parts.length === 0) continue;
      const own = mergeSeconds(parts, seq, t, true);
      if (parts.length > 0) perNode.push(own);
      this.#emit(name, own);
    }
    this.#emit('', mergeSeconds(perNode, seq, t));
  }

  /**
   * Follows one view ("" for every node): `send` gets the kept seconds after `lastEventId`,
   * then each new one. Returns the function that stops following.
   */
  follow(view: string, lastEventId: string | null, send: (entry: Entry) => void): () => void {
    for (const entry of this.#rings.get(view)?.after(lastEventId) ?? []) send(entry);
    const listener: Listener = (v, entry) => {
      if (v === view) send(entry);
    };
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#subscriber.close();
    this.#listeners.clear();
  }

  #emit(view: string, snapshot: StatsSnapshot): void {
    const entry = { seq: snapshot.seq, json: JSON.stringify(snapshot) };
    let ring = this.#rings.get(view);
    if (!ring) this.#rings.set(view, (ring = new ViewRing()));
    ring.push(entry);
    for (const listener of this.#listeners) listener(view, entry);
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      try {
        this.tick();
      } finally {
        if (this.#timer) this.#schedule();
      }
    }, (TICK_DELAY_MS - (this.#now() % 1000) + 1000) % 1000 || 1000);
    this.#timer.unref();
  }
}
