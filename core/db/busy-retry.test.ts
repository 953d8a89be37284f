// A transaction that read, then collided with another connection's commit before writing
// (SQLITE_BUSY_SNAPSHOT: the controller renewing its lease, the engine writing rollups), is
// run again instead of failing the user's write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataDir } from '../../test/helpers/data-dir.ts';
import { openDb, type Db } from './client.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let writer: Db;
let other: Db;

beforeAll(async () => {
  data = await createDataDir('portico-busy-');
  [writer, other] = await Promise.all([openDb(data.dir), openDb(data.dir)]);
  await writer.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: {} });
});

afterAll(async () => {
  await Promise.all([writer.$disconnect(), other.$disconnect()]);
  data.cleanup();
});

describe('transactions colliding with another writer', () => {
  it('run again and commit once', async () => {
    let attempts = 0;
    const revision = await writer.$transaction(async (tx) => {
      attempts++;
      const state = await tx.configState.findUniqueOrThrow({ where: { id: 1 } });
      // Another process commits between this transaction's read and its write, once.
      if (attempts === 1) await other.controllerLease.create({ data: { name: 'collide', holder: 'other', expiresAt: new Date() } });
      return (await tx.configState.update({ where: { id: 1 }, data: { revision: state.revision + 1 } })).revision;
    });
    expect({ attempts, revision }).toEqual({ attempts: 2, revision: 2 });
    expect((await other.configState.findUniqueOrThrow({ where: { id: 1 } })).revision).toBe(2);
  });

  it('still fail on any other error, without running again', async () => {
    let attempts = 0;
    const error = await writer
      .$transaction(async (tx) => {
        attempts++;
        await tx.controllerLease.create({ data: { name: 'collide', holder: 'again', expiresAt: new Date() } });
      })
      .catch((e: unknown) => e as { code?: string });
    expect({ attempts, code: error && (error as { code?: string }).code }).toEqual({ attempts: 1, code: 'P2002' });
  });
});
