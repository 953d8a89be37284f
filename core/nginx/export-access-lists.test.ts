// A location using a named access list is exported with the list's directives inline, in
// the order the engine applies them (the list's rules before the location's own), with a
// user file holding the stored hashes; nginx -t accepts it, and importing it back gives the
// access the engine enforced.
import { writeFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessListConfig } from '../config/access-list.ts';
import { exportNginxBundle, type ExportInput } from './export-nginx.ts';
import { importNginx } from './import-nginx.ts';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir } from '../../test/helpers/nginx-oracle.ts';

const hash = bcrypt.hashSync('list-secret', 4);
const office: AccessListConfig = { id: 'office', name: 'office', rules: [{ action: 'allow', source: '10.0.0.0/8' }], realm: 'Office', users: [{ username: 'ann', passwordHash: hash }], satisfy: 'any' };

const input = (): ExportInput => ({
  hosts: [
    {
      serverNames: ['lists.example.com'],
      locations: [
        { path: '/office/', action: { kind: 'proxy', address: '127.0.0.1:9000' }, policies: { access: { listId: 'office', rules: [{ action: 'deny', source: 'all' }] } } },
        { path: '/open/', action: { kind: 'proxy', address: '127.0.0.1:9000' } },
      ],
    },
  ],
  pools: [],
  cacheZones: [],
  limitZones: [],
  settings: {},
  accessLists: [office],
});

describe('exporting access lists', () => {
  it("writes the list's directives inline, its rules before the location's own", () => {
    const bundle = exportNginxBundle(input(), { prefix: '/srv/portico-nginx' });
    const office = bundle.config.slice(bundle.config.indexOf('location /office/'), bundle.config.indexOf('location /open/'));
    expect(office).toMatch(/allow 10\.0\.0\.0\/8;\s+deny all;/);
    expect(office).toContain('satisfy any;');
    expect(office).toContain('auth_basic Office;');
    expect(Object.values(bundle.files)).toContain(`ann:${hash}\n`);
    const back = importNginx(bundle.config, bundle.files);
    const location = back.hosts[0]!.locations.find((l) => l.path === '/office/')!;
    expect(location.policies.access).toEqual({
      rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'deny', source: 'all' }],
      basicAuth: { realm: 'Office', users: [{ username: 'ann', passwordHash: hash }] },
      satisfy: 'any',
    });
  });

  describe.skipIf(!canTestNginx)('nginx -t', () => {
    let dir: OracleDir;
    beforeAll(() => {
      dir = makeOracleDir();
    });
    afterAll(() => dir.cleanup());

    it('accepts the export', () => {
      const bundle = exportNginxBundle(input(), { mode: 'full', prefix: dir.prefix, httpPort: 18080, httpsPort: 18443, certificate: { certificate: dir.certificate, key: dir.key } });
      for (const [path, content] of Object.entries(bundle.files)) writeFileSync(path, content);
      expect(nginxRejects(bundle.config, dir), bundle.config).toBeNull();
    });
  });
});
