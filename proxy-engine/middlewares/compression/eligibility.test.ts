import { describe, expect, it } from 'vitest';
import { CompressionPolicy } from '../../../core/config/policies.ts';
import { compileCompression, eligible, proxiedAllows } from './eligibility.ts';

const c = (policy: Record<string, unknown> = {}) => compileCompression(CompressionPolicy.parse({ types: ['application/json'], minLength: 100, ...policy }), true);

describe('eligible (status, encoding, length, type)', () => {
  const cases: { desc: string; status: number; headers: string[]; expected: boolean }[] = [
    { desc: 'text/html always', status: 200, headers: ['Content-Type', 'text/html; charset=utf-8'], expected: true },
    { desc: 'listed type', status: 200, headers: ['Content-Type', 'Application/JSON'], expected: true },
    { desc: 'unlisted type', status: 200, headers: ['Content-Type', 'image/png'], expected: false },
    { desc: 'no type', status: 200, headers: [], expected: false },
    { desc: '404 and 403 too', status: 404, headers: ['Content-Type', 'text/html'], expected: true },
    { desc: 'not 206', status: 206, headers: ['Content-Type', 'text/html'], expected: false },
    { desc: 'not 500', status: 500, headers: ['Content-Type', 'text/html'], expected: false },
    { desc: 'already encoded', status: 200, headers: ['Content-Type', 'text/html', 'Content-Encoding', 'gzip'], expected: false },
    { desc: 'shorter than min length', status: 200, headers: ['Content-Type', 'text/html', 'Content-Length', '99'], expected: false },
    { desc: 'length unknown', status: 200, headers: ['Content-Type', 'text/html'], expected: true },
  ];
  it.each(cases)('$desc', ({ status, headers, expected }) => expect(eligible(c(), status, headers)).toBe(expected));
  it('"*" matches every type', () => expect(eligible(c({ types: ['*'] }), 200, ['Content-Type', 'image/svg+xml'])).toBe(true));
});

describe('proxiedAllows (gzip_proxied, only for requests with Via)', () => {
  const expired = new Date(Date.now() - 60_000).toUTCString();
  const cases: { desc: string; proxied: string[]; request: Record<string, string>; headers: string[]; expected: boolean }[] = [
    { desc: 'no Via: always', proxied: ['off'], request: {}, headers: [], expected: true },
    { desc: 'off', proxied: ['off'], request: { via: '1.1 cdn' }, headers: [], expected: false },
    { desc: 'any', proxied: ['any'], request: { via: '1.1 cdn' }, headers: ['Cache-Control', 'max-age=60'], expected: true },
    { desc: 'auth', proxied: ['auth'], request: { via: '1.1 cdn', authorization: 'x' }, headers: ['Cache-Control', 'max-age=60'], expected: true },
    { desc: 'expired with a past Expires', proxied: ['expired'], request: { via: 'x' }, headers: ['Expires', expired], expected: true },
    { desc: 'Expires present but not listed', proxied: ['no-cache'], request: { via: 'x' }, headers: ['Expires', expired], expected: false },
    { desc: 'no-cache', proxied: ['no-cache'], request: { via: 'x' }, headers: ['Cache-Control', 'no-cache'], expected: true },
    { desc: 'private not listed', proxied: ['no-cache'], request: { via: 'x' }, headers: ['Cache-Control', 'private'], expected: false },
    { desc: 'no_last_modified', proxied: ['no_last_modified'], request: { via: 'x' }, headers: ['Last-Modified', expired], expected: false },
    { desc: 'no_etag without ETag', proxied: ['no_etag'], request: { via: 'x' }, headers: [], expected: true },
  ];
  it.each(cases)('$desc', ({ proxied, request, headers, expected }) => expect(proxiedAllows(c({ proxied }), request, headers)).toBe(expected));
});
