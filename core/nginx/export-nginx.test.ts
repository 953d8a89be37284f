import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostInput } from '../config/host.ts';
import { PoolInput } from '../config/pool.ts';
import { GlobalSettings } from '../config/settings.ts';
import { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { quoteArg } from './config-writer.ts';
import { type ExportInput, exportNginx, exportNginxBundle } from './export-nginx.ts';
import { roundTrips } from './export-round-trips.ts';
import { loadFixtures } from '../../test/helpers/nginx-fixtures.ts';
import { importNginx } from './import-nginx.ts';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir } from '../../test/helpers/nginx-oracle.ts';
import { Tokenizer } from './tokenizer.ts';

function normalised(plan: ExportInput) {
  return {
    hosts: plan.hosts.map((h) => HostInput.parse(h)),
    pools: plan.pools.map((p) => PoolInput.parse(p)),
    cacheZones: plan.cacheZones.map((z) => CacheZoneInput.parse(z)),
    limitZones: plan.limitZones.map((z) => LimitZoneInput.parse(z)),
    settings: GlobalSettings.parse(plan.settings),
  };
}

function reimport(plan: ExportInput) {
  const bundle = exportNginxBundle(plan, { prefix: '/srv/portico-nginx' });
  const files = Object.fromEntries(Object.entries(bundle.files).map(([path, content]) => [path, content]));
  const back = importNginx(bundle.config, files);
  return { back, config: bundle.config };
}

describe('import(export(plan)) equals plan', () => {
  it.each(roundTrips)('$desc', ({ plan }) => {
    const { back, config } = reimport(plan);
    expect(back.warnings.filter((w) => w.kind === 'unsupported'), config).toEqual([]);
    expect(normalised(back as unknown as ExportInput), config).toEqual(normalised(plan));
  });

  it('pools referenced by id (snapshots) are written by name', () => {
    const config = exportNginx({
      hosts: [{ serverNames: ['a.example.com'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'pool_1' } }] }],
      pools: [{ id: 'pool_1', name: 'backend', servers: [{ address: '127.0.0.1:1' }] }],
      cacheZones: [],
      limitZones: [],
      settings: {},
    });
    expect(config).toContain('proxy_pass http://backend;');
    expect(config).toContain('upstream backend {');
  });
});

