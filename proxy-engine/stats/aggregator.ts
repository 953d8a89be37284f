// Once a second, off the request path: read and clear the collector's counters into a
// one-second snapshot (kept in the ring, sent to SSE subscribers), add them into the
// current minute (rolled up when the minute ends) and into the totals since start
// (Prometheus).
import type { StatsCollector } from './collector.ts';
import type { EventQueue } from './events.ts';
import { TrafficCounters } from './counters.ts';
import { rollupOf, type MinuteRollup } from './rollup.ts';
import { SnapshotRing, type RingEntry } from './ring.ts';
import { hostSecond, upstreamSecond } from './snapshot.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import type { StreamStatus } from '../../core/contract/streams.ts';
import { StreamSeconds } from './stream-seconds.ts';

export interface AggregatorOptions {
  collector: StatsCollector;
  ring?: SnapshotRing;
  /** Events to carry in the next snapshot (health changes, certificate renewals). */
  events?: EventQueue;
  /** The TCP/UDP streams' running totals (the stream manager's status), read once a second. */
  streams?: () => readonly StreamStatus[];
  /** Receives each finished minute's rollups (one per active host, location, upstream, and the total). */
  onMinute?: (rollups: MinuteRollup[]) => void;
  /** Wall clock, epoch ms (tests inject one). */
  now?: () => number;
}

/** Longest piece of a tick between two turns of the event loop (ms). */
const SLICE_MS = 5;
/** Entities closed between two looks at the clock. */
const STEP_ENTITIES = 64;

export type SnapshotListener = (entry: RingEntry) => void;

