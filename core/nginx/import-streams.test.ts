// `stream {}` import and export: each case maps nginx text to streams and pools (with the
// exact warnings); the export of what was imported imports back to the same streams, and
// nginx itself accepts the exported configuration.
import { describe, expect, it } from 'vitest';
import { StreamInput } from '../config/stream.ts';
import { run } from '../../test/helpers/import-test-cases.ts';
import { makeOracleDir, nginxRejects, canTestNginx } from '../../test/helpers/nginx-oracle.ts';
import { existsSync } from 'node:fs';
import { exportNginx } from './export-nginx.ts';
import { importNginx } from './import-nginx.ts';

const stream = (body: string) => `stream { ${body} }`;

describe('stream import', () => {
  run([
    {
      desc: 'an upstream with the policies of HTTP pools, and a server with timeouts, access and limits',
      input: stream(
        'limit_conn_zone $binary_remote_addr zone=addr:10m; upstream db { least_conn; server 127.0.0.1:5432 weight=2 max_fails=3 fail_timeout=5s; server 127.0.0.1:5433 backup; } ' +
          'server { listen 15432; proxy_pass db; proxy_timeout 30s; proxy_connect_timeout 2s; allow 127.0.0.1; deny all; limit_conn addr 2; }',
      ),
      select: (p) => ({ pools: p.pools, streams: p.streams }),
      expected: {
        pools: [{ name: 'db', algorithm: 'LEAST_CONN', servers: [{ address: '127.0.0.1:5432', weight: 2, maxFails: 3, failTimeoutMs: 5000 }, { address: '127.0.0.1:5433', backup: true }] }],
        streams: [
          {
            name: 'tcp-15432',
            protocol: 'tcp',
            listenPort: 15432,
            poolId: 'db',
            address: null,
            connectTimeoutMs: 2000,
            idleTimeoutMs: 30000,
            access: [{ action: 'allow', source: '127.0.0.1' }, { action: 'deny', source: 'all' }],
            limits: { perClient: 2, total: 0 },
          },
        ],
      },
    },
    {
      desc: 'stream-level directives are inherited; a server may override them',
      input: stream('proxy_timeout 5s; deny 10.0.0.0/8; server { listen 1000; proxy_pass 127.0.0.1:1; } server { listen 2000; proxy_pass 127.0.0.1:2; proxy_timeout 1m; allow all; }'),
      select: (p) => p.streams!.map((s) => [s.listenPort, s.idleTimeoutMs, s.access]),
      expected: [
        [1000, 5000, [{ action: 'deny', source: '10.0.0.0/8' }]],
        [2000, 60000, []],
      ],
    },
    {
      desc: 'listen udp, an address with a port, two listens, $server_port limits and proxy_next_upstream',
      input: stream('limit_conn_zone $server_port zone=all:1m; server { listen 127.0.0.1:53 udp; listen 5353; proxy_pass 127.0.0.1:5300; limit_conn all 100; proxy_next_upstream off; proxy_next_upstream_tries 2; proxy_responses 1; }'),
      select: (p) => p.streams!.map((s) => [s.name, s.protocol, s.listenPort, s.limits, s.nextUpstream, s.nextUpstreamTries, s.responses]),
      expected: [
        ['udp-53', 'udp', 53, { perClient: 0, total: 100 }, false, 2, 1],
        ['tcp-5353', 'tcp', 5353, { perClient: 0, total: 100 }, false, 2, 1],
      ],
      warnings: ['note listen'],
    },
    {
      desc: 'a stream upstream named like an http upstream is renamed',
      input: 'upstream db { server 127.0.0.1:80; } ' + stream('upstream db { server 127.0.0.1:5432; } server { listen 5432; proxy_pass db; }'),
      select: (p) => [p.pools.map((x) => x.name), p.streams![0]!.poolId],
      expected: [['db', 'db-stream'], 'db-stream'],
      warnings: ['note upstream'],
    },
    {
      desc: 'what cannot be imported is said: variables in proxy_pass, no port, no proxy_pass, a limit by another key, duplicates',
      input: stream(
        'limit_conn_zone $ssl_preread_server_name zone=sni:1m; server { listen 1; proxy_pass $upstream; } server { listen 2; proxy_pass backend; } server { listen 3; return "x"; } ' +
          'server { listen 4; proxy_pass 127.0.0.1:4; limit_conn sni 1; } server { listen 4; proxy_pass 127.0.0.1:5; }',
      ),
      select: (p) => p.streams!.map((s) => s.listenPort),
      expected: [4],
      warnings: ['unsupported limit_conn_zone', 'unsupported proxy_pass', 'unsupported proxy_pass', 'unsupported server', 'unsupported return', 'unsupported limit_conn', 'unsupported server'],
    },
  ]);

  it('listen … proxy_protocol, set_real_ip_from and proxy_protocol on', () => {
    const plan = importNginx(stream('set_real_ip_from 10.0.0.0/8; server { listen 2525 proxy_protocol; set_real_ip_from 127.0.0.1; proxy_pass 127.0.0.1:25; proxy_protocol on; } server { listen 2526; proxy_pass 127.0.0.1:26; }'));
    expect(plan.warnings).toEqual([]);
    expect(plan.streams!.map((s) => s.proxyProtocol)).toEqual([
      { accept: true, trustedFrom: ['127.0.0.1'], send: true },
      { accept: false, trustedFrom: ['10.0.0.0/8'], send: false },
    ]);
  });

  it('listen … proxy_protocol and real_ip_header proxy_protocol on HTTP servers set the entrypoint and the client address', () => {
    const text = 'set_real_ip_from 10.0.0.0/8; real_ip_header proxy_protocol; server { listen 80 proxy_protocol; server_name a.test; location / { return 200; } }';
    const plan = importNginx(text);
    expect(plan.settings).toMatchObject({ trustedProxies: ['10.0.0.0/8'], realIpHeader: 'proxy_protocol', proxyProtocol: { http: true, https: false } });
    expect(plan.warnings.map((w) => `${w.kind} ${w.directive}`)).toEqual(['note listen']);
    const again = importNginx(exportNginx(plan));
    expect(again.settings).toMatchObject({ realIpHeader: 'proxy_protocol', proxyProtocol: { http: true, https: false } });
  });

  it('ssl_preread with a map of $ssl_preread_server_name becomes SNI routes', () => {
    const plan = importNginx(stream('upstream web_tls { server 127.0.0.1:8443; } map $ssl_preread_server_name $route { hostnames; db.test 127.0.0.1:5432; *.apps.test web_tls; ~^x regex; default web_tls; } server { listen 443; ssl_preread on; proxy_pass $route; }'));
    expect(plan.warnings.map((w) => `${w.kind} ${w.directive}`)).toEqual(['unsupported ~^x']);
    expect(plan.streams).toEqual([expect.objectContaining({ listenPort: 443, poolId: 'web_tls', address: null, sni: [{ serverNames: ['db.test'], poolId: null, address: '127.0.0.1:5432' }, { serverNames: ['*.apps.test'], poolId: 'web_tls', address: null }] })]);
  });

  it('listen … ssl terminates TLS with a certificate from the store', () => {
    const plan = importNginx(stream('server { listen 6380 ssl; ssl_certificate /etc/ssl/a.pem; ssl_certificate_key /etc/ssl/a.key; proxy_pass 127.0.0.1:6379; }'));
    expect(plan.streams).toEqual([expect.objectContaining({ listenPort: 6380, tls: { terminate: true, certificateId: null } })]);
    expect(plan.warnings.map((w) => `${w.kind} ${w.directive}`)).toEqual(['managed ssl_certificate', 'managed ssl_certificate_key']);
  });

  it('mail is still refused as a whole', () => {
    expect(importNginx('mail { server { listen 25; } }').warnings.map((w) => `${w.kind} ${w.directive}`)).toEqual(['unsupported mail']);
  });
});

