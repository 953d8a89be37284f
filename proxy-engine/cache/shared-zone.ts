// A cache zone shared by the engine's workers, as nginx's workers share a keys_zone and
// its directory: one index in shared memory (proxy-engine/shared/cache-index.ts) and one
// directory on disk, <dataDir>/cache/<zone>/, the same as a single-threaded engine's, so
// an engine going from 1 to N workers keeps its cache.
//
// The index holds what every worker must agree on: which entries exist (by the MD5 of
// their key), their validity, size, version and inode, the last use, the fill lock,
// min_uses counts, the "updating" mark and the Vary names of a base key. An entry's meta
// (key, URL, status, headers) is in its file: a worker reads it the first time it serves
// an entry and keeps it (and a small body) while the index still has that version.
// Files are written to tmp/ and renamed into place before the index shows them, so a
// reader never meets half a file; a body is read only from the inode the index gave, so
// an entry replaced by another worker's fill is never read half old, half new.
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import type { AttachedCacheIndex } from '../shared/cache-indexes.ts';
import { urlHash, type IndexLookup, type SharedCacheIndex, type SharedEntryView } from '../shared/cache-index.ts';
import { hashKey, variantKey } from './key.ts';
import { MEMORY_BUDGET, MemoryBodies } from './memory.ts';
import { SharedFillLocks } from './shared-locks.ts';
import { DiskStore, type EntryMeta, type EntryWriter, type StoredEntry } from './store.ts';
import { statusSnapshot, type ZoneSummary } from './summary.ts';
import type { CacheEntry, CacheZoneApi, Lookup, PurgeMatch } from './zone.ts';
import { storedOldestFirst, ZoneUpkeep } from './zone-upkeep.ts';

/** How long a lookup waits for another worker's committed entry to be renamed into place. */
const FILE_WAIT_MS = 2000;

export class SharedCacheZone implements CacheZoneApi {
  readonly name: string;
  config: CacheZoneConfig;
  readonly now: () => number;
  /** Set by open(). */
  store!: DiskStore;
  locks!: SharedFillLocks;
  readonly #attach: (config: CacheZoneConfig) => AttachedCacheIndex;
  readonly #dataDir: string;
  #index!: SharedCacheIndex;
  #detach: (() => void) | null = null;
  /** This thread's copies of entries (meta, small body), by hash; valid while the index has their version. */
  readonly #entries = new Map<string, CacheEntry>();
  /** This thread's fills whose file is not in place yet (visible to this thread's requests only). */
  readonly #pending = new Map<string, CacheEntry>();
  readonly #bodies: MemoryBodies<CacheEntry>;
  /** The sweep timer, the loader (when this thread is the one to load) and the files still being completed. */
  readonly #upkeep = new ZoneUpkeep();

  constructor(config: CacheZoneConfig, dataDir: string, attach: (config: CacheZoneConfig) => AttachedCacheIndex, now: () => number = Date.now) {
    this.name = config.name;
    this.config = config;
    this.now = now;
    this.#attach = attach;
    this.#dataDir = dataDir;
    this.#bodies = new MemoryBodies(Math.min(MEMORY_BUDGET, config.maxSizeBytes));
  }

  #reserved: AttachedCacheIndex | null = null;

