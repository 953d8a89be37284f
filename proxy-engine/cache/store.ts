// The disk half of a cache zone: one file per entry under <dataDir>/cache/<zone>/, so
// the cache survives an engine restart (nginx's proxy_cache_path). A file is a fixed
// prefix (magic, valid-until, stored-at, meta length), the entry's meta as JSON (key,
// status, the upstream's headers, validators), then the body. Entries are written to
// tmp/ and renamed into place when complete: a reader never sees half a file, and a
// crash leaves only temp files, which the next start removes.
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

const MAGIC = 0x50434531; // "PCE1"
const PREFIX = 24;
const MAX_META = 1024 * 1024;

export interface EntryMeta {
  key: string;
  baseKey: string;
  /** scheme://host/request-uri of the request that filled it (purge by URL). */
  url: string;
  status: number;
  /** The upstream's reason phrase: nginx keeps the whole status line with the entry. */
  reason?: string;
  /** The upstream's response headers, flat. */
  headers: string[];
  etag: string | null;
  lastModified: string | null;
  vary: string[] | null;
}

export interface StoredEntry {
  hash: string;
  meta: EntryMeta;
  validUntil: number;
  storedAt: number;
  bodyOffset: number;
  bodyLength: number;
  fileSize: number;
  mtimeMs: number;
  /** The file's inode: a file replaced by another worker's fill has another. */
  inode: number;
}

function encodePrefix(validUntil: number, storedAt: number, metaLength: number): Buffer {
  const prefix = Buffer.allocUnsafe(PREFIX);
  prefix.writeUInt32BE(MAGIC, 0);
  prefix.writeDoubleBE(validUntil, 4);
  prefix.writeDoubleBE(storedAt, 12);
  prefix.writeUInt32BE(metaLength, 20);
  return prefix;
}

/** Streams one entry to a temp file; finish() renames it into place. */
export class EntryWriter {
  readonly #stream: fs.WriteStream;
  readonly #tmpPath: string;
  readonly bodyOffset: number;
  #bodyLength = 0;
  #failed = false;

  constructor(tmpPath: string, header: Buffer) {
    this.#tmpPath = tmpPath;
    this.bodyOffset = header.length;
    this.#stream = fs.createWriteStream(tmpPath, { mode: 0o600 });
    this.#stream.on('error', () => (this.#failed = true));
    this.#stream.write(header);
  }

  get bodyLength(): number {
    return this.#bodyLength;
  }

  get needsDrain(): boolean {
    return this.#stream.writableNeedDrain;
  }

  write(chunk: Buffer | string): boolean {
    this.#bodyLength += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return this.#stream.write(chunk);
  }

  onceDrain(listener: () => void): void {
    if (this.#stream.writableNeedDrain) this.#stream.once('drain', listener);
    else queueMicrotask(listener);
  }

  /** Completes the file and moves it to `finalPath`; false when anything failed. */
  finish(finalPath: string): Promise<boolean> {
    return this.finishWithInode(finalPath).then((inode) => inode !== 0);
  }

  /**
   * finish(), resolving to the file's inode (0 when anything failed), taken before the
   * rename: a fill of the same key by another worker may replace the file right after.
   */
  finishWithInode(finalPath: string): Promise<number> {
    return new Promise((resolve) => {
      this.#stream.once('close', () => {
        if (this.#failed) {
          fs.unlink(this.#tmpPath, () => resolve(0));
          return;
        }
        fs.stat(this.#tmpPath, (statError, stat) => {
          if (statError) return fs.unlink(this.#tmpPath, () => resolve(0));
          fs.rename(this.#tmpPath, finalPath, (error) => {
            if (error) fs.unlink(this.#tmpPath, () => resolve(0));
            else resolve(stat.ino);
          });
        });
      });
      this.#stream.end();
    });
  }

  discard(): void {
    this.#failed = true;
    this.#stream.destroy();
    fs.unlink(this.#tmpPath, () => undefined);
  }
}

export class DiskStore {
  readonly dir: string;
  readonly #tmp: string;
  readonly #made = new Set<string>();
  #counter = 0;

