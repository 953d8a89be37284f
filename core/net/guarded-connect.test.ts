// guardedLookup answers like dns.lookup for names it allows; the connector that uses it at
// connect time is tested with the engine's upstream clients (proxy-engine/upstream/).
import { describe, expect, it } from 'vitest';
import { guardedLookup } from './guarded-connect.ts';

describe('guardedLookup', () => {
  it('answers like dns.lookup for allowed names, in both calling conventions', async () => {
    const one = await new Promise((resolve) => guardedLookup('localhost', { family: 4 }, (err, address, family) => resolve({ err, address, family })));
    expect(one).toEqual({ err: null, address: '127.0.0.1', family: 4 });
    const all = await new Promise((resolve) => guardedLookup('localhost', { all: true, family: 4 }, (err, addresses) => resolve({ err, addresses })));
    expect(all).toEqual({ err: null, addresses: [{ address: '127.0.0.1', family: 4 }] });
  });
});
