import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './snapshot-diff.ts';
import type { Snapshot } from './snapshot.ts';

const empty = { hosts: [], pools: [], cacheZones: [], limitZones: [], settings: {} } as unknown as Snapshot;
const pool = { id: 'p1', name: 'backend', algorithm: 'ROUND_ROBIN', servers: [{ address: '10.0.0.1:80', weight: 1 }, { address: '10.0.0.2:80', weight: 2 }] };

describe('a version diff', () => {
  it('lists what an added object holds, field by field, without its ids', () => {
    const [added] = diffSnapshots(empty, { ...empty, pools: [pool] } as unknown as Snapshot);
    expect(added).toMatchObject({ objectType: 'pool', name: 'backend', change: 'added' });
    expect(added!.fields).toEqual([
      { path: 'name', before: undefined, after: 'backend' },
      { path: 'algorithm', before: undefined, after: 'ROUND_ROBIN' },
      { path: 'servers.0.address', before: undefined, after: '10.0.0.1:80' },
      { path: 'servers.0.weight', before: undefined, after: 1 },
      { path: 'servers.1.address', before: undefined, after: '10.0.0.2:80' },
      { path: 'servers.1.weight', before: undefined, after: 2 },
    ]);
  });

  it('lists what a removed object held', () => {
    const [removed] = diffSnapshots({ ...empty, pools: [pool] } as unknown as Snapshot, empty);
    expect(removed!.change).toBe('removed');
    expect(removed!.fields[0]).toEqual({ path: 'name', before: 'backend', after: undefined });
  });

  it('names the pool a location sends to', () => {
    const host = { id: 'h1', serverNames: ['a.test'], locations: [{ id: 'l1', path: '/', action: { kind: 'proxy', poolId: 'p1' } }] };
    const [added] = diffSnapshots({ ...empty, pools: [pool] } as unknown as Snapshot, { ...empty, pools: [pool], hosts: [host] } as unknown as Snapshot);
    expect(added!.fields.find((f) => f.path === 'locations.0.action.poolId')).toEqual({ path: 'locations.0.action.poolId', before: undefined, after: 'p1', afterName: 'pool backend' });
  });
});
