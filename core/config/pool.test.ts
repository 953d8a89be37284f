import { describe, expect, it } from 'vitest';
import { PoolInput } from './pool.ts';

const servers = [{ address: '127.0.0.1:9000' }];

describe('a pool’s proxyProtocol', () => {
  it.each([
    { desc: 'defaults to off (older API clients and stored versions keep working)', input: { name: 'p', servers }, expected: 'off' },
    { desc: 'takes v1', input: { name: 'p', servers, proxyProtocol: 'v1' }, expected: 'v1' },
    { desc: 'takes v2', input: { name: 'p', servers, proxyProtocol: 'v2' }, expected: 'v2' },
  ])('$desc', ({ input, expected }) => {
    expect(PoolInput.parse(input).proxyProtocol).toBe(expected);
  });

  it.each(['v3', 'on', true, 1])('refuses %s with the field’s path', (proxyProtocol) => {
    const parsed = PoolInput.safeParse({ name: 'p', servers, proxyProtocol });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['proxyProtocol']);
  });
});