  /**
   * `cleanTmp`: temp files are what a crash leaves behind, removed at start; with several
   * workers over one directory only the first to open the zone may (the others' temp
   * files may be fills in progress).
   */
  constructor(dir: string, options: { cleanTmp?: boolean } = {}) {
    this.dir = dir;
    this.#tmp = path.join(dir, 'tmp');
    if (options.cleanTmp !== false) fs.rmSync(this.#tmp, { recursive: true, force: true });
    fs.mkdirSync(this.#tmp, { recursive: true, mode: 0o700 });
  }

  pathOf(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  writer(hash: string, meta: EntryMeta, validUntil: number, storedAt: number): EntryWriter {
    const json = Buffer.from(JSON.stringify(meta));
    const header = Buffer.concat([encodePrefix(validUntil, storedAt, json.length), json]);
    return new EntryWriter(path.join(this.#tmp, `${hash}.${process.pid}.${threadId}.${++this.#counter}`), header);
  }

  /** Makes sure the entry's directory exists before a writer's finish(). */
  async prepare(hash: string): Promise<string> {
    const sub = hash.slice(0, 2);
    if (!this.#made.has(sub)) {
      await fs.promises.mkdir(path.join(this.dir, sub), { recursive: true, mode: 0o700 });
      this.#made.add(sub);
    }
    return this.pathOf(hash);
  }

  /** Reads one entry's prefix and meta; null when missing or not an entry file. */
  async read(hash: string): Promise<StoredEntry | null> {
    let handle: fs.promises.FileHandle | null = null;
    try {
      handle = await fs.promises.open(this.pathOf(hash), 'r');
      const stat = await handle.stat();
      const prefix = Buffer.alloc(PREFIX);
      if ((await handle.read(prefix, 0, PREFIX, 0)).bytesRead < PREFIX || prefix.readUInt32BE(0) !== MAGIC) return null;
      const metaLength = prefix.readUInt32BE(20);
      if (metaLength > MAX_META || PREFIX + metaLength > stat.size) return null;
      const json = Buffer.alloc(metaLength);
      await handle.read(json, 0, metaLength, PREFIX);
      const meta = JSON.parse(json.toString('utf8')) as EntryMeta;
      const bodyOffset = PREFIX + metaLength;
      return { hash, meta, validUntil: prefix.readDoubleBE(4), storedAt: prefix.readDoubleBE(12), bodyOffset, bodyLength: stat.size - bodyOffset, fileSize: stat.size, mtimeMs: stat.mtimeMs, inode: stat.ino };
    } catch {
      return null;
    } finally {
      await handle?.close();
    }
  }

  /** Every entry on disk (the index rebuild at start); unreadable files are removed. */
  async list(): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = [];
    let subs: string[];
    try {
      subs = (await fs.promises.readdir(this.dir)).filter((d) => /^[0-9a-f]{2}$/.test(d));
    } catch {
      return entries;
    }
    for (const sub of subs) {
      this.#made.add(sub);
      const names = (await fs.promises.readdir(path.join(this.dir, sub)).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{32}$/.test(n));
      for (let i = 0; i < names.length; i += 32) {
        const batch = await Promise.all(names.slice(i, i + 32).map((name) => this.read(name)));
        batch.forEach((entry, j) => {
          if (entry) entries.push(entry);
          else this.remove(names[i + j]!);
        });
      }
    }
    return entries;
  }

  /** Rewrites valid-until and stored-at in place (a 304 refreshed the entry). */
  async setValidity(hash: string, validUntil: number, storedAt: number): Promise<void> {
    const handle = await fs.promises.open(this.pathOf(hash), 'r+').catch(() => null);
    if (!handle) return;
    try {
      const fields = Buffer.allocUnsafe(16);
      fields.writeDoubleBE(validUntil, 0);
      fields.writeDoubleBE(storedAt, 8);
      await handle.write(fields, 0, 16, 4);
    } finally {
      await handle.close();
    }
  }

  /** The inode of the entry's file now, 0 when it is gone. */
  inodeOf(hash: string): Promise<number> {
    return fs.promises.stat(this.pathOf(hash)).then(
      (s) => s.ino,
      () => 0,
    );
  }

  /** `inode`: the file must still be that one (not replaced by another fill since); 0 = any. */
  async readBody(hash: string, offset: number, length: number, inode = 0): Promise<Buffer | null> {
    const handle = await this.openBody(hash, inode);
    if (!handle) return null;
    try {
      const body = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(body, 0, length, offset);
      return bytesRead === length ? body : null;
    } finally {
      await handle.close();
    }
  }

  /** Opens the body for streaming; null when the file is gone (evicted or purged meanwhile). */
  async openBody(hash: string, inode = 0): Promise<fs.promises.FileHandle | null> {
    const handle = await fs.promises.open(this.pathOf(hash), 'r').catch(() => null);
    if (!handle || inode === 0) return handle;
    const same = await handle.stat().then(
      (s) => s.ino === inode,
      () => false,
    );
    if (same) return handle;
    await handle.close();
    return null;
  }

  remove(hash: string): void {
    fs.unlink(this.pathOf(hash), () => undefined);
  }
}
