// Mutation fuzzing of valid requests with Debian's zzuf (bounded count, fixed seeds):
// every answer is a well-formed HTTP response (or none, for a request left incomplete),
// and the engine keeps serving.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';

let engine: TestEngine;
let upstream: EchoUpstream;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  engine = await startTestEngine();
  await engine.configure({
    hosts: [{ serverNames: ['fuzz.test'], defaultServer: true, locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }, { matchKind: 'REGEX', path: '\\.txt$', action: { kind: 'return', status: 200, body: 'txt' } }] }],
  });
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

const SEEDS = [
  'GET /a/b?c=d HTTP/1.1\r\nHost: fuzz.test\r\nUser-Agent: fuzz\r\nAccept: */*\r\nConnection: close\r\n\r\n',
  'POST /form HTTP/1.1\r\nHost: fuzz.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello=world',
  'POST /chunk HTTP/1.1\r\nHost: fuzz.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  'GET /x.txt HTTP/1.1\r\nHost: fuzz.test\r\nCookie: a=b; c=d\r\nX-Forwarded-For: 1.2.3.4\r\nConnection: close\r\n\r\n',
];
const PER_SEED = 75;

function mutate(input: string, seed: number): Buffer {
  const out = spawnSync('zzuf', ['-s', String(seed), '-r', '0.004:0.04', 'cat'], { input, maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(`zzuf failed: ${out.stderr}`);
  return out.stdout;
}

describe('mutation fuzzing with zzuf', () => {
  it(`answers ${SEEDS.length * PER_SEED} mutated requests with well-formed responses and survives`, async () => {
    const malformed: string[] = [];
    let answered = 0;
    for (const [i, seed] of SEEDS.entries()) {
      for (let s = 1; s <= PER_SEED; s++) {
        const request = mutate(seed, i * 1000 + s);
        const response = await rawExchange(engine.port, request, 700);
        if (response === '') continue;
        answered++;
        if (!/^HTTP\/1\.[01] [1-5]\d\d [^\r\n]*\r\n/.test(response)) malformed.push(`seed ${i * 1000 + s}: ${JSON.stringify(response.slice(0, 80))}`);
      }
    }
    expect(malformed).toEqual([]);
    expect(answered).toBeGreaterThan(SEEDS.length * PER_SEED * 0.5);
    const after = await rawExchange(engine.port, 'GET /still-alive HTTP/1.1\r\nHost: fuzz.test\r\nConnection: close\r\n\r\n');
    expect(after.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  }, 120_000);
});
