// proxy_read_timeout fires on time, sub-second values included: an upstream that never
// answers (/hold) gets the client a 504 after the timeout, from nginx and from Portico
// alike, within a margin for a shared machine; with two servers and proxy_next_upstream
// timeout, after two timeouts.
import { describe, expect, it } from 'vitest';
import { startPair } from './harness/pair.ts';
import { usePortico } from './harness/case-suite.ts';

const host = 'timeouts.example.com';

const cases: { desc: string; config: string; live: string[]; expectMs: number; upstreams: string[] }[] = [
  { desc: '300ms', config: `location / { proxy_pass http://{{a}}; proxy_read_timeout 300ms; }`, live: ['a'], expectMs: 300, upstreams: ['a'] },
  { desc: '150ms', config: `location / { proxy_pass http://{{a}}; proxy_read_timeout 150ms; }`, live: ['a'], expectMs: 150, upstreams: ['a'] },
  { desc: '700ms, set on the server', config: `proxy_read_timeout 700ms; location / { proxy_pass http://{{a}}; }`, live: ['a'], expectMs: 700, upstreams: ['a'] },
  { desc: '1200ms', config: `location / { proxy_pass http://{{a}}; proxy_read_timeout 1200ms; }`, live: ['a'], expectMs: 1200, upstreams: ['a'] },
  {
    desc: '250ms on each of two servers (proxy_next_upstream timeout)',
    config: `location / { proxy_pass http://pair; proxy_read_timeout 250ms; proxy_next_upstream error timeout; }`,
    live: ['a', 'b'],
    expectMs: 500,
    upstreams: ['a', 'b'],
  },
];

describe('conformance: proxy_read_timeout on time', () => {
  const portico = usePortico();

  it.each(cases)('$desc', async (c) => {
    const upstream = c.live.length > 1 ? `upstream pair { ${c.live.map((n) => `server {{${n}}};`).join(' ')} }\n` : '';
    const pair = await startPair(portico(), `${upstream}server { listen 80; server_name ${host}; ${c.config} }`, { live: c.live });
    try {
      const timed = async (proxy: 'nginx' | 'portico') => {
        const t0 = performance.now();
        const seen = await pair.observe(proxy, { target: '/hold', host }, 10000);
        return { status: seen.status, upstreams: seen.upstream.map((u) => u.upstream).sort(), ms: performance.now() - t0 };
      };
      const fromNginx = await timed('nginx');
      const fromPortico = await timed('portico');
      expect(fromNginx.status).toBe(504);
      expect(fromNginx.upstreams).toEqual(c.upstreams);
      expect({ status: fromPortico.status, upstreams: fromPortico.upstreams }).toEqual({ status: fromNginx.status, upstreams: fromNginx.upstreams });
      // Never early; late by no more than a loaded machine explains (undici's own timers were 0.5–1 s late).
      expect(fromPortico.ms, `Portico answered after ${Math.round(fromPortico.ms)} ms, nginx after ${Math.round(fromNginx.ms)} ms`).toBeGreaterThanOrEqual(c.expectMs - 20);
      expect(fromPortico.ms, `Portico answered after ${Math.round(fromPortico.ms)} ms, nginx after ${Math.round(fromNginx.ms)} ms`).toBeLessThan(c.expectMs + 300);
    } finally {
      await pair.close();
    }
  });
});
