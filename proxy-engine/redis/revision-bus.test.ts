// The revision bus against a real redis-server: an engine's announcement reaches the other
// engines of the installation (same server and database number), not itself, and not an
// installation on another database number of the same server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../../test/helpers/redis.ts';
import { waitFor } from '../../test/helpers/ports.ts';
import { RedisState } from './redis-state.ts';
import { startRevisionBus, type RevisionBus } from './revision-bus.ts';

let server: TestRedis;
const opened: { state: RedisState; bus: RevisionBus }[] = [];

function engine(db: number, heard: number[]): RevisionBus {
  const address = parseRedisUrl(`${server.url}/${db}`) as RedisAddress;
  const state = new RedisState({ address, failure: 'open' });
  const bus = startRevisionBus({ address, failure: 'open' }, state, (revision) => heard.push(revision));
  opened.push({ state, bus });
  return bus;
}

beforeAll(async () => {
  if (hasRedisServer) server = await startTestRedis();
});
afterAll(async () => {
  for (const { state, bus } of opened) {
    bus.close();
    state.close();
  }
  await server?.stop();
});

describe.skipIf(!hasRedisServer)('revision bus', () => {
  it('tells the other engines of the installation, not the announcing one nor another database number', async () => {
    const mine: number[] = [];
    const theirs: number[] = [];
    const elsewhere: number[] = [];
    const announcer = engine(0, mine);
    engine(0, theirs);
    engine(1, elsewhere);
    // The subscribers connect in the background: announce until the other engine has heard.
    let revision = 0;
    await waitFor('the other engine to hear a revision', async () => {
      await announcer.announce(++revision);
      return theirs.length > 0;
    }, 5_000, 50);
    await announcer.announce(1000);
    await waitFor('revision 1000 heard', async () => theirs.includes(1000), 2_000, 10);
    expect(mine).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  it('ignores messages that are not announcements', async () => {
    const heard: number[] = [];
    const bus = engine(0, heard);
    await waitFor('subscribed', async () => server.cli('PUBSUB', 'NUMSUB', 'portico:revision:0').split('\n')[1] === '3', 5_000, 20);
    for (const junk of ['not json', '{"origin":"x","revision":"7"}', '{"origin":"x","revision":1.5}', '{"origin":"x"}']) server.cli('PUBLISH', 'portico:revision:0', junk);
    server.cli('PUBLISH', 'portico:revision:0', '{"origin":"x","revision":9}');
    await waitFor('the well-formed one heard', async () => heard.includes(9), 2_000, 10);
    expect(heard).toEqual([9]);
    bus.close();
  });
});
