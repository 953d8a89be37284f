// One cache zone (nginx's keys_zone + proxy_cache_path): the in-memory index over the
// disk store, fill locks, min_uses counts, the Vary names per base key, small bodies kept
// in memory for fast hits, and the zone's counters. Zones live outside the compiled
// runtime, so a reload keeps the cache; the disk store makes a restart keep it too.
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import { LruIndex, UseCounts, type Evictable } from './eviction.ts';
import { hashKey, variantKey, VaryNames } from './key.ts';
import { FillLocks } from './lock.ts';
import { MEMORY_BUDGET, MemoryBodies } from './memory.ts';
import type { PreparedHeaders } from './prepared-headers.ts';
import { DiskStore, type EntryMeta, type EntryWriter, type StoredEntry } from './store.ts';
import { StatusCounts, type ZoneSummary } from './summary.ts';
import { storedOldestFirst, ZoneUpkeep } from './zone-upkeep.ts';

export type { ZoneSummary } from './summary.ts';

export interface CacheEntry extends EntryMeta, Evictable {
  readonly hash: string;
  validUntil: number;
  storedAt: number;
  bodyOffset: number;
  bodyLength: number;
  /** The body when it is small enough to keep in memory. */
  body: Buffer | null;
  /** When a request started refreshing this (expired) entry; 0 = nobody is. */
  updatingSince: number;
  /** Set while the entry's file is being completed; resolves false if it never is. */
  ready: Promise<boolean> | null;
  /** With a shared index (shared-zone.ts): the index's version of the entry (-1: not published yet) and its file's inode. */
  version?: number;
  inode?: number;
  /** The client's headers prepared for this entry (prepared-headers.ts), set on its first HIT. */
  prepared?: PreparedHeaders;
}

/** What requests, the control API and the zone list use of a zone, kept in this thread (CacheZone) or shared by the engine's workers (SharedCacheZone). */
export interface CacheZoneApi {
  readonly name: string;
  config: CacheZoneConfig;
  readonly now: () => number;
  readonly locks: Pick<FillLocks, 'tryAcquire' | 'isHeld' | 'wait' | 'release'>;
  open(): this;
  ready(): Promise<void>;
  lookup(baseKey: string, headers: IncomingHttpHeaders): Lookup | Promise<Lookup>;
  countUse(hash: string): number;
  record(status: string): void;
  beginFill(hash: string, meta: EntryMeta, validUntil: number, storedAt: number): EntryWriter;
  commit(hash: string, meta: EntryMeta, writer: EntryWriter, validUntil: number, storedAt: number, body: Buffer | null): CacheEntry;
  refresh(entry: CacheEntry, validUntil: number, storedAt: number): void;
  /** Marks an expired entry as being refreshed; false when a refresh younger than `ageMs` runs already. */
  beginUpdate(entry: CacheEntry, now: number, ageMs: number): boolean;
  endUpdate(entry: CacheEntry): void;
  loadBody(entry: CacheEntry): Promise<Buffer | null>;
  openBody(entry: CacheEntry): Promise<import('node:fs').promises.FileHandle | null>;
  remove(hash: string): void;
  /** Removes this entry (not a newer one stored under its hash since). */
  removeEntry(entry: CacheEntry): void;
  purge(match: PurgeMatch): number | Promise<number>;
  summary(): ZoneSummary;
  configure(config: CacheZoneConfig): void;
  sweep(): void;
  close(): Promise<void>;
}

export interface Lookup {
  hash: string;
  key: string;
  entry: CacheEntry | undefined;
}

export interface PurgeMatch {
  url?: string;
  prefix?: string;
}

function toEntry(stored: StoredEntry, now: number): CacheEntry {
  return { ...stored.meta, hash: stored.hash, validUntil: stored.validUntil, storedAt: stored.storedAt, bodyOffset: stored.bodyOffset, bodyLength: stored.bodyLength, fileSize: stored.fileSize, lastAccess: now, body: null, updatingSince: 0, ready: null };
}

