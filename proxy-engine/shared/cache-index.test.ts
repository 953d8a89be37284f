// A cache zone's shared index: LRU eviction by entries and bytes, Vary names, and with
// real threads, consistent counts under concurrent stores and a dead thread's fill lock
// given back.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheZoneInput } from '../../core/config/zones.ts';
import { SharedCacheIndex } from './cache-index.ts';
import { attachSharedState, createSharedState, releaseSharedThread, type SharedStateHandles } from './shared-state.ts';
import type { CacheIndexCommand } from './fixtures/cache-index-worker.ts';

const h = (n: number) => n.toString(16).padStart(32, 'a');
const entry = (fileSize: number) => ({ fileSize, validUntil: 1e13, storedAt: 1, inode: 7, urlHash: 1 });
const NO_LIMIT = { maxBytes: Number.MAX_SAFE_INTEGER, maxEntries: Number.MAX_SAFE_INTEGER };

function localIndex(maxEntries: number): SharedCacheIndex {
  return new SharedCacheIndex(new SharedArrayBuffer(SharedCacheIndex.bytesFor(maxEntries)), 0, maxEntries, true);
}

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

async function thread(handles: SharedStateHandles, maxEntries: number): Promise<{ worker: Worker; ask: (c: CacheIndexCommand) => Promise<unknown> }> {
  const worker = new Worker(new URL('./fixtures/cache-index-worker.ts', import.meta.url), { workerData: { handles, maxEntries } });
  started.push(worker);
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { worker, ask: (c) => new Promise((resolve) => (worker.once('message', resolve), worker.postMessage(c))) };
}

describe('SharedCacheIndex', () => {
  it('evicts the least recently used entry beyond max_size, uses within one millisecond in order', () => {
    const index = localIndex(100);
    const limits = { maxBytes: 250, maxEntries: 100 };
    index.publish(h(1), entry(100), 5, limits, null);
    index.publish(h(2), entry(100), 5, limits, null);
    expect(index.lookup(h(1), 5, 60_000).kind).toBe('entry');
    index.publish(h(3), entry(100), 5, limits, null);
    expect(index.takeVictims()).toEqual([h(2)]);
    expect([index.entries, index.bytes]).toEqual([2, 200]);
  });

  it('a full index makes room by evicting the least recently used key', () => {
    const index = localIndex(4);
    for (let i = 1; i <= 4; i++) index.publish(h(i), entry(10), i, NO_LIMIT, null);
    index.lookup(h(1), 10, 60_000);
    index.publish(h(5), entry(10), 11, NO_LIMIT, null);
    expect(index.takeVictims()).toEqual([h(2)]);
    expect(index.list().map((e) => e.hash).sort()).toEqual([h(1), h(3), h(4), h(5)].sort());
  });

  it('keeps a base key’s Vary names; an entry unused for `inactive` is gone', () => {
    const index = localIndex(10);
    index.publish(h(2), entry(10), 1, NO_LIMIT, { baseHash: h(1), names: ['accept-encoding', 'accept-language'] });
    expect(index.lookup(h(1), 2, 100)).toEqual({ kind: 'vary', names: ['accept-encoding', 'accept-language'] });
    expect(index.lookup(h(2), 200, 100).kind).toBe('inactive');
    expect(index.takeVictims()).toEqual([h(2)]);
    expect(index.entries).toBe(0);
  });

  it('a base key stored plainly whose answers now vary: the variants replace it', () => {
    const index = localIndex(10);
    index.publish(h(1), entry(10), 1, NO_LIMIT, null);
    index.publish(h(2), entry(10), 2, NO_LIMIT, { baseHash: h(1), names: ['accept'] });
    expect(index.takeVictims()).toEqual([h(1)]);
    expect(index.lookup(h(1), 3, 100)).toEqual({ kind: 'vary', names: ['accept'] });
    expect([index.entries, index.bytes]).toEqual([1, 10]);
  });

  it('stays exact while four threads store entries at once', async () => {
    const handles = createSharedState({ bytes: 8 << 20, maxServers: 4 });
    const threads = await Promise.all([0, 1, 2, 3].map(() => thread(handles, 500)));
    await Promise.all(threads.map((t, i) => t.ask({ kind: 'publish', prefix: `${i}`, count: 300, fileSize: 10 })));
    const { index } = attachSharedState(handles).cacheIndexes.attach({ ...CacheZoneInput.parse({ name: 'z', maxEntries: 500 }), id: 'z' });
    const listed = index.list();
    expect(index.entries).toBe(500);
    expect(listed.length).toBe(500);
    expect(new Set(listed.map((e) => e.hash)).size).toBe(500);
    expect(index.bytes).toBe(5000);
  });

  it('a thread that dies holding a fill lock leaves the key fillable again, and its unfinished entries gone', async () => {
    const handles = createSharedState({ bytes: 8 << 20, maxServers: 4 });
    const config = { ...CacheZoneInput.parse({ name: 'z', maxEntries: 100 }), id: 'z' };
    const { index } = attachSharedState(handles).cacheIndexes.attach(config);
    const filler = await thread(handles, 100);
    expect(await filler.ask({ kind: 'lock', hash: h(9) })).toBe(true);
    expect(await filler.ask({ kind: 'pending', hash: h(8) })).toBeGreaterThan(0);
    expect(index.tryLockFill(h(9), Date.now())).toBe(false);
    expect(index.fileOf(h(8))).toMatchObject({ inode: 0 });
    const threadId = filler.worker.threadId;
    await filler.worker.terminate();
    releaseSharedThread(handles, threadId);
    expect(index.fillLocked(h(9))).toBe(false);
    expect(index.tryLockFill(h(9), Date.now())).toBe(true);
    // The entry whose file it never renamed into place is gone: others do not wait for it.
    expect(index.fileOf(h(8))).toBeNull();
    expect(index.entries).toBe(0);
  });
});
