import { describe } from 'vitest';
import { OK, run, server } from '../../test/helpers/import-test-cases.ts';

describe('upstreams', () => {
  run([
    {
      desc: 'server parameters and keepalive',
      input: 'upstream u { server 127.0.0.1:1 weight=3 max_fails=2 fail_timeout=1m max_conns=100 slow_start=30s; server 127.0.0.1:2 backup; server localhost down; keepalive 16; keepalive_timeout 30s; keepalive_requests 500; zone u 64k; }',
      select: (p) => p.pools[0],
      expected: {
        name: 'u',
        algorithm: 'ROUND_ROBIN',
        keepalive: { maxIdle: 16, idleTimeoutMs: 30000, maxRequests: 500 },
        servers: [
          { address: '127.0.0.1:1', weight: 3, maxFails: 2, failTimeoutMs: 60000, maxConns: 100, slowStartMs: 30000 },
          { address: '127.0.0.1:2', backup: true },
          { address: 'localhost:80', down: true },
        ],
      },
      warnings: ['ignored zone'],
    },
    { desc: 'hash $request_uri consistent', input: 'upstream u { hash $request_uri consistent; server 127.0.0.1:1; }', select: (p) => p.pools[0], expected: { algorithm: 'HASH', balance: { hashKey: { source: 'uri' }, consistent: true } } },
    { desc: 'hash on a header', input: 'upstream u { hash $http_x_user; server 127.0.0.1:1; }', select: (p) => p.pools[0], expected: { balance: { hashKey: { source: 'header', name: 'x-user' }, consistent: false } } },
    { desc: 'random two least_conn', input: 'upstream u { random two least_conn; server 127.0.0.1:1; }', select: (p) => p.pools[0], expected: { algorithm: 'RANDOM_TWO' } },
    { desc: 'plain random is reported', input: 'upstream u { random; server 127.0.0.1:1; }', select: (p) => p.pools[0], expected: { algorithm: 'ROUND_ROBIN' }, warnings: ['note random'] },
    { desc: 'least_conn / ip_hash', input: 'upstream a { least_conn; server 127.0.0.1:1; } upstream b { ip_hash; server 127.0.0.1:1; }', select: (p) => p.pools.map((x) => x.algorithm), expected: ['LEAST_CONN', 'IP_HASH'] },
    { desc: 'backup with ip_hash is dropped (nginx refuses it)', input: 'upstream u { ip_hash; server 127.0.0.1:1; server 127.0.0.1:2 backup; }', select: (p) => p.pools[0]!.servers.length, expected: 1 as unknown as object, warnings: ['unsupported upstream'] },
  ]);
});

describe('warnings for what is not mapped', () => {
  run([
    {
      desc: 'process, event and tuning directives are "not needed"; unknown ones unsupported',
      input: 'worker_processes auto; events { worker_connections 1024; } http { sendfile on; more_set_headers "X: y"; }',
      select: (p) => p.warnings.map((w) => [w.line, w.kind, w.directive]),
      expected: [
        [1, 'ignored', 'worker_processes'],
        [1, 'ignored', 'events'],
        [1, 'ignored', 'worker_connections'],
        [1, 'ignored', 'sendfile'],
        [1, 'unsupported', 'more_set_headers'],
      ],
      warnings: ['ignored worker_processes', 'ignored events', 'ignored worker_connections', 'ignored sendfile', 'unsupported more_set_headers'],
    },
    {
      desc: 'TLS directives: certificates managed, modern protocols noted, old ones unsupported',
      input: server(`${OK} ssl_certificate /c.pem; ssl_certificate_key /k.pem; ssl_protocols TLSv1 TLSv1.2; ssl_ciphers HIGH:!aNULL;`, 'listen 443 ssl; server_name a.example.com;'),
      select: (p) => p.warnings.map((w) => w.kind),
      expected: ['managed', 'managed', 'unsupported', 'note'],
      warnings: ['managed ssl_certificate', 'managed ssl_certificate_key', 'unsupported ssl_protocols', 'note ssl_ciphers'],
    },
    {
      desc: 'directives without effect where they stand',
      input: server('proxy_cache_valid 200 1m; location / { proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => p.warnings[0],
      expected: { directive: 'proxy_cache_valid', kind: 'ignored', message: 'has no effect without proxy_cache (as in nginx)', line: 1 },
      warnings: ['ignored proxy_cache_valid'],
    },
    {
      desc: 'warnings in included files name the file',
      input: 'include sites/*.conf;',
      files: { 'sites/a.conf': 'server {\n  listen 80;\n  server_name a.example.com;\n  limit_rate 10k;\n  location / { return 200; }\n}' },
      select: (p) => p.warnings[0],
      expected: { file: 'sites/a.conf', line: 4, column: 3, directive: 'limit_rate', kind: 'unsupported' },
      warnings: ['unsupported limit_rate'],
    },
  ]);
});
