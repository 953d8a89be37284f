// The deliberate differences of docs/nginx-compatibility.md, checked against both: nginx
// still does what the "nginx" column says and Portico what the "Portico" column says.
// The other conformance files normalise exactly these away; if one stops being true,
// the document (and the normalisation in harness/normalise.ts) must change with it.
// The differences of encoded paths are checked in encoded-paths.test.ts.
import { describe, expect, it } from 'vitest';
import { usePair } from './harness/case-suite.ts';
import { send, type RawRequest } from './harness/raw-http.ts';
import type { Seen } from './harness/upstreams.ts';

const host = 'app.example.com';
const CONFIG = `server { listen 80; server_name ${host};
  location /raw/ { proxy_pass http://{{a}}; }
  location /v11/ { proxy_pass http://{{a}}; proxy_http_version 1.1; }
  location /a/ { return 200 "a"; }
  location /quiet/ { server_tokens off; return 200 "quiet"; } }`;

describe('conformance: the documented differences still hold', () => {
  const pair = usePair(CONFIG, { live: ['a'] });

  /** The raw answer (nothing normalised) and what the upstream saw, from one proxy. */
  async function raw(port: number, req: RawRequest): Promise<RawView> {
    const mark = pair().upstreams.log.length;
    const response = await send(port, req);
    return {
      status: response.status,
      headers: new Map(response.headers.map(([n, v]) => [n.toLowerCase(), v])),
      body: response.body.toString(),
      seen: pair().upstreams.log.slice(mark),
    };
  }

  async function both(req: RawRequest): Promise<{ nginx: RawView; portico: RawView }> {
    const nginx = await raw(pair().nginx.port, req);
    return { nginx, portico: await raw(pair().portico.port, req) };
  }

  it('upstream HTTP version: nginx 1.0 unless proxy_http_version 1.1, Portico 1.1 with keep-alive', async () => {
    const plain = await both({ target: '/raw/x', host });
    expect.soft(plain.nginx.seen.map((s) => [s.httpVersion, headerOf(s, 'connection')])).toEqual([['1.0', 'close']]);
    expect.soft(plain.portico.seen.map((s) => s.httpVersion)).toEqual(['1.1']);
    expect.soft(plain.portico.seen.map((s) => headerOf(s, 'connection'))).not.toEqual(['close']);
    const v11 = await both({ target: '/v11/x', host });
    expect.soft(v11.nginx.seen.map((s) => s.httpVersion)).toEqual(['1.1']);
    expect.soft(v11.portico.seen.map((s) => s.httpVersion)).toEqual(['1.1']);
  });

  it('Server header: nginx/version (nginx without it under server_tokens off), Portico', async () => {
    const on = await both({ target: '/a/', host });
    expect.soft(on.nginx.headers.get('server')).toBe('nginx/1.22.1');
    expect.soft(on.portico.headers.get('server')).toBe('Portico');
    const off = await both({ target: '/quiet/', host });
    expect.soft(off.nginx.headers.get('server')).toBe('nginx');
    expect.soft(off.portico.headers.get('server')).toBe('Portico');
  });

  it('request id: none from nginx, X-Request-Id passed upstream and returned by Portico', async () => {
    const seen = await both({ target: '/raw/x', host });
    expect.soft(seen.nginx.headers.has('x-request-id')).toBe(false);
    expect.soft(seen.nginx.seen.map((s) => headerOf(s, 'x-request-id'))).toEqual([undefined]);
    const id = seen.portico.headers.get('x-request-id');
    expect.soft(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect.soft(seen.portico.seen.map((s) => headerOf(s, 'x-request-id'))).toEqual([id]);
  });
});

interface RawView {
  status: number;
  headers: Map<string, string>;
  body: string;
  seen: Seen[];
}

function headerOf(seen: Seen, name: string): string | undefined {
  return seen.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}
