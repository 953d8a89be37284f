// Every configuration block of the seed tutorials (fixtures/seed-NNN) imports into
// objects that pass the shared schemas, with no "unsupported" warning: the only
// warnings are the out-of-scope ones listed here (certificate files, process tuning,
// buffer sizes, log files, and notes on how something was mapped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostInput } from '../config/host.ts';
import { PoolInput } from '../config/pool.ts';
import { GlobalSettings } from '../config/settings.ts';
import { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { FIXTURES_DIR, type Fixture, loadFixtures } from '../../test/helpers/nginx-fixtures.ts';
import { importNginx } from './import-nginx.ts';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir } from '../../test/helpers/nginx-oracle.ts';

// proxy_buffer_size is imported (the head size limit); the other buffer sizes are not needed.
const BUFFERS = ['ignored proxy_buffers', 'ignored proxy_busy_buffers_size'];

/** "<line> <kind> <directive>" of every expected warning; fixtures not listed have none. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  'seed-000/10-node-app.conf': ['20 ignored proxy_cache_bypass'],
  'seed-000/13-buffer-management.conf': BUFFERS.map((w, i) => `${11 + i} ${w}`),
  'seed-001/03-health-checks.conf': ['10 note server'],
  'seed-001/06-buffering-timeouts.conf': BUFFERS.map((w, i) => `${14 + i} ${w}`),
  'seed-002/10-ssl-termination.conf': [
    '13 managed ssl_certificate',
    '14 managed ssl_certificate_key',
    '17 note ssl_protocols',
    '18 note ssl_ciphers',
    '19 ignored ssl_prefer_server_ciphers',
    '22 ignored ssl_stapling',
    '23 ignored ssl_stapling_verify',
    '24 managed ssl_trusted_certificate',
    '27 ignored ssl_session_timeout',
    '28 ignored ssl_session_cache',
    '29 ignored ssl_session_tickets',
  ],
  'seed-002/12-caching.conf': ['4 managed proxy_cache_path'],
  'seed-002/14-health-checks.conf': ['9 note server'],
  'seed-002/15-proxy-headers.conf': BUFFERS.map((w, i) => `${27 + i} ${w}`),
  'seed-002/16-security-hardening.conf': ['23 note deny', '24 note deny'],
  'seed-002/17-multiple-apps.conf': ['37 managed ssl_certificate', '38 managed ssl_certificate_key'],
  'seed-002/18-http2-gzip.conf': ['25 ignored gzip_disable', '33 note gzip_static'],
  'seed-002/21-buffer-errors.conf': [...BUFFERS.map((w, i) => `${9 + i} ${w}`), '13 ignored proxy_max_temp_file_size'],
  'seed-002/22-debug-log.conf': ['3 managed error_log'],
  'seed-002/23-production-nginx-conf.conf': [
    '3 ignored user',
    '4 ignored worker_processes',
    '5 ignored worker_rlimit_nofile',
    '6 ignored pid',
    '8 ignored events',
    '9 ignored worker_connections',
    '10 ignored multi_accept',
    '11 ignored use',
    '16 ignored sendfile',
    '17 ignored tcp_nopush',
    '18 ignored tcp_nodelay',
    '19 ignored keepalive_timeout',
    '20 ignored types_hash_max_size',
    '25 managed log_format',
    '29 managed access_log',
    '30 managed error_log',
  ],
  'seed-004/15-caching.conf': ['5 managed proxy_cache_path'],
  'seed-004/17-ssl-termination.conf': ['9 managed ssl_certificate', '10 managed ssl_certificate_key', '13 note ssl_protocols', '14 note ssl_ciphers', '15 ignored ssl_prefer_server_ciphers'],
  'seed-004/19-production-app.conf': ['19 managed proxy_cache_path', '30 managed ssl_certificate', '31 managed ssl_certificate_key', '32 note ssl_protocols'],
};

const fixtures = loadFixtures();

describe('seed configurations import', () => {
  it('cover all five seed documents', () => {
    expect(new Set(fixtures.map((f) => f.name.split('/')[0]))).toEqual(new Set(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']));
    expect(fixtures.length).toBeGreaterThanOrEqual(60);
    for (const name of Object.keys(EXPECTED_WARNINGS)) expect(fixtures.map((f) => f.name)).toContain(name);
  });

  it.each(fixtures)('$name', ({ name, text, files }) => {
    const plan = importNginx(text, files);
    for (const host of plan.hosts) expect(HostInput.parse(host)).toEqual(host);
    for (const pool of plan.pools) expect(PoolInput.parse(pool)).toEqual(pool);
    for (const zone of plan.cacheZones) expect(CacheZoneInput.parse(zone)).toEqual(zone);
    for (const zone of plan.limitZones) expect(LimitZoneInput.parse(zone)).toEqual(zone);
    expect(() => GlobalSettings.partial().parse(plan.settings)).not.toThrow();
    expect(plan.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    expect(plan.warnings.map((w) => `${w.line} ${w.kind} ${w.directive}`)).toEqual(EXPECTED_WARNINGS[name] ?? []);
    expect(plan.hosts.length + plan.pools.length + plan.cacheZones.length + plan.limitZones.length + plan.warnings.length).toBeGreaterThan(0);
  });
});

describe('what the seeds mean, spot-checked', () => {
  const plan = (name: string) => {
    const f = fixtures.find((x) => x.name === name)!;
    return importNginx(f.text, f.files);
  };

  it('the production app (seed 004): forceHttps, cached and rate-limited API, WebSocket, health check', () => {
    const p = plan('seed-004/19-production-app.conf');
    expect(p.hosts).toHaveLength(1);
    const host = p.hosts[0]!;
    expect(host).toMatchObject({ serverNames: ['app.example.com'], entrypoints: ['http', 'https'], tls: { forceHttps: true } });
    // server_tokens off is Portico's default already.
    expect(host.policies.serverTokens).toBeUndefined();
    const api = host.locations.find((l) => l.path === '/api/')!;
    expect(api.action).toEqual({ kind: 'proxy', scheme: 'http', poolId: 'api_backends', uri: null, keepEncodedSlashes: false });
    expect(api.policies).toMatchObject({ cache: { zone: 'api_cache', statusHeader: 'X-Cache-Status' }, rateLimits: [{ zone: 'api_rate', burst: 40, nodelay: true }], retry: { tries: 2 } });
    // nginx's add_header inheritance: /api/ has its own add_header, so none of the server's.
    expect(api.policies.responseHeaders).toEqual({ add: [], hide: [], pass: [] });
    expect(host.locations.find((l) => l.path === '/ws/')!.policies.websocket).toEqual({ enabled: true, idleTimeoutMs: 3600000 });
    expect(host.locations.find((l) => l.path === '/health')).toMatchObject({ matchKind: 'EXACT', action: { kind: 'return', status: 200, body: 'OK\n' } });
    expect(p.pools.map((x) => [x.name, x.algorithm])).toEqual([
      ['api_backends', 'LEAST_CONN'],
      ['websocket_backends', 'IP_HASH'],
    ]);
  });

  it('the TLS server (seed 002): HSTS becomes the host setting', () => {
    const host = plan('seed-002/10-ssl-termination.conf').hosts[0]!;
    expect(host.tls).toMatchObject({ forceHttps: true, hsts: { enabled: true, maxAgeSeconds: 63072000, includeSubDomains: true } });
  });

  it('the production nginx.conf (seed 002) with its pasted conf.d file', () => {
    const p = plan('seed-002/23-production-nginx-conf.conf');
    expect(p.settings).toEqual({ serverTokens: false });
    expect(p.hosts[0]!.policies).toMatchObject({ maxBodyBytes: 16 * 1024 * 1024, compression: { gzip: true, level: 5, minLength: 256, vary: true, proxied: ['any'] } });
    expect(p.hosts[0]!.locations[0]!.policies.rateLimits).toEqual([{ zone: 'general', burst: 20, nodelay: false, delay: 0, status: 503, dryRun: false }]);
  });

  it('trailing slashes (seed 003)', () => {
    expect(plan('seed-003/01-without-trailing-slash.conf').hosts[0]!.locations[0]!.action).toMatchObject({ uri: null });
    expect(plan('seed-003/02-with-trailing-slash.conf').hosts[0]!.locations[0]!.action).toMatchObject({ uri: '/' });
  });
});

/** The fixture as a complete nginx.conf for `nginx -t`, with paths moved into the oracle's prefix. */
function asNginxConf(fixture: Fixture, dir: OracleDir): string {
  const certs = `ssl_certificate ${dir.certificate}; ssl_certificate_key ${dir.key};`;
  let text = fixture.text
    .replace(/\/etc\/letsencrypt\/live\/\S*?privkey\.pem/g, dir.key)
    .replace(/\/etc\/letsencrypt\/live\/\S*?\.pem/g, dir.certificate)
    .replace(/\/var\/cache\/nginx(\/api)?/g, `${dir.prefix}/cache`)
    .replace(/\/var\/log\/nginx/g, dir.prefix)
    .replace('/etc/nginx/conf.d/*.conf', `${FIXTURES_DIR}/${fixture.name.slice(0, -5)}.d/*.conf`)
    .replace(/^user nginx;$/m, '')
    .replace('pid /run/nginx.pid;', '');
  const head = `error_log ${dir.prefix}/error.log;\npid ${dir.prefix}/nginx.pid;\n`;
  if (/^events/m.test(text)) return head + text.replace('http {', `http { ${certs}`);
  if (/^http\s*\{/m.test(text)) return `${head}events {}\n${text.replace(/^http\s*\{/m, `http { ${certs}`)}`;
  text = `http { ${certs}\n${text}\n}\n`;
  return `${head}events {}\n${text}`;
}

describe.skipIf(!canTestNginx)('the fixtures are configurations nginx accepts', () => {
  let dir: OracleDir;
  beforeAll(() => {
    dir = makeOracleDir();
  });
  afterAll(() => dir.cleanup());

  it.each(fixtures)('$name', (fixture) => {
    expect(nginxRejects(asNginxConf(fixture, dir), dir)).toBeNull();
  });
});
