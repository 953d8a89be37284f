import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipChunks } from './gzip-chunks.ts';

function run(chunks: Buffer[], windowBits = 15): Buffer {
  const gz = new GzipChunks(6, windowBits, 8);
  return Buffer.concat([...chunks.map((c) => gz.push(c)), gz.finish()]);
}

describe('GzipChunks', () => {
  const text = Buffer.from('<p>The quick brown fox jumps over the lazy dog.</p>\n'.repeat(3000));
  const cases = [
    { desc: 'one chunk', chunks: [text] },
    { desc: 'many small chunks', chunks: Array.from({ length: 200 }, (_, i) => text.subarray(i * 700, (i + 1) * 700)) },
    { desc: 'empty body', chunks: [] },
    { desc: 'empty chunks in between', chunks: [Buffer.from('a'), Buffer.alloc(0), Buffer.from('b')] },
    { desc: 'incompressible bytes', chunks: [randomBytes(50_000), randomBytes(10)] },
  ];
  it.each(cases)('is a valid gzip stream: $desc', ({ chunks }) => {
    const out = run(chunks);
    expect(zlib.gunzipSync(out).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('compresses across chunks like one stream (the window carries over)', () => {
    // Random bytes do not compress on their own; repeated, only the carried window finds them.
    const block = randomBytes(1000);
    const chunks = Array.from({ length: 50 }, () => block);
    const chunked = run(chunks).length;
    const independent = chunks.reduce((n, c) => n + zlib.deflateRawSync(c, { level: 6 }).length, 0);
    const whole = zlib.gzipSync(Buffer.concat(chunks), { level: 6 }).length;
    // A sync flush costs a few bytes per chunk; losing the window would cost far more.
    expect(chunked).toBeLessThan(whole + chunks.length * 16);
    expect(chunked).toBeLessThan(independent / 4);
  });

  it('each push is decodable at once (streaming clients)', () => {
    const gz = new GzipChunks(1, 15, 8);
    const first = gz.push(Buffer.from('data: first\n\n'));
    const inflate = zlib.createGunzip();
    const seen: Buffer[] = [];
    inflate.on('data', (c: Buffer) => seen.push(c));
    inflate.write(first);
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        expect(Buffer.concat(seen).toString()).toBe('data: first\n\n');
        resolve();
      }, 50);
    });
  });

  it('a small window for a small body', () => {
    const out = run([Buffer.from('hello '.repeat(100))], 10);
    expect(zlib.gunzipSync(out).toString()).toBe('hello '.repeat(100));
  });
});
