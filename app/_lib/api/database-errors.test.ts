// A database that becomes unusable while the dashboard runs: the real errors Prisma
// raises for each kind of damage map to 503 database_unavailable, never to a 500.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '@/core/db/client.ts';
import { createDataDir } from '@/test/helpers/data-dir.ts';
import { errorResponse, toApiError } from './errors.ts';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const cases: { desc: string; damage: (file: string) => void }[] = [
  {
    desc: 'garbage over the header',
    damage: (file) => {
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
      fs.closeSync(fd);
    },
  },
  { desc: 'truncated', damage: (file) => fs.truncateSync(file, 2048) },
  {
    desc: 'a directory in its place',
    damage: (file) => {
      fs.rmSync(file);
      fs.mkdirSync(file);
    },
  },
  { desc: 'emptied (no tables)', damage: (file) => fs.truncateSync(file, 0) },
];

describe('a database that cannot be used, seen from an API route', () => {
  it.each(cases)('$desc → 503 database_unavailable', async ({ damage }) => {
    const data = await createDataDir('portico-dberrors-');
    cleanups.push(data.cleanup);
    damage(path.join(data.dir, 'portico.db'));
    const db = await openDb(data.dir);
    const error = await db.user.count().then(
      () => null,
      (e: unknown) => e,
    );
    await db.$disconnect();
    expect(error).not.toBeNull();
    expect(toApiError(error).code).toBe('database_unavailable');
    const res = errorResponse(error);
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/the database cannot be used/);
  });
});