const ROUND_TRIP = [
  stream('upstream db { hash $remote_addr consistent; server 127.0.0.1:5432 max_conns=10; server 127.0.0.1:5433 weight=5; } server { listen 15432; proxy_pass db; proxy_timeout 30s; }'),
  stream('limit_conn_zone $binary_remote_addr zone=a:10m; limit_conn_zone $server_port zone=b:1m; server { listen 6379; proxy_pass 127.0.0.1:6380; allow 127.0.0.0/8; deny all; limit_conn a 3; limit_conn b 50; proxy_connect_timeout 500ms; proxy_next_upstream off; }'),
  stream('upstream web_tls { server 127.0.0.1:8443; } map $ssl_preread_server_name $route { hostnames; db.test 127.0.0.1:5432; *.apps.test web_tls; default web_tls; } server { listen 443; ssl_preread on; proxy_pass $route; }'),
  stream('map $ssl_preread_server_name $only { a.test 127.0.0.1:1; b.test 127.0.0.1:1; } server { listen 8443; ssl_preread on; proxy_pass $only; }'),
  stream('server { listen 2525 proxy_protocol; set_real_ip_from 192.0.2.0/24; proxy_pass 127.0.0.1:25; proxy_protocol on; }'),
  stream('server { listen 5353 udp; proxy_pass 127.0.0.1:53; proxy_responses 1; proxy_timeout 1s; }') + ' upstream web { server 127.0.0.1:8000; } server { listen 80; server_name a.test; location / { proxy_pass http://web; } }',
];

describe('stream export', () => {
  it.each(ROUND_TRIP)('round-trips %s', (text) => {
    const plan = importNginx(text);
    const exported = exportNginx({ ...plan, streams: plan.streams });
    const again = importNginx(exported);
    expect(again.streams).toEqual(plan.streams);
    expect(again.pools).toEqual(plan.pools);
    for (const s of again.streams ?? []) expect(() => StreamInput.parse(s)).not.toThrow();
  });

  it.skipIf(!canTestNginx || !existsSync('/usr/lib/nginx/modules/ngx_stream_module.so')).each(ROUND_TRIP)('nginx -t accepts the full export of %s', (text) => {
    const plan = importNginx(text);
    const dir = makeOracleDir();
    try {
      const config = exportNginx({ ...plan, streams: plan.streams }, { mode: 'full', prefix: dir.prefix, streamModule: '/usr/lib/nginx/modules/ngx_stream_module.so', mimeTypes: '' });
      expect(nginxRejects(config, dir)).toBeNull();
    } finally {
      dir.cleanup();
    }
  });
});
