// WebSocket through the seeds' pattern (map $http_upgrade $connection_upgrade, HTTP/1.1,
// Upgrade and Connection set): the handshake the upstream sees and the client gets,
// messages echoed through both proxies; a location without that pattern does not
// upgrade; an upstream that declines the upgrade is relayed as an HTTP answer.
import { describe, expect, it } from 'vitest';
import { itCases, usePortico } from './harness/case-suite.ts';
import { probe, startPair, type Case } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';
import { converse } from './harness/ws-client.ts';

const host = 'ws.example.com';
const CONFIG = `
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server { listen 80; server_name ${host};
    location /ws/ {
      proxy_pass http://{{w}};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 3600s;
    }
    location /literal/ {
      proxy_pass http://{{w}}/;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
    }
    location /gone/ {
      proxy_pass http://{{x}};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }
    location / { proxy_pass http://{{w}}; proxy_set_header Host $host; }
  }`;
const UPSTREAMS = { websocket: ['w'], dead: ['x'] };

// RFC 6455 §1.3's sample key, so the handshake is the same bytes for both proxies.
const handshake = (target: string, extra: [string, string][] = []): RawRequest => ({
  target,
  host,
  headers: [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13'], ['Origin', `http://${host}`], ...extra],
});

const cases: Case[] = [
  {
    desc: 'the upgrade handshake: 101 to the client, Upgrade/Connection/key and the configured headers to the upstream',
    config: CONFIG,
    upstreams: UPSTREAMS,
    probes: [
      probe(handshake('/ws/chat?room=1'), {
        status: 101,
        target: '/ws/chat?room=1',
        headers: { upgrade: 'websocket', connection: 'upgrade', 'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
        upstreamHeaders: { upgrade: 'websocket', connection: 'upgrade', host, 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'x-real-ip': '127.0.0.1' },
      }),
      probe(handshake('/literal/chat'), { status: 101, target: '/chat', upstreamHeaders: { upgrade: 'websocket', connection: 'upgrade' } }),
      probe(handshake('/ws/chat', [['X-Forwarded-For', '198.51.100.7']]), { status: 101, upstreamHeaders: { 'x-forwarded-for': '198.51.100.7, 127.0.0.1' } }),
    ],
  },
  {
    desc: 'a plain request to the WebSocket location is proxied as a normal request (no Upgrade sent)',
    config: CONFIG,
    upstreams: UPSTREAMS,
    probes: [probe({ target: '/ws/chat', host }, { status: 200, upstreamHeaders: { upgrade: null } }), probe({ target: '/literal/page', host }, { status: 200, upstreamHeaders: { upgrade: null } })],
  },
  {
    desc: 'a location without the upgrade headers does not upgrade: the upstream gets a plain request',
    config: CONFIG,
    upstreams: UPSTREAMS,
    probes: [probe(handshake('/plain/chat'), { status: 200, upstreamHeaders: { upgrade: null, 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } })],
  },
  {
    desc: 'an upstream that declines the upgrade: its answer reaches the client; a dead one: 502',
    config: CONFIG,
    upstreams: UPSTREAMS,
    probes: [probe(handshake('/ws/status/403'), { status: 403, body: 'w 403' }), probe(handshake('/gone/chat'), { status: 502 })],
  },
];

describe('conformance: WebSocket', () => {
  const portico = usePortico();
  itCases(portico, cases);

  it('messages echo through both proxies; the location without upgrade headers refuses the client', async () => {
    const pair = await startPair(portico(), CONFIG, UPSTREAMS);
    try {
      const messages = ['hello', 'x'.repeat(70_000), Buffer.from([0, 1, 2, 255]), 'bye'];
      for (const path of ['/ws/chat', '/literal/chat', '/plain/chat']) {
        const viaNginx = await converse(pair.nginx.port, path, host, messages);
        const viaPortico = await converse(pair.portico.port, path, host, messages);
        expect.soft(viaPortico, `Portico differs from nginx for a conversation on ${path}`).toEqual(viaNginx);
        if (path === '/plain/chat') expect.soft(viaNginx, 'nginx on /plain/chat').toEqual({ opened: false, received: [], error: 'unexpected server response: 200' });
        else expect.soft(viaNginx.received, `nginx on ${path}`).toEqual(['echo:hello', `echo:${'x'.repeat(70_000)}`, `echo:${Buffer.from([0, 1, 2, 255]).toString()}`, 'echo:bye']);
      }
    } finally {
      await pair.close();
    }
  });
});
