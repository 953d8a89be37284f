// The tracer reports what traffic gets for decoded paths: a regex location with a space or
// a UTF-8 letter selects the same location in a trace as for a request.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
  await t.configure({
    hosts: [
      {
        serverNames: ['d.test'],
        locations: [
          { matchKind: 'REGEX', path: '^/café$', action: { kind: 'return', status: 200, body: 'cafe' } },
          { matchKind: 'REGEX', path: '^/a b/', action: { kind: 'return', status: 200, body: 'space' } },
          { path: '/', action: { kind: 'return', status: 200, body: 'root' } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await t?.stop();
});

async function trace(url: string): Promise<{ location: { path: string; matchedBy: string } | null }> {
  const token = fs.readFileSync(path.join(t.dataDir, 'engine.token'), 'utf8').trim();
  const res = await fetch(`http://127.0.0.1:${t.engine.ports.control}/trace`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
  return (await res.json()) as { location: { path: string; matchedBy: string } | null };
}

const served = async (target: string) => (await rawExchange(t.port, `GET ${target} HTTP/1.1\r\nHost: d.test\r\nConnection: close\r\n\r\n`)).split('\r\n\r\n')[1];

describe('decoded paths in the tracer', () => {
  const cases: [string, string, string][] = [
    ['/caf%C3%A9', '^/café$', 'cafe'],
    ['/a%20b/x', '^/a b/', 'space'],
    ['/cafe', '/', 'root'],
  ];
  for (const [target, location, body] of cases) {
    it(`${target} → ${location}`, async () => {
      expect((await trace(`http://d.test${target}`)).location?.path).toBe(location);
      expect(await served(target)).toBe(body);
    });
  }
});
