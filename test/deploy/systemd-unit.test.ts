// deploy/portico.service: what the README promises of it (ports 80/443 without root through
// one ambient capability, a production start), variables Portico knows, and a unit systemd
// itself parses without complaint.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PorticoEnv } from '../../core/env.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

const UNIT = path.join(REPO_ROOT, 'deploy/portico.service');
const lines = fs.readFileSync(UNIT, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
const values = (key: string) => lines.filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));
const environment = new Map(values('Environment').map((pair) => pair.split('=', 2) as [string, string]));

describe('the systemd unit', () => {
  it('binds 80 and 443 as an unprivileged user with CAP_NET_BIND_SERVICE alone', () => {
    expect(values('User')).toEqual(['portico']);
    expect(values('AmbientCapabilities')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(values('CapabilityBoundingSet')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(environment.get('PORTICO_HTTP_PORT')).toBe('80');
    expect(environment.get('PORTICO_HTTPS_PORT')).toBe('443');
  });

  it('starts the production install without building, with variables Portico knows', () => {
    expect(environment.get('NODE_ENV')).toBe('production');
    expect(values('ExecStart')).toEqual(['/usr/bin/env node scripts/start.ts']);
    expect(fs.existsSync(path.join(REPO_ROOT, 'scripts/start.ts'))).toBe(true);
    const unknown = [...environment.keys()].filter((name) => name.startsWith('PORTICO_') && !(name in PorticoEnv.shape));
    expect(unknown).toEqual([]);
  });

  const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  it.skipIf(!analyze)('parses without an unknown key or section (systemd-analyze verify)', () => {
    const verify = spawnSync(analyze, ['verify', UNIT], { encoding: 'utf8' });
    expect(`${verify.stdout}${verify.stderr}`.split('\n').filter((line) => /Unknown (key|section)|Failed to parse|Invalid/i.test(line))).toEqual([]);
  });
});
