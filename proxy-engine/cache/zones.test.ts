import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheZoneInput } from '../../core/config/zones.ts';
import { CacheZones, normalizePurgeUrl } from './zones.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function zones() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-zones-'));
  dirs.push(dir);
  return { dir, zones: new CacheZones(dir) };
}
const config = (name: string, extra: Record<string, unknown> = {}) => ({ ...CacheZoneInput.parse({ name, ...extra }), id: name });

describe('normalizePurgeUrl', () => {
  const cases = [
    { url: 'HTTP://Shop.Example:8080/A?b=1', expected: 'http://shop.example/A?b=1' },
    { url: 'https://shop.example', expected: 'https://shop.example/' },
    { url: 'not a url', expected: 'not a url' },
  ];
  it.each(cases)('$url', ({ url, expected }) => expect(normalizePurgeUrl(url)).toBe(expected));
});

describe('CacheZones', () => {
  it('keeps a zone object across applies and reconfigures it in place', async () => {
    const { zones: z } = zones();
    z.apply([config('a')]);
    const a = z.get('a');
    z.apply([config('a', { maxEntries: 5 }), config('b')]);
    expect(z.get('a')).toBe(a);
    expect(z.get('a')!.config.maxEntries).toBe(5);
    z.apply([config('b')]);
    expect(z.get('a')).toBeUndefined();
    expect(z.summary().map((s) => s.name)).toEqual(['b']);
    await z.close();
  });

  const bad = [
    { desc: 'neither url nor prefix', body: {}, status: 400 },
    { desc: 'both', body: { url: 'http://a/', prefix: 'http://a/' }, status: 400 },
    { desc: 'unknown zone', body: { zone: 'nope', prefix: '' }, status: 404 },
    { desc: 'not an object', body: 'x', status: 400 },
  ];
  it.each(bad)('purge refuses $desc', async ({ body, status }) => {
    const { zones: z } = zones();
    z.apply([config('a')]);
    await expect(z.purge(body)).rejects.toMatchObject({ status });
    await z.close();
  });

  it('keeps the files of a zone that is no longer configured', async () => {
    const { zones: z, dir } = zones();
    z.apply([config('a')]);
    z.apply([]);
    expect(fs.existsSync(path.join(dir, 'cache', 'a'))).toBe(true);
    await z.close();
  });
});