export class CacheZone implements CacheZoneApi {
  readonly name: string;
  config: CacheZoneConfig;
  /** Set by open(). */
  store!: DiskStore;
  readonly locks = new FillLocks();
  readonly #index = new LruIndex<CacheEntry>();
  readonly #bodies: MemoryBodies<CacheEntry>;
  readonly #vary = new VaryNames();
  readonly #uses = new UseCounts();
  readonly #statuses = new StatusCounts();
  /** The sweep timer, the loader and the files still being completed. */
  readonly #upkeep = new ZoneUpkeep();
  readonly #dataDir: string;
  /** Wall-clock milliseconds (tests inject a fake). */
  readonly now: () => number;

  constructor(config: CacheZoneConfig, dataDir: string, now: () => number = Date.now) {
    this.name = config.name;
    this.config = config;
    this.now = now;
    this.#bodies = new MemoryBodies(Math.min(MEMORY_BUDGET, config.maxSizeBytes));
    this.#dataDir = dataDir;
  }

  /**
   * Opens the disk store and starts rebuilding the index from it. Apart from the
   * constructor so that a compile can plan a zone without touching the disk; a zone
   * serves only once opened. Returns the zone.
   */
  open(): this {
    if (this.#upkeep.running) return this;
    this.store = new DiskStore(path.join(this.#dataDir, 'cache', this.name));
    this.#upkeep.start(this.config, () => this.sweep(), () => this.#load());
    return this;
  }

  /** Resolves once the index has been rebuilt from disk. */
  ready(): Promise<void> {
    return this.#upkeep.ready();
  }

  async #load(): Promise<void> {
    const stored = await storedOldestFirst(this.store);
    const now = this.now();
    for (const s of stored) if (!this.#index.peek(s.hash)) this.#insert(toEntry(s, now));
    this.#evict();
  }

  /** Finds the entry for a request; during the index rebuild a miss also looks on disk. */
  lookup(baseKey: string, headers: IncomingHttpHeaders): Lookup | Promise<Lookup> {
    const key = variantKey(baseKey, this.#vary.get(baseKey), headers);
    const hash = hashKey(key);
    const entry = this.#get(hash);
    if (entry || !this.#upkeep.loading) return { hash, key, entry };
    return this.store.read(hash).then((stored) => {
      if (stored && stored.meta.key === key && !this.#index.peek(hash)) this.#insert(toEntry(stored, this.now()));
      return { hash, key, entry: this.#get(hash) };
    });
  }

  #get(hash: string): CacheEntry | undefined {
    const entry = this.#index.peek(hash);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.lastAccess + this.config.inactiveMs <= now) {
      this.remove(hash);
      return undefined;
    }
    this.#index.touch(entry, now);
    this.#bodies.touch(entry);
    return entry;
  }

  /** proxy_cache_min_uses: counts a request for a key not yet stored; returns the count. */
  countUse(hash: string): number {
    return this.#uses.add(hash, this.config.maxEntries);
  }

  record(status: string): void {
    this.#statuses.record(status);
  }

  /** Starts writing an entry; the fill sink completes it with commit(). */
  beginFill(hash: string, meta: EntryMeta, validUntil: number, storedAt: number): EntryWriter {
    return this.store.writer(hash, meta, validUntil, storedAt);
  }

  /**
   * Makes a filled entry visible at once (small bodies are served from memory while the
   * file is still being completed; larger ones wait for `ready`). If the file cannot be
   * completed, the entry is withdrawn.
   */
  commit(hash: string, meta: EntryMeta, writer: EntryWriter, validUntil: number, storedAt: number, body: Buffer | null): CacheEntry {
    const entry: CacheEntry = { ...meta, hash, validUntil, storedAt, bodyOffset: writer.bodyOffset, bodyLength: writer.bodyLength, fileSize: writer.bodyOffset + writer.bodyLength, lastAccess: this.now(), body: null, updatingSince: 0, ready: null };
    entry.ready = this.store
      .prepare(hash)
      .then((finalPath) => writer.finish(finalPath))
      .catch(() => false)
      .then((ok) => {
        entry.ready = null;
        if (!ok && this.#index.peek(hash) === entry) this.#forget(entry);
        return ok;
      });
    this.#upkeep.track(entry.ready);
    this.#uses.clear(hash);
    // The rename replaces any older file of this hash: forget the old entry, keep the file.
    const old = this.#index.peek(hash);
    if (old) this.#forget(old);
    this.#insert(entry);
    if (body) this.#bodies.keep(entry, body);
    this.#evict();
    return entry;
  }

  /** A 304 to a revalidation extended the entry's life. */
  refresh(entry: CacheEntry, validUntil: number, storedAt: number): void {
    entry.validUntil = validUntil;
    entry.storedAt = storedAt;
    const write = () => this.store.setValidity(entry.hash, validUntil, storedAt).catch(() => undefined);
    void (entry.ready ? entry.ready.then(write) : write());
  }

  /** The body of a small entry, from memory or read once from disk; null when the file is gone. */
  async loadBody(entry: CacheEntry): Promise<Buffer | null> {
    if (entry.body) return entry.body;
    if (entry.ready && !(await entry.ready)) return null;
    const body = await this.store.readBody(entry.hash, entry.bodyOffset, entry.bodyLength);
    if (body && this.#index.peek(entry.hash) === entry) this.#bodies.keep(entry, body);
    return body;
  }

  remove(hash: string): void {
    const entry = this.#index.peek(hash);
    if (!entry) return;
    this.#dropFile(entry);
  }

  removeEntry(entry: CacheEntry): void {
    if (this.#index.peek(entry.hash) === entry) this.#dropFile(entry);
  }

  beginUpdate(entry: CacheEntry, now: number, ageMs: number): boolean {
    if (entry.updatingSince > 0 && now - entry.updatingSince < ageMs) return false;
    entry.updatingSince = now;
    return true;
  }

  endUpdate(entry: CacheEntry): void {
    entry.updatingSince = 0;
  }

  /** Opens the body file, once it is complete; null when it is gone. */
  async openBody(entry: CacheEntry): Promise<import('node:fs').promises.FileHandle | null> {
    if (entry.ready && !(await entry.ready)) return null;
    return this.store.openBody(entry.hash);
  }

  /** Removes entries filled for this URL (every variant) or under this URL prefix; returns how many. */
  purge(match: PurgeMatch): number {
    const victims: string[] = [];
    for (const entry of this.#index.values()) {
      if (match.url !== undefined ? entry.url === match.url : match.prefix !== undefined && entry.url.startsWith(match.prefix)) victims.push(entry.hash);
    }
    for (const hash of victims) this.remove(hash);
    return victims.length;
  }

  summary(): ZoneSummary {
    return { name: this.name, entries: this.#index.size, bytes: this.#index.bytes, maxSizeBytes: this.config.maxSizeBytes, memoryBytes: this.#bodies.bytes, ...this.#statuses.snapshot() };
  }

  /** A reload changed the zone's limits. */
  configure(config: CacheZoneConfig): void {
    this.config = config;
    this.#bodies.budget = Math.min(MEMORY_BUDGET, config.maxSizeBytes);
    this.#bodies.trim();
    this.#evict();
  }

  /** The cache manager's round: inactive entries, then size limits. */
  sweep(): void {
    for (const entry of this.#index.evictInactive(this.now(), this.config.inactiveMs)) this.#dropFile(entry);
    this.#evict();
  }

  /** Stops the manager's timer; resolves once entries being written are in place. */
  async close(): Promise<void> {
    await this.#upkeep.stop();
  }

  #insert(entry: CacheEntry): void {
    this.#index.add(entry);
    this.#vary.add(entry.baseKey, entry.vary);
  }

  /** Drops the entry from memory (not its file). */
  #forget(entry: CacheEntry): void {
    if (this.#index.peek(entry.hash) === entry) this.#index.delete(entry.hash);
    this.#bodies.drop(entry);
    this.#vary.remove(entry.baseKey, entry.vary);
  }

  #dropFile(entry: CacheEntry): void {
    this.#forget(entry);
    // A file still being completed is removed once it is in place.
    if (entry.ready) void entry.ready.then(() => this.#index.peek(entry.hash) === undefined && this.store.remove(entry.hash));
    else this.store.remove(entry.hash);
  }

  #evict(): void {
    const victims = this.#index.evictOverLimits({ maxBytes: this.config.maxSizeBytes, maxEntries: this.config.maxEntries });
    for (const entry of victims) this.#dropFile(entry);
  }
}
