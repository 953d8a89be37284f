import { describe, expect, it } from 'vitest';
import { decideStore, headerLifetime, refreshedUntil, staleAllowed, validityFor, type ValidityRule } from './control.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const ten = { statuses: [200, 301, 302], ttlMs: 600_000 };
const anyMinute: ValidityRule = { statuses: 'any', ttlMs: 60_000 };

describe('validityFor (proxy_cache_valid)', () => {
  const cases: { desc: string; rules: ValidityRule[]; status: number; expected: number }[] = [
    { desc: 'listed status', rules: [ten], status: 200, expected: 600_000 },
    { desc: 'unlisted status', rules: [ten], status: 404, expected: 0 },
    { desc: 'any', rules: [ten, anyMinute], status: 500, expected: 60_000 },
    { desc: 'first match wins, "any" first', rules: [anyMinute, ten], status: 200, expected: 60_000 },
    { desc: 'no rules', rules: [], status: 200, expected: 0 },
  ];
  it.each(cases)('$desc', ({ rules, status, expected }) => expect(validityFor(rules, status)).toBe(expected));
});

describe('headerLifetime (X-Accel-Expires > Cache-Control > Expires)', () => {
  const cases: { desc: string; headers: string[]; expected: ReturnType<typeof headerLifetime> | { kind: 'never' } }[] = [
    { desc: 'nothing', headers: [], expected: { kind: 'none' } },
    { desc: 'max-age', headers: ['Cache-Control', 'public, max-age=60'], expected: { kind: 'until', at: NOW + 60_000 } },
    { desc: 's-maxage over max-age', headers: ['Cache-Control', 'max-age=60, s-maxage=5'], expected: { kind: 'until', at: NOW + 5_000 } },
    { desc: 'max-age=0 forbids', headers: ['Cache-Control', 'max-age=0'], expected: { kind: 'never' } },
    { desc: 'max-age with junk forbids', headers: ['Cache-Control', 'max-age=6x'], expected: { kind: 'never' } },
    { desc: 'no-store', headers: ['Cache-Control', 'no-store'], expected: { kind: 'never' } },
    { desc: 'no-cache', headers: ['Cache-Control', 'no-cache'], expected: { kind: 'never' } },
    { desc: 'private', headers: ['cache-control', 'private, max-age=60'], expected: { kind: 'never' } },
    { desc: 'no-cache="field" (substring, as nginx)', headers: ['Cache-Control', 'no-cache="Set-Cookie", max-age=60'], expected: { kind: 'never' } },
    { desc: 'public only: falls to Expires', headers: ['Cache-Control', 'public', 'Expires', new Date(NOW + 30_000).toUTCString()], expected: { kind: 'until', at: NOW + 30_000 } },
    { desc: 'Cache-Control max-age beats Expires', headers: ['Expires', new Date(NOW + 30_000).toUTCString(), 'Cache-Control', 'max-age=10'], expected: { kind: 'until', at: NOW + 10_000 } },
    { desc: 'Expires in the past forbids', headers: ['Expires', new Date(NOW - 1000).toUTCString()], expected: { kind: 'never' } },
    { desc: 'Expires invalid forbids', headers: ['Expires', '0'], expected: { kind: 'never' } },
    { desc: 'X-Accel-Expires seconds', headers: ['X-Accel-Expires', '20', 'Cache-Control', 'max-age=5'], expected: { kind: 'until', at: NOW + 20_000 } },
    { desc: 'X-Accel-Expires beats no-store', headers: ['Cache-Control', 'no-store', 'X-Accel-Expires', '20'], expected: { kind: 'until', at: NOW + 20_000 } },
    { desc: 'X-Accel-Expires 0 forbids', headers: ['X-Accel-Expires', '0', 'Cache-Control', 'max-age=60'], expected: { kind: 'never' } },
    { desc: 'X-Accel-Expires @absolute', headers: ['X-Accel-Expires', `@${(NOW + 90_000) / 1000}`], expected: { kind: 'until', at: NOW + 90_000 } },
    { desc: 'X-Accel-Expires junk is ignored', headers: ['X-Accel-Expires', 'soon', 'Cache-Control', 'max-age=7'], expected: { kind: 'until', at: NOW + 7_000 } },
  ];
  it.each(cases)('$desc', ({ headers, expected }) => expect(headerLifetime(headers, NOW)).toMatchObject(expected));
});