  /**
   * Carves (or finds) the zone's index in shared memory when a configuration is planned,
   * so that a zone that does not fit is refused with the reason before anything changes.
   * Returns the reason, or null.
   */
  reserve(): string | null {
    if (this.#reserved || this.#upkeep.running) return null;
    try {
      this.#reserved = this.#attach(this.config);
      return null;
    } catch (error) {
      return `cache zone "${this.name}": ${(error as Error).message}`;
    }
  }

  /** The planned configuration was discarded: a reserved index not opened goes back. */
  unreserve(): void {
    if (this.#upkeep.running) return;
    this.#reserved?.close();
    this.#reserved = null;
  }

  open(): this {
    if (this.#upkeep.running) return this;
    const attached = this.#reserved ?? this.#attach(this.config);
    this.#reserved = null;
    this.#index = attached.index;
    this.#detach = attached.close;
    this.store = new DiskStore(path.join(this.#dataDir, 'cache', this.name), { cleanTmp: attached.fresh });
    this.locks = new SharedFillLocks(this.#index, this.now, (hash) => this.#pending.get(hash)?.ready ?? null);
    // nginx's cache loader: one thread indexes the files already on disk; the others serve
    // meanwhile, looking on disk for what the index does not have yet.
    const load = this.#index.claimLoad() ? () => this.#load().finally(() => this.#index.loadDone()) : null;
    this.#upkeep.start(this.config, () => this.sweep(), load);
    return this;
  }

  ready(): Promise<void> {
    return this.#upkeep.ready();
  }

  async #load(): Promise<void> {
    for (const s of await storedOldestFirst(this.store)) this.#publishStored(s, true);
    this.#removeVictims();
  }

  #publishStored(s: StoredEntry, onlyIfAbsent: boolean): number {
    const vary = s.meta.vary ? { baseHash: hashKey(s.meta.baseKey), names: s.meta.vary } : null;
    return this.#index.publish(s.hash, { fileSize: s.fileSize, validUntil: s.validUntil, storedAt: s.storedAt, inode: s.inode, urlHash: urlHash(s.meta.url) }, this.now(), this.#limits(), vary, onlyIfAbsent);
  }

  #limits(): { maxBytes: number; maxEntries: number } {
    return { maxBytes: this.config.maxSizeBytes, maxEntries: this.config.maxEntries };
  }

  lookup(baseKey: string, headers: IncomingHttpHeaders): Lookup | Promise<Lookup> {
    const now = this.now();
    let key = baseKey;
    let hash = hashKey(key);
    let found = this.#index.lookup(hash, now, this.config.inactiveMs);
    if (found.kind === 'vary') {
      key = variantKey(baseKey, found.names, headers);
      hash = hashKey(key);
      found = this.#index.lookup(hash, now, this.config.inactiveMs);
    }
    this.#removeVictims();
    const pending = this.#pending.get(hash);
    if (pending && pending.key === key) return { hash, key, entry: pending };
    // inode 0: another worker's fill, its file being renamed into place: wait for it.
    if (found.kind === 'entry' && found.inode === 0) return this.#awaitFile(baseKey, headers, hash, key);
    if (found.kind !== 'entry') {
      this.#dropLocal(hash);
      if (found.kind === 'none' && this.#index.loading) return this.#lookupOnDisk(hash, key, now);
      return { hash, key, entry: undefined };
    }
    const local = this.#entries.get(hash);
    if (local && local.version === found.version) {
      syncEntry(local, found);
      this.#bodies.touch(local);
      return { hash, key, entry: local };
    }
    return this.#readEntry(hash, key, found).then((entry) => ({ hash, key, entry }));
  }

  /**
   * Another worker committed this entry and is renaming its file into place (a few
   * milliseconds): looked at again once it is there, a miss if it never comes.
   */
  async #awaitFile(baseKey: string, headers: IncomingHttpHeaders, hash: string, key: string): Promise<Lookup> {
    const deadline = Date.now() + FILE_WAIT_MS;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const file = this.#index.fileOf(hash);
      if (!file) return { hash, key, entry: undefined };
      if (file.inode !== 0) return this.lookup(baseKey, headers);
      if (Date.now() >= deadline) return { hash, key, entry: undefined };
    }
  }

  /** While the loader runs: an entry on disk it has not indexed yet. */
  async #lookupOnDisk(hash: string, key: string, now: number): Promise<Lookup> {
    const stored = await this.store.read(hash);
    if (!stored || stored.meta.key !== key) return { hash, key, entry: undefined };
    this.#publishStored(stored, true);
    this.#removeVictims();
    const found = this.#index.lookup(hash, now, this.config.inactiveMs);
    return { hash, key, entry: found.kind === 'entry' && found.inode !== 0 ? await this.#readEntry(hash, key, found) : undefined };
  }

  /** Reads the meta of the version the index has; undefined when its file is gone or already replaced. */
  async #readEntry(hash: string, key: string, view: SharedEntryView): Promise<CacheEntry | undefined> {
    const stored = await this.store.read(hash);
    if (!stored || stored.meta.key !== key || stored.inode !== view.inode) {
      // Gone (purged, evicted): the index forgets it. Replaced: the newer fill publishes soon.
      if (!stored) this.#index.remove(hash, view.version);
      return undefined;
    }
    const entry: CacheEntry = { ...stored.meta, hash, validUntil: view.validUntil, storedAt: view.storedAt, bodyOffset: stored.bodyOffset, bodyLength: stored.bodyLength, fileSize: stored.fileSize, lastAccess: view.lastUse, body: null, updatingSince: view.updatingSince, ready: null, version: view.version, inode: view.inode };
    this.#dropLocal(hash);
    this.#entries.set(hash, entry);
    return entry;
  }

  countUse(hash: string): number {
    return this.#index.countUse(hash, this.now());
  }

  record(status: string): void {
    this.#index.record(status);
  }

  beginFill(hash: string, meta: EntryMeta, validUntil: number, storedAt: number): EntryWriter {
    return this.store.writer(hash, meta, validUntil, storedAt);
  }

  /**
   * The fill is complete. The entry enters the index at once (counted, evicting others
   * beyond max_size, as with one thread) but without a file (inode 0): other workers treat
   * it as not there yet and their fills wait on the lock, which is let go once the file is
   * renamed into place and its inode in the index. This thread's requests are served the
   * pending entry meanwhile (a small body from memory, a larger one once in place).
   */
  commit(hash: string, meta: EntryMeta, writer: EntryWriter, validUntil: number, storedAt: number, body: Buffer | null): CacheEntry {
    const fileSize = writer.bodyOffset + writer.bodyLength;
    const vary = meta.vary ? { baseHash: hashKey(meta.baseKey), names: meta.vary } : null;
    const version = this.#index.publish(hash, { fileSize, validUntil, storedAt, inode: 0, urlHash: urlHash(meta.url) }, this.now(), this.#limits(), vary);
    const entry: CacheEntry = { ...meta, hash, validUntil, storedAt, bodyOffset: writer.bodyOffset, bodyLength: writer.bodyLength, fileSize, lastAccess: this.now(), body: null, updatingSince: 0, ready: null, version, inode: 0 };
    const old = this.#entries.get(hash);
    if (old) this.#dropLocal(hash);
    const ready = this.store
      .prepare(hash)
      .then((finalPath) => writer.finishWithInode(finalPath))
      .catch(() => 0)
      .then((inode) => {
        entry.ready = null;
        if (this.#pending.get(hash) === entry) this.#pending.delete(hash);
        const kept = inode !== 0 && version >= 0 && this.#index.setInode(hash, version, inode);
        if (!kept) {
          this.#bodies.drop(entry);
          if (version >= 0 && inode === 0) this.#index.remove(hash, version);
          // Evicted or purged while it was written: its file must not stay behind unindexed.
          if (inode !== 0 && this.#index.hasNoEntry(hash)) this.store.remove(hash);
          return false;
        }
        entry.inode = inode;
        this.#entries.set(hash, entry);
        return true;
      });
    entry.ready = ready;
    this.#upkeep.track(ready);
    this.#pending.set(hash, entry);
    if (body) this.#bodies.keep(entry, body);
    this.#removeVictims();
    return entry;
  }

  refresh(entry: CacheEntry, validUntil: number, storedAt: number): void {
    entry.validUntil = validUntil;
    entry.storedAt = storedAt;
    const write = () => {
      if (entry.version !== undefined && entry.version >= 0) this.#index.setValidity(entry.hash, entry.version, validUntil, storedAt);
      return this.store.setValidity(entry.hash, validUntil, storedAt).catch(() => undefined);
    };
    void (entry.ready ? entry.ready.then(write) : write());
  }

  beginUpdate(entry: CacheEntry, now: number, ageMs: number): boolean {
    if (entry.version === undefined || entry.version < 0) {
      if (entry.updatingSince > 0 && now - entry.updatingSince < ageMs) return false;
      entry.updatingSince = now;
      return true;
    }
    const began = this.#index.beginUpdate(entry.hash, entry.version, now, ageMs);
    if (began) entry.updatingSince = now;
    return began;
  }

  endUpdate(entry: CacheEntry): void {
    entry.updatingSince = 0;
    if (entry.version !== undefined && entry.version >= 0) this.#index.endUpdate(entry.hash, entry.version);
  }

  async loadBody(entry: CacheEntry): Promise<Buffer | null> {
    if (entry.body) return entry.body;
    if (entry.ready && !(await entry.ready)) return null;
    const body = await this.store.readBody(entry.hash, entry.bodyOffset, entry.bodyLength, entry.inode ?? 0);
    if (body && this.#entries.get(entry.hash) === entry) this.#bodies.keep(entry, body);
    return body;
  }

  async openBody(entry: CacheEntry): Promise<import('node:fs').promises.FileHandle | null> {
    if (entry.ready && !(await entry.ready)) return null;
    return this.store.openBody(entry.hash, entry.inode ?? 0);
  }

  remove(hash: string): void {
    if (this.#index.remove(hash)) this.store.remove(hash);
    this.#dropLocal(hash);
  }

  removeEntry(entry: CacheEntry): void {
    if (entry.version !== undefined && entry.version >= 0 && this.#index.remove(entry.hash, entry.version)) this.store.remove(entry.hash);
    if (this.#entries.get(entry.hash) === entry) this.#dropLocal(entry.hash);
  }

  /** Every worker's entries: the URL of those this thread has not read yet comes from their files. */
  async purge(match: PurgeMatch): Promise<number> {
    const wanted = match.url !== undefined ? urlHash(match.url) : null;
    const candidates = this.#index.list().filter((c) => wanted === null || c.urlHash === wanted);
    let removed = 0;
    for (let i = 0; i < candidates.length; i += 32) {
      const batch = candidates.slice(i, i + 32);
      const urls = await Promise.all(batch.map((c) => this.#urlOf(c.hash, c.version)));
      batch.forEach((c, j) => {
        const url = urls[j];
        if (url === null || url === undefined) return;
        if (match.url !== undefined ? url !== match.url : match.prefix === undefined || !url.startsWith(match.prefix)) return;
        if (this.#index.remove(c.hash, c.version)) {
          this.store.remove(c.hash);
          removed++;
        }
        this.#dropLocal(c.hash);
      });
    }
    return removed;
  }

  /** The URL an entry was filled for: from this thread's copy, or its file (once in place). */
  async #urlOf(hash: string, version: number): Promise<string | null> {
    const known = this.#entries.get(hash) ?? this.#pending.get(hash);
    if (known && known.version === version) return known.url;
    const deadline = Date.now() + FILE_WAIT_MS;
    for (let file = this.#index.fileOf(hash); file?.version === version && file.inode === 0 && Date.now() < deadline; file = this.#index.fileOf(hash)) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return (await this.store.read(hash))?.meta.url ?? null;
  }

  summary(): ZoneSummary {
    return { name: this.name, entries: this.#index.entries, bytes: this.#index.bytes, maxSizeBytes: this.config.maxSizeBytes, memoryBytes: this.#bodies.bytes, ...statusSnapshot(this.#index.statuses()) };
  }

  configure(config: CacheZoneConfig): void {
    this.config = config;
    this.#bodies.budget = Math.min(MEMORY_BUDGET, config.maxSizeBytes);
    this.#bodies.trim();
    this.sweep();
  }

  /** The cache manager's round (any thread's: the index is one). */
  sweep(): void {
    for (const hash of this.#index.sweep(this.now(), this.config.inactiveMs, this.#limits())) {
      this.store.remove(hash);
      this.#dropLocal(hash);
    }
    // Copies of entries other workers replaced or removed meanwhile.
    for (const [hash, entry] of this.#entries) if (this.#index.versionOf(hash) !== entry.version) this.#dropLocal(hash);
  }

  async close(): Promise<void> {
    await this.#upkeep.stop();
    this.#detach?.();
    this.#detach = null;
  }

  /** Files of entries this thread's last index step evicted. */
  #removeVictims(): void {
    for (const hash of this.#index.takeVictims()) {
      this.store.remove(hash);
      this.#dropLocal(hash);
    }
  }

  #dropLocal(hash: string): void {
    const entry = this.#entries.get(hash);
    if (!entry) return;
    this.#entries.delete(hash);
    this.#bodies.drop(entry);
  }
}

function syncEntry(entry: CacheEntry, view: IndexLookup & SharedEntryView): void {
  entry.validUntil = view.validUntil;
  entry.storedAt = view.storedAt;
  entry.updatingSince = view.updatingSince;
  entry.lastAccess = view.lastUse;
}
