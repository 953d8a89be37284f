// large_client_header_buffers over HTTP/2 (nginx h2c, Portico h2 over TLS): nginx measures
// each name and value as it came on the wire, HPACK-encoded (Huffman, as clients send
// them), against one buffer, and the decoded fields together against all buffers; past
// either it ends the connection (GOAWAY ENHANCE_YOUR_CALM). So a 9 KB cookie of letters
// (about 7.9 KB Huffman-coded) passes, an 11 KB one does not; a long :path has no 414.
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';
import { startUpstreams, type Upstreams } from './harness/upstreams.ts';

const host = 'h2-headers.example.com';

/** Deterministic base64 text of `n` characters (about 6 bits each when Huffman-coded). */
function base64Text(n: number, seed: string): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += createHash('sha256').update(`${seed}${i}`).digest('base64').replace(/=/g, '');
  return out.slice(0, n);
}

const cases: { desc: string; headers: http2.OutgoingHttpHeaders; expect: string }[] = [
  { desc: 'an 8 KB cookie of one letter', headers: { cookie: 'x'.repeat(8000) }, expect: '200' },
  { desc: 'a 9 KB cookie of one letter (7.9 KB coded)', headers: { cookie: 'x'.repeat(9000) }, expect: '200' },
  { desc: 'a 9.3 KB cookie of one letter (8.2 KB coded)', headers: { cookie: 'x'.repeat(9400) }, expect: 'connection ended' },
  { desc: 'an 11 KB cookie of one letter', headers: { cookie: 'x'.repeat(11000) }, expect: 'connection ended' },
  { desc: 'a 9 KB base64 cookie', headers: { cookie: base64Text(9000, 'a') }, expect: '200' },
  { desc: 'a 10,000-byte base64 cookie (8,084 bytes coded)', headers: { cookie: base64Text(10000, 'b') }, expect: '200' },
  { desc: 'a 10,200-byte base64 cookie (8,245 bytes coded)', headers: { cookie: base64Text(10200, 'b') }, expect: 'connection ended' },
  { desc: 'punctuation (long codes): 3,000 bytes of "<>{}"', headers: { 'x-punct': '<>{}'.repeat(750) }, expect: '200' },
  { desc: 'punctuation (long codes): 5,000 bytes of "<>{}" (coded longer than raw: sent raw)', headers: { 'x-punct': '<>{}'.repeat(1250) }, expect: '200' },
  { desc: 'punctuation: 8,200 bytes of "<>{}" (raw, over 8k)', headers: { 'x-punct': '<>{}'.repeat(2050) }, expect: 'connection ended' },
  { desc: 'a 12 KB base64 cookie', headers: { cookie: base64Text(12000, 'c') }, expect: 'connection ended' },
  { desc: 'twenty cookie crumbs of 600 bytes', headers: { cookie: Array.from({ length: 20 }, (_, i) => `c${i}=${'v'.repeat(600)}`) }, expect: '200' },
  { desc: 'a 12 KB :path', headers: { ':path': `/${'a'.repeat(12000)}` }, expect: '200' },
  { desc: 'a 14 KB :path', headers: { ':path': `/${'a'.repeat(14000)}` }, expect: 'connection ended' },
  { desc: 'a 9 KB header name', headers: { [`x-${'n'.repeat(9000)}`]: 'v' }, expect: '200' },
  { desc: 'four 7 KB headers (28 KB in all)', headers: Object.fromEntries([1, 2, 3, 4].map((i) => [`x-h${i}`, base64Text(7000, `d${i}`)])), expect: '431' },
  { desc: 'five 7 KB headers (35 KB in all, over 4 × 8k)', headers: Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`x-h${i}`, base64Text(7000, `e${i}`)])), expect: 'connection ended' },
];

/** "200", "431", …, or "connection ended" (GOAWAY, no response). */
function outcome(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders): Promise<string> {
  return new Promise((resolve) => {
    session.on('error', () => {});
    const stream = session.request({ ':path': '/', ':authority': host, ...headers }, { endStream: true });
    let status: string | null = null;
    stream.on('response', (h) => (status = String(h[':status'])));
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('close', () => resolve(status ?? 'connection ended'));
  });
}

describe('conformance: HTTP/2 header sizes against large_client_header_buffers', () => {
  let nginx: NginxUnderTest;
  let t: TlsEngine;
  let upstreams: Upstreams;
  beforeAll(async () => {
    upstreams = await startUpstreams({ live: ['a'] });
    nginx = await startNginx(`server { listen 80 http2; server_name ${host}; location / { proxy_pass http://${upstreams.addresses.a}; } }`);
    t = await startTlsEngine();
    await t.addCertificate([host]);
    await t.setHosts([{ serverNames: [host], entrypoints: ['https'], locations: [{ path: '/', action: { kind: 'proxy', address: upstreams.addresses.a } }] }]);
  });
  afterAll(async () => {
    await Promise.all([nginx?.stop(), t?.stop(), upstreams?.close()]);
  });

  it.each(cases)('$desc → $expect', async (c) => {
    const fromNginx = http2.connect(`http://127.0.0.1:${nginx.port}`);
    const fromPortico = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: host, ca: t.ca.certPem });
    try {
      const seenByNginx = await outcome(fromNginx, c.headers);
      expect(seenByNginx, 'nginx').toBe(c.expect);
      expect(await outcome(fromPortico, c.headers), 'Portico differs from nginx').toBe(seenByNginx);
    } finally {
      fromNginx.destroy();
      fromPortico.destroy();
    }
  });
});
