import { describe, expect, it } from 'vitest';
import { boundedSnapshotJson } from './stats-bus.ts';
import { decodeNodeSecond, encodeNodeSecond } from '../../core/redis/stats-channel.ts';

describe('the published second', () => {
  const hosts = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`h${i}.test`, { requests: i }]));
  const json = JSON.stringify({ seq: 1, t: 1000, total: { requests: 1225 }, hosts, upstreams: { '10.0.0.1:80': { requests: 3 } } });

  it('goes as it is when small, and is cut to the busiest hosts when large, keeping the total', () => {
    expect(boundedSnapshotJson(json, json.length)).toBe(json);
    const cut = JSON.parse(boundedSnapshotJson(json, 100, 3)) as { total: { requests: number }; hosts: Record<string, unknown>; cut: boolean };
    expect(Object.keys(cut.hosts)).toEqual(['h49.test', 'h48.test', 'h47.test']);
    expect(cut.total.requests).toBe(1225);
    expect(cut.cut).toBe(true);
  });

  it('carries the node name and the snapshot, and refuses anything else', () => {
    expect(decodeNodeSecond(encodeNodeSecond('edge-"1"', json))).toMatchObject({ node: 'edge-"1"', snapshot: { t: 1000, total: { requests: 1225 } } });
    expect(decodeNodeSecond('{"node":"x"}')).toBeNull();
    expect(decodeNodeSecond('not json')).toBeNull();
  });
});