describe('a location keeping encoded slashes', () => {
  it('is exported with a note (nginx has no such switch) and imports back as the nginx default', () => {
    const plan: ExportInput = {
      hosts: [
        {
          serverNames: ['git.example.com'],
          locations: [
            { path: '/', action: { kind: 'proxy', address: '127.0.0.1:3000', keepEncodedSlashes: true } },
            { path: '/api/', action: { kind: 'proxy', address: '127.0.0.1:3000', uri: '/', keepEncodedSlashes: true } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    };
    const { back, config } = reimport(plan);
    expect(config).toContain('# portico: keeps encoded slashes (%2F as data); nginx passes them on as sent here');
    expect(config).toContain('# portico: keeps encoded slashes (%2F as data); nginx decodes them before the URI part');
    expect(back.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    const locations = normalised(back as unknown as ExportInput).hosts[0]!.locations;
    expect(locations.map((l) => l.action.kind === 'proxy' && l.action.keepEncodedSlashes)).toEqual([false, false]);
  });
});

describe("a host's X-Forwarded-Proto switch", () => {
  it('becomes proxy_set_header X-Forwarded-Proto $scheme in every proxy_set_header group, and imports back as header rules', () => {
    const plan: ExportInput = {
      hosts: [
        {
          serverNames: ['fp.example.com'],
          entrypoints: ['http', 'https'],
          tls: { forwardedProto: true },
          locations: [
            { path: '/', action: { kind: 'proxy', address: '127.0.0.1:3000' } },
            { path: '/own/', action: { kind: 'proxy', address: '127.0.0.1:3000' }, policies: { proxyHeaders: [{ name: 'Host', value: '$host' }] } },
            { path: '/set/', action: { kind: 'proxy', address: '127.0.0.1:3000' }, policies: { proxyHeaders: [{ name: 'X-Forwarded-Proto', value: 'custom' }] } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    };
    const { back, config } = reimport(plan);
    const [host] = back.hosts;
    expect(host!.tls.forwardedProto, config).toBe(false);
    expect(host!.policies.proxyHeaders, config).toEqual([{ name: 'X-Forwarded-Proto', value: '$scheme' }]);
    const byPath = Object.fromEntries(host!.locations.map((l) => [l.path, l.policies.proxyHeaders]));
    expect(byPath['/'], config).toBeUndefined();
    // Its Host $host comes back as the location's switch; the rest is the host's list.
    expect(byPath['/own/'], config).toBeUndefined();
    expect(host!.locations.find((l) => l.path === '/own/')!.policies.passHostHeader, config).toBe(true);
    expect(byPath['/set/'], config).toEqual([{ name: 'X-Forwarded-Proto', value: 'custom' }]);
  });
});

describe("the pass-the-client's-Host switch", () => {
  it('is written as proxy_set_header Host $host in every group it applies to, and imports back as the switch', () => {
    const proxy = { kind: 'proxy' as const, address: '127.0.0.1:3000' };
    const plan: ExportInput = {
      hosts: [
        {
          serverNames: ['h.example.com'],
          policies: { passHostHeader: true, proxyHeaders: [{ name: 'X-A', value: '1' }] },
          locations: [
            { path: '/', action: proxy },
            { path: '/own/', action: proxy, policies: { proxyHeaders: [{ name: 'X-B', value: '2' }] } },
            { path: '/off/', action: proxy, policies: { passHostHeader: false } },
            { path: '/rule/', action: proxy, policies: { proxyHeaders: [{ name: 'Host', value: '$http_host' }] } },
          ],
        },
        { serverNames: ['plain.example.com'], locations: [{ path: '/', action: proxy, policies: { passHostHeader: true } }] },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    };
    const { back, config } = reimport(plan);
    expect(config.match(/proxy_set_header Host \$host;/g), config).toHaveLength(3);
    const [h, plain] = back.hosts;
    expect(h!.policies, config).toMatchObject({ passHostHeader: true, proxyHeaders: [{ name: 'X-A', value: '1' }] });
    const policies = Object.fromEntries(h!.locations.map((l) => [l.path, l.policies]));
    expect(policies['/'], config).toEqual({});
    expect(policies['/own/'], config).toEqual({ proxyHeaders: [{ name: 'X-B', value: '2' }] });
    expect(policies['/off/'], config).toEqual({ passHostHeader: false });
    expect(policies['/rule/'], config).toEqual({ passHostHeader: false, proxyHeaders: [{ name: 'Host', value: '$http_host' }] });
    expect(plain!.locations[0]!.policies, config).toEqual({ passHostHeader: true });
  });
});

describe('quoteArg', () => {
  const samples = ['plain', '', 'a b', 'x\\', '\\"', 'OK\n', '\\d+\\.\\t', "it's", '^/a{2}$', '${x}', 'a;b', '#x', 'x#y', '\\\\', 'tab\there'];
  it.each(samples)('%j reads back the same', (value) => {
    const back = new Tokenizer(`d ${quoteArg(value)};`).next().words[1]!.value;
    expect(back).toBe(value);
  });
});

describe.skipIf(!canTestNginx)('exported configurations pass nginx -t', () => {
  let dir: OracleDir;
  beforeAll(() => {
    dir = makeOracleDir();
  });
  afterAll(() => dir.cleanup());

  // Debian's mime.types (nginx's package ships it): a static location without its own
  // `types {}` means Portico's table, which is that file; without it nginx types files by
  // its compiled-in table and the plan would not come back the same.
  const options = () => ({ mode: 'full' as const, prefix: dir.prefix, httpPort: 18080, httpsPort: 18443, certificate: { certificate: dir.certificate, key: dir.key } });

  it.each(loadFixtures())('seed fixture $name: import → export → nginx -t → same plan', ({ text, files }) => {
    const plan = importNginx(text, files);
    const bundle = exportNginxBundle(plan, options());
    expect(nginxRejects(bundle.config, dir), bundle.config).toBeNull();
    // Everything the seeds configure can be said in nginx: no "cannot express" comments.
    expect(bundle.config).not.toContain('# portico:');
    const back = importNginx(bundle.config, bundle.files);
    expect(back.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    expect(normalised(back as unknown as ExportInput)).toEqual(normalised(plan as unknown as ExportInput));
  });

  it.each(roundTrips)('round-trip plan: $desc', ({ plan }) => {
    const config = exportNginx(plan, options());
    expect(nginxRejects(config, dir), config).toBeNull();
  });

  it('an HTTPS pool with its own CA gets the CA file in the bundle', () => {
    const bundle = exportNginxBundle(
      {
        hosts: [{ serverNames: ['a.example.com'], locations: [{ path: '/', action: { kind: 'proxy', scheme: 'https', poolId: 'tls' } }] }],
        pools: [{ name: 'tls', tls: { verify: true, serverName: 'internal.example', caPem: readFileSync(dir.certificate, 'utf8') }, servers: [{ address: '127.0.0.1:8443' }] }],
        cacheZones: [],
        limitZones: [],
        settings: {},
      },
      options(),
    );
    const [path, content] = Object.entries(bundle.files)[0]!;
    writeFileSync(path, content);
    expect(bundle.config).toContain(`proxy_ssl_trusted_certificate ${path};`);
    expect(bundle.config).toContain('proxy_ssl_name internal.example;');
    expect(nginxRejects(bundle.config, dir), bundle.config).toBeNull();
  });

  it('the http-block form can be included in an nginx.conf', () => {
    const body = exportNginx(roundTrips[0]!.plan, { prefix: dir.prefix, httpPort: 18080 });
    const config = `error_log ${dir.prefix}/error.log;\npid ${dir.prefix}/nginx.pid;\nevents {}\nhttp {\n${body}}\n`;
    expect(nginxRejects(config, dir), config).toBeNull();
  });
});

describe("a pool's PROXY protocol", () => {
  const plan = (proxyProtocol: 'v1' | 'v2'): ExportInput => ({
    hosts: [{ serverNames: ['pp.example.com'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'pool_pp' } }] }],
    pools: [{ id: 'pool_pp', name: 'pp', proxyProtocol, servers: [{ address: '127.0.0.1:9000' }] }],
    cacheZones: [],
    limitZones: [],
    settings: {},
    streams: [{ name: 'db', listenPort: 5432, poolId: 'pool_pp' }],
  });

  it.each([
    { version: 'v1' as const, streamNote: false },
    { version: 'v2' as const, streamNote: true },
  ])('$version: a note on the upstream (nginx cannot send it over HTTP), proxy_protocol on in the stream', ({ version, streamNote }) => {
    const config = exportNginx(plan(version));
    expect(config).toContain(`# portico: proxyProtocol ${version} — nginx cannot send the PROXY protocol to HTTP upstreams`);
    expect(config).toMatch(/listen 5432;[^}]*proxy_protocol on;/);
    expect(config.includes("nginx's stream module sends version 1")).toBe(streamNote);
    // Imported back: the stream keeps sending it; the HTTP side has nothing to say it with.
    const back = importNginx(config);
    expect(back.streams?.[0]?.proxyProtocol).toMatchObject({ send: true });
  });
});
