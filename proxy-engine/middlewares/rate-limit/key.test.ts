import { describe, expect, it } from 'vitest';
import { compileKey, type LimitKeyConfig } from './key.ts';
import { view } from '../../../test/helpers/rate-limit-support.ts';

const req = view({
  clientIp: '203.0.113.7',
  uri: '/api/users',
  host: 'api.example.com',
  serverName: 'example.com',
  headers: { 'x-api-key': 'k1', authorization: 'Bearer t' },
  cookies: { session: 's9' },
});

const cases: { desc: string; config: LimitKeyConfig['parts']; expected: string }[] = [
  { desc: 'client address ($binary_remote_addr)', config: [{ source: 'client_ip' }], expected: '203.0.113.7' },
  { desc: 'uri ($uri)', config: [{ source: 'uri' }], expected: '/api/users' },
  { desc: 'host ($host)', config: [{ source: 'host' }], expected: 'api.example.com' },
  { desc: 'server name ($server_name)', config: [{ source: 'server_name' }], expected: 'example.com' },
  { desc: 'header by any-case name ($http_x_api_key)', config: [{ source: 'header', name: 'X-Api-Key' }], expected: 'k1' },
  { desc: 'cookie ($cookie_session)', config: [{ source: 'cookie', name: 'session' }], expected: 's9' },
  { desc: 'missing header: empty key, not limited', config: [{ source: 'header', name: 'x-missing' }], expected: '' },
  { desc: 'parts joined with a separator', config: [{ source: 'client_ip' }, { source: 'uri' }], expected: '203.0.113.7\u0000/api/users' },
  { desc: 'one empty part of two still limits', config: [{ source: 'cookie', name: 'none' }, { source: 'client_ip' }], expected: '\u0000203.0.113.7' },
  { desc: 'every part empty: not limited', config: [{ source: 'cookie', name: 'none' }, { source: 'header', name: 'x-none' }], expected: '' },
];

describe('compileKey', () => {
  it.each(cases)('$desc', ({ config, expected }) => {
    expect(compileKey({ parts: config }, { maxBytes: 65535 })(req)).toBe(expected);
  });

  it('keeps "ab"+"c" and "a"+"bc" apart', () => {
    const key = compileKey({ parts: [{ source: 'header', name: 'a' }, { source: 'header', name: 'b' }] }, { maxBytes: 65535 });
    expect(key(view({ headers: { a: 'ab', b: 'c' } }))).not.toBe(key(view({ headers: { a: 'a', b: 'bc' } })));
  });

  it('stores long keys as a fixed-size digest', () => {
    const key = compileKey({ parts: [{ source: 'header', name: 'x' }] }, { maxBytes: 65535 });
    const long = key(view({ headers: { x: 'v'.repeat(5000) } }));
    expect(long.length).toBeLessThan(50);
    expect(long).toBe(key(view({ headers: { x: 'v'.repeat(5000) } })));
    expect(long).not.toBe(key(view({ headers: { x: 'v'.repeat(4999) } })));
  });

  it('does not limit keys over maxBytes (nginx logs and lets them through)', () => {
    const key = compileKey({ parts: [{ source: 'header', name: 'x' }] }, { maxBytes: 255 });
    expect(key(view({ headers: { x: 'v'.repeat(255) } }))).not.toBe('');
    expect(key(view({ headers: { x: 'v'.repeat(256) } }))).toBe('');
    // 128 two-byte characters are 256 bytes.
    expect(key(view({ headers: { x: 'é'.repeat(128) } }))).toBe('');
  });
});