describe('decideStore', () => {
  const rules = { valid: [ten], ignoreSetCookie: false };
  const cases: { desc: string; status: number; headers: string[]; rules?: typeof rules; expected: object }[] = [
    { desc: '200 by proxy_cache_valid', status: 200, headers: ['ETag', '"a"', 'Last-Modified', 'Mon, 01 Jan 2024 00:00:00 GMT'], expected: { store: true, validUntil: NOW + 600_000, etag: '"a"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT', vary: null } },
    { desc: '404 without a rule', status: 404, headers: [], expected: { store: false } },
    { desc: '404 with its own max-age', status: 404, headers: ['Cache-Control', 'max-age=30'], expected: { store: true, validUntil: NOW + 30_000, etag: null } },
    { desc: 'Set-Cookie', status: 200, headers: ['Set-Cookie', 'a=1'], expected: { store: false, reason: 'Set-Cookie' } },
    { desc: 'Set-Cookie ignored when configured', status: 200, headers: ['Set-Cookie', 'a=1'], rules: { valid: [ten], ignoreSetCookie: true }, expected: { store: true } },
    { desc: 'Vary: *', status: 200, headers: ['Vary', '*'], expected: { store: false, reason: 'Vary' } },
    { desc: 'Vary names', status: 200, headers: ['Vary', 'Accept-Encoding, Origin', 'vary', 'accept-encoding'], expected: { store: true, vary: ['accept-encoding', 'origin'] } },
    { desc: 'over-long Vary', status: 200, headers: ['Vary', 'X'.repeat(129)], expected: { store: false } },
    { desc: 'no-store', status: 200, headers: ['Cache-Control', 'no-store'], expected: { store: false } },
    { desc: '206 never', status: 206, headers: ['Cache-Control', 'max-age=60'], expected: { store: false } },
  ];
  it.each(cases)('$desc', ({ status, headers, expected, ...c }) => expect(decideStore(status, headers, c.rules ?? rules, NOW)).toMatchObject(expected));
});

describe('refreshedUntil (304 to a revalidation)', () => {
  it('uses the 304 headers', () => expect(refreshedUntil(['Cache-Control', 'max-age=5'], [ten], NOW, 200)).toBe(NOW + 5_000));
  it("else proxy_cache_valid for the entry's own status", () => expect(refreshedUntil([], [ten], NOW, 200)).toBe(NOW + 600_000));
  it('no rule for that status: unchanged', () => expect(refreshedUntil([], [ten], NOW, 404)).toBe(0));
  it('"any" covers every status', () => expect(refreshedUntil([], [anyMinute], NOW, 404)).toBe(NOW + 60_000));
});

describe('staleAllowed (proxy_cache_use_stale)', () => {
  const useStale = new Set(['error', 'http_502']);
  const cases = [
    { desc: 'error', origin: { kind: 'upstream-failure', failure: 'error' } as const, status: 502, expected: true },
    { desc: 'timeout not listed', origin: { kind: 'upstream-failure', failure: 'timeout' } as const, status: 504, expected: false },
    { desc: 'http_502 answer', origin: { kind: 'upstream', rawHeaders: [] } as const, status: 502, expected: true },
    { desc: 'http_500 answer not listed', origin: { kind: 'upstream', rawHeaders: [] } as const, status: 500, expected: false },
    { desc: 'a 200 never', origin: { kind: 'upstream', rawHeaders: [] } as const, status: 200, expected: false },
  ];
  it.each(cases)('$desc', ({ origin, status, expected }) => expect(staleAllowed(useStale, origin, status)).toBe(expected));
});
