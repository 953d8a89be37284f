import { describe, expect, it } from 'vitest';
import { StreamInput } from '@/core/config/stream.ts';
import type { StreamView } from '@/core/views/stream.ts';
import { EMPTY_STREAM, emptySniRoute, toStreamBody, toStreamForm, type StreamFormValue } from './stream-form-model.ts';

const POOL = 'cm000000000000000000pool1';

function form(over: Partial<StreamFormValue>): StreamFormValue {
  return { ...EMPTY_STREAM, name: 's', ...over };
}
const route = (over: Partial<ReturnType<typeof emptySniRoute>>) => ({ ...emptySniRoute(), ...over });

describe('the stream form → the API body', () => {
  const valid: { desc: string; form: StreamFormValue; expected: Record<string, unknown> }[] = [
    {
      desc: 'SNI routes on a port, with a default for other names',
      form: form({ listenPort: '8443', address: '127.0.0.1:9000', sni: [route({ serverNames: 'DB.example.com, *.apps.example.com', address: '10.0.0.5:443' }), route({ serverNames: 'pg.example.com', target: 'pool', poolId: POOL })] }),
      expected: { listenPort: 8443, entrypoint: null, address: '127.0.0.1:9000', poolId: null, sni: [{ serverNames: ['db.example.com', '*.apps.example.com'], address: '10.0.0.5:443', poolId: null }, { serverNames: ['pg.example.com'], poolId: POOL, address: null }] },
    },
    {
      desc: 'SNI routes on a port, other names closed',
      form: form({ listenPort: '8443', target: 'none', sni: [route({ serverNames: 'db.example.com', address: '10.0.0.5:443' })] }),
      expected: { poolId: null, address: null, sni: [{ serverNames: ['db.example.com'], address: '10.0.0.5:443', poolId: null }] },
    },
    {
      desc: 'a passthrough stream on the HTTPS entrypoint: no port, no default, TCP',
      form: form({ listenOn: 'https', listenPort: '9999', protocol: 'udp', address: '127.0.0.1:1', sni: [route({ serverNames: 'legacy.example.com', address: '10.0.0.9:443' })] }),
      expected: { entrypoint: 'https', listenPort: null, protocol: 'tcp', poolId: null, address: null, sni: [{ serverNames: ['legacy.example.com'], address: '10.0.0.9:443', poolId: null }] },
    },
    {
      desc: 'the preread timeout',
      form: form({ listenPort: '8443', target: 'none', prereadTimeoutMs: '5000', sni: [route({ serverNames: 'a.example.com', address: '10.0.0.5:443' })] }),
      expected: { prereadTimeoutMs: 5000 },
    },
  ];
  it.each(valid)('$desc', ({ form: f, expected }) => {
    const parsed = StreamInput.safeParse(toStreamBody(f));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toMatchObject(expected);
  });

  const invalid: { desc: string; form: StreamFormValue; path: string }[] = [
    { desc: 'an HTTPS-entrypoint stream without routes', form: form({ listenOn: 'https' }), path: 'sni' },
    { desc: 'a route without names', form: form({ listenPort: '8443', target: 'none', sni: [route({ serverNames: ' , ', address: '10.0.0.5:443' })] }), path: 'sni.0.serverNames' },
    { desc: 'a route without a target', form: form({ listenPort: '8443', target: 'none', sni: [route({ serverNames: 'a.example.com' })] }), path: 'sni.0.poolId' },
    { desc: 'a name in two routes', form: form({ listenPort: '8443', target: 'none', sni: [route({ serverNames: 'a.example.com', address: '10.0.0.5:443' }), route({ serverNames: 'b.example.com A.example.com', address: '10.0.0.6:443' })] }), path: 'sni.1.serverNames.1' },
    { desc: 'SNI routes on UDP are kept and refused, not dropped', form: form({ protocol: 'udp', listenPort: '53', address: '127.0.0.1:53', sni: [route({ serverNames: 'a.example.com', address: '10.0.0.5:443' })] }), path: 'sni' },
    { desc: 'a port stream with no target at all', form: form({ listenPort: '8443', target: 'none' }), path: 'poolId' },
  ];
  it.each(invalid)('refuses $desc', ({ form: f, path }) => {
    const parsed = StreamInput.safeParse(toStreamBody(f));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('a stored stream → the form → the same body', () => {
  const base = { id: 'x', createdAt: '', updatedAt: '', poolName: null, enabled: true, connectTimeoutMs: 60000, idleTimeoutMs: 600000, nextUpstream: true, nextUpstreamTries: 0, responses: null, tls: { terminate: false, certificateId: null }, proxyProtocol: { accept: false, trustedFrom: [], send: false }, access: [], limits: { perClient: 0, total: 0 } };
  const views = [
    { ...base, name: 'sni-port', protocol: 'tcp', listenPort: 8443, entrypoint: null, poolId: null, address: null, sni: [{ serverNames: ['db.example.com'], poolId: POOL, address: null }], prereadTimeoutMs: 30000 },
    { ...base, name: 'passthrough', protocol: 'tcp', listenPort: null, entrypoint: 'https', poolId: null, address: null, sni: [{ serverNames: ['legacy.example.com', '*.old.example.com'], poolId: null, address: '10.0.0.9:443' }], prereadTimeoutMs: 10000 },
    { ...base, name: 'plain', protocol: 'tcp', listenPort: 5432, entrypoint: null, poolId: null, address: '127.0.0.1:5432', sni: [], prereadTimeoutMs: 30000 },
  ] as unknown as StreamView[];
  it.each(views.map((v) => ({ name: v.name, view: v })))('$name round-trips', ({ view }) => {
    const parsed = StreamInput.parse(toStreamBody(toStreamForm(view)));
    const { id: _i, createdAt: _c, updatedAt: _u, poolName: _p, ...input } = view as unknown as Record<string, unknown>;
    expect(parsed).toEqual(StreamInput.parse(input));
  });
});

describe('route keys', () => {
  it('never collide between stored routes (keyed on the server) and routes added in the browser', () => {
    const view = { sni: [{ serverNames: ['a.example.com'], poolId: null, address: '10.0.0.1:443' }, { serverNames: ['b.example.com'], poolId: null, address: '10.0.0.2:443' }], entrypoint: null, listenPort: 1, poolId: null, address: null, access: [], limits: { perClient: 0, total: 0 }, tls: { terminate: false }, proxyProtocol: { accept: false, send: false, trustedFrom: [] }, prereadTimeoutMs: 30000, responses: null } as unknown as StreamView;
    const stored = toStreamForm(view).sni.map((r) => r.key);
    // Deterministic: the server's form and any later one key stored routes alike (a counter would not).
    expect(toStreamForm(view).sni.map((r) => r.key)).toEqual(stored);
    const added = [emptySniRoute().key, emptySniRoute().key];
    expect(new Set([...stored, ...added]).size).toBe(4);
  });
});
