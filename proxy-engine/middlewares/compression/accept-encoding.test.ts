import { describe, expect, it } from 'vitest';
import { acceptsEncoding } from './accept-encoding.ts';

describe('acceptsEncoding (nginx ngx_http_gzip_accept_encoding)', () => {
  const cases: { header: string | undefined; token: 'gzip' | 'br'; expected: boolean }[] = [
    { header: undefined, token: 'gzip', expected: false },
    { header: 'gzip', token: 'gzip', expected: true },
    { header: 'gzip, deflate, br', token: 'gzip', expected: true },
    { header: 'deflate, gzip', token: 'gzip', expected: true },
    { header: 'deflate,gzip;q=0.5', token: 'gzip', expected: true },
    { header: 'gzip;q=0', token: 'gzip', expected: false },
    { header: 'gzip; q=0.000', token: 'gzip', expected: false },
    { header: 'gzip;q=1.0', token: 'gzip', expected: true },
    { header: 'gzip;q=2', token: 'gzip', expected: false },
    { header: 'x-gzip', token: 'gzip', expected: false },
    { header: 'identity', token: 'gzip', expected: false },
    { header: '*', token: 'gzip', expected: false },
    { header: 'GZIP', token: 'gzip', expected: true },
    { header: 'gzipped', token: 'gzip', expected: false },
    { header: 'gzip, deflate, br', token: 'br', expected: true },
    { header: 'br;q=0', token: 'br', expected: false },
    { header: 'brotli', token: 'br', expected: false },
    { header: 'gzip', token: 'br', expected: false },
  ];
  it.each(cases)('$token in "$header" → $expected', ({ header, token, expected }) => expect(acceptsEncoding(header, token)).toBe(expected));
});
