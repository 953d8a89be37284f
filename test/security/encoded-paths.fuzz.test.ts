// Random paths built from the pieces of the encoded-path class (encoded and raw slashes,
// dots and their escapes, double encoding, backslashes, encoded letters), fixed seed,
// bounded: whatever Portico forwards, no upstream reading of it reaches the denied
// locations. Three readings are checked: decode then resolve (python3 -m http.server,
// nginx), resolve then keep escapes (a WHATWG URL parser: Deno, Bun, `new URL()`), and
// resolve, then decode, then resolve again (a framework on top of a WHATWG parser that
// hands the decoded path to the filesystem).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startFileServerUpstream, type FileServerUpstream } from './file-server-upstream.ts';

const REQUESTS_PER_HOST = 500;
const PIECES = ['/admin/', '/admin/..%2F', '/internal/%2e%2e%2f', '/../', 'x%2Fx', '/%2e%2e/', 'admin', 'internal', 'public', 'x', '.', '..', '%2e', '%2E%2e', '.%2e', '%2e%2e%2f', '..%2F', '%2F', '%2f', '/', '//', '%252F', '%255C', '%5C', '%5c', '\\', '%25', '%61dmin', 'secret.txt', ';', '%3B', '?', '#'];

let engine: TestEngine;
let files: FileServerUpstream;

beforeAll(async () => {
  [engine, files] = await Promise.all([startTestEngine(), startFileServerUpstream({ 'admin/secret.txt': 'TOP-SECRET', 'public/x': 'x' })]);
  const proxy = (keepEncodedSlashes = false) => ({ kind: 'proxy', address: files.address, keepEncodedSlashes });
  const deny = { access: { rules: [{ action: 'deny', source: 'all' }] } };
  await engine.configure({
    hosts: [
      { serverNames: ['fuzz.test'], locations: [{ path: '/', action: proxy() }, { path: '/admin/', action: proxy(), policies: deny }, { matchKind: 'REGEX', path: '^/internal/', action: proxy(), policies: deny }] },
      { serverNames: ['keep.test'], locations: [{ path: '/', action: proxy(true) }, { path: '/admin/', action: proxy(), policies: deny }, { matchKind: 'REGEX', path: '^/internal/', action: proxy(true), policies: deny }] },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await files?.close();
});

/** mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPath(next: () => number): string {
  let out = '/';
  const count = 1 + Math.floor(next() * 10);
  for (let i = 0; i < count; i++) out += PIECES[Math.floor(next() * PIECES.length)]!;
  return out;
}

function unquote(raw: string): string {
  return raw.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The paths an upstream may read from the target it received. */
function readings(target: string): string[] {
  const raw = target.split('?')[0]!;
  // As a server builds its Request URL: origin + target (not resolved against a base, so "//x" stays a path).
  const whatwg = new URL(`http://upstream${raw}`).pathname;
  return [path.posix.normalize(unquote(raw)), whatwg, path.posix.normalize(unquote(whatwg))];
}

// What the denied locations cover ("/admin" itself is the "/" location's, as in nginx).
const deniedArea = (p: string) => /^\/+(admin|internal)\//.test(p);

describe.each(['fuzz.test', 'keep.test'])('random encoded paths to %s', (host) => {
  it(`${REQUESTS_PER_HOST} requests: no forwarded target reads as a denied path`, async () => {
    const next = random(host === 'fuzz.test' ? 14 : 41);
    const leaks: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS_PER_HOST; i++) {
      const target = randomPath(next);
      const before = files.seen.length;
      const response = await rawExchange(engine.port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(response)?.[1] ?? 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (response.includes('TOP-SECRET')) leaks.push(`${target}: the secret was served`);
      for (const seen of files.seen.slice(before)) {
        const denied = readings(seen).filter(deniedArea);
        if (denied.length > 0) leaks.push(`${target} → upstream ${seen} → read as ${denied.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
    // Every request was answered (0: no well-formed response), and the mix covers refusals and forwards.
    expect(statuses.get(0) ?? 0).toBe(0);
    expect([...statuses.keys()].filter((s) => s === 400 || s === 403).length).toBe(2);
    expect((statuses.get(200) ?? 0) + (statuses.get(404) ?? 0)).toBeGreaterThan(REQUESTS_PER_HOST / 10);
  }, 120_000);
});