export class StatsAggregator {
  readonly ring: SnapshotRing;
  readonly #collector: StatsCollector;
  readonly #events: EventQueue | undefined;
  readonly #onMinute: ((rollups: MinuteRollup[]) => void) | undefined;
  readonly #now: () => number;
  readonly #streams: (() => readonly StreamStatus[]) | undefined;
  readonly #streamSeconds = new StreamSeconds();
  readonly #listeners = new Set<SnapshotListener>();
  /** All hosts of the current second, and of the current minute. */
  readonly #second = new TrafficCounters();
  readonly #minuteTotal = new TrafficCounters();
  #minuteStart: number | null = null;
  /** Minute windows already rolled up whose clearing a stop() interrupted. */
  #pendingClears: TrafficCounters[] = [];
  #seq: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AggregatorOptions) {
    this.#collector = options.collector;
    this.#events = options.events;
    this.ring = options.ring ?? new SnapshotRing();
    this.#onMinute = options.onMinute;
    this.#now = options.now ?? Date.now;
    this.#streams = options.streams;
    // Ids start at the epoch second, so they keep increasing across engine restarts and
    // a client's Last-Event-ID from an earlier process is simply older than the ring.
    this.#seq = Math.floor(this.#now() / 1000) - 1;
  }

  /**
   * Tick just after every second boundary until stop(); the timer never holds the process
   * open. Each tick runs in slices of at most SLICE_MS with the event loop free in between
   * (ten thousand active hosts take ≈ 140 ms of work: in one piece that stalls every
   * request once a second).
   */
  start(): void {
    if (this.#timer) return;
    const schedule = (): void => {
      this.#timer = setTimeout(() => {
        const steps = this.#closeSecond(this.#now());
        const slice = (): void => {
          if (!this.#timer) return; // stopped between two slices: the rest is abandoned
          const until = performance.now() + SLICE_MS;
          do {
            if (steps.next().done === true) return schedule();
          } while (this.#timer && performance.now() < until);
          setImmediate(slice);
        };
        slice();
      }, 1005 - (this.#now() % 1000));
      this.#timer.unref();
    };
    schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Called with every new ring entry. Returns the unsubscribe function. */
  subscribe(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Close the second that ended before `now`, in one piece. */
  tick(now = this.#now()): RingEntry {
    const steps = this.#closeSecond(now);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /**
   * The work of one tick, pausing (yield) every STEP_ENTITIES entities. Each entity is read
   * and cleared in one step, so a request that ends while the tick is paused counts in
   * this second or the next, never in both nor in none. The snapshot's JSON is written one
   * host at a time (the same text JSON.stringify gives the whole object) rather than built
   * as one object and serialised at the end, which alone took a third of the tick.
   */
  *#closeSecond(now: number): Generator<void, RingEntry> {
    const t = Math.floor(now / 1000) * 1000 - 1000;
    const minute = t - (t % 60_000);
    this.#finishClears();
    if (this.#minuteStart !== null && minute !== this.#minuteStart) yield* this.#flushSteps();
    this.#minuteStart ??= minute;

    const hosts: string[] = [];
    const upstreams: StatsSnapshot['upstreams'] = {};
    const second = this.#second;
    second.clearWindow();
    let active = 0;
    let n = 0;
    for (const entity of this.#collector.hosts()) {
      if (++n % STEP_ENTITIES === 0) yield;
      const live = entity.live;
      active += live.active;
      if (live.hasNoCounts()) {
        // Only requests in progress: the second shows the gauge.
        if (live.active !== 0) hosts.push(hostMember(entity.key, live));
        this.#closeQuiet(entity.live, entity.minute, entity.total);
        continue;
      }
      if (!live.isIdle()) hosts.push(hostMember(entity.key, live));
      second.absorb(live);
      this.#close(entity.live, entity.minute, entity.total);
    }
    // absorb() takes a gauge as it is; all hosts together are the sum.
    second.active = active;
    this.#minuteTotal.absorb(second);
    for (const entity of this.#collector.locations()) {
      if (++n % STEP_ENTITIES === 0) yield;
      if (entity.live.hasNoCounts()) this.#closeQuiet(entity.live, entity.minute, entity.total);
      else this.#close(entity.live, entity.minute, entity.total);
    }
    for (const entity of this.#collector.upstreams()) {
      if (!entity.live.isIdle()) upstreams[entity.key] = upstreamSecond(entity.live);
      this.#close(entity.live, entity.minute, entity.total);
    }
    const seq = ++this.#seq;
    // The rest of the snapshot after `hosts`, in StatsSnapshot's order.
    const tail: Pick<StatsSnapshot, 'upstreams' | 'streams' | 'events' | 'eventsDropped'> = { upstreams };
    if (this.#streams) {
      let streams: StatsSnapshot['streams'] = {};
      try {
        streams = this.#streamSeconds.take(this.#streams());
      } catch {
        // The streams' part is lost for this second; the HTTP figures and the ticks go on.
      }
      if (Object.keys(streams).length > 0) tail.streams = streams;
    }
    const happened = this.#events?.take();
    if (happened && happened.events.length > 0) tail.events = happened.events;
    if (happened && happened.dropped > 0) tail.eventsDropped = happened.dropped;

    const head = JSON.stringify({ seq, t, total: hostSecond(second) });
    const json = `${head.slice(0, -1)},"hosts":{${hosts.join(',')}},${JSON.stringify(tail).slice(1)}`;
    const entry: RingEntry = { seq, t, json };
    this.ring.push(entry);
    for (const listener of this.#listeners) {
      try {
        listener(entry);
      } catch {
        // A failing subscriber must not stop the statistics for everyone else.
      }
    }
    return entry;
  }

  /** Roll up the minute so far (also for a graceful stop) and start a new one, in one piece. */
  flushMinute(): MinuteRollup[] {
    const steps = this.#flushSteps();
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /**
   * The minute's rollups (≈ 100 ms with ten thousand hosts), pausing like the tick. Reading
   * changes nothing, so a flush abandoned by stop() is simply done again; the windows are
   * cleared only after the rollups have been handed over, and clears left undone by a
   * stop() are finished before anything else reads or adds to a minute.
   */
  *#flushSteps(): Generator<void, MinuteRollup[]> {
    this.#finishClears();
    const start = this.#minuteStart;
    if (start === null) return [];
    const minute = new Date(start);
    const rollups: MinuteRollup[] = [];
    const read: TrafficCounters[] = [];
    if (!this.#minuteTotal.isIdle()) rollups.push(rollupOf(minute, 'total', '', this.#minuteTotal));
    const scopes = [
      ['host', this.#collector.hosts()],
      ['location', this.#collector.locations()],
      ['upstream', this.#collector.upstreams()],
    ] as const;
    let n = 0;
    for (const [scope, entities] of scopes) {
      for (const entity of entities) {
        if (++n % STEP_ENTITIES === 0) yield;
        if (!entity.minute.isIdle()) rollups.push(rollupOf(minute, scope, entity.key, entity.minute));
        if (!entity.minute.hasNoCounts()) read.push(entity.minute);
      }
    }
    read.push(this.#minuteTotal);
    this.#pendingClears = read;
    this.#minuteStart = null;
    if (rollups.length > 0) this.#onMinute?.(rollups);
    for (let i = read.length - 1; i >= 0; i--) {
      if (i % STEP_ENTITIES === 0) yield;
      read.pop()!.clearWindow();
    }
    this.#pendingClears = [];
    this.#collector.sweep();
    return rollups;
  }

  #finishClears(): void {
    for (const counters of this.#pendingClears) counters.clearWindow();
    this.#pendingClears = [];
  }

  /** #close for a second that counted nothing: only the gauge moves on (absorb would add zeros). */
  #closeQuiet(live: TrafficCounters, minute: TrafficCounters, total: TrafficCounters): void {
    minute.active = live.active;
    total.active = live.active;
  }

  #close(live: TrafficCounters, minute: TrafficCounters, total: TrafficCounters): void {
    minute.absorb(live);
    total.absorb(live);
    live.clearWindow();
  }
}

/** `"host":{…}`: one member of the snapshot's `hosts` object. */
function hostMember(key: string, live: TrafficCounters): string {
  return `${JSON.stringify(key)}:${JSON.stringify(hostSecond(live))}`;
}
