import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../runtime/types.ts';
import type { CompiledLocation } from '../runtime/types.ts';
import { buildClientHeaders } from './response-headers.ts';

const ctx = { requestId: 'rid', runtime: { settings: { requestIdHeader: 'X-Request-Id' } } } as unknown as RequestContext;
const location = { serverTokens: false, hideHeaders: new Set(['x-powered-by']), responseHeaders: [], expiresHeaders: () => null } as unknown as CompiledLocation;

describe('buildClientHeaders', () => {
  it('drops hop-by-hop, hidden and Connection-listed headers, keeps the rest in order', () => {
    const raw = ['Content-Type', 'text/plain', 'Connection', 'keep-alive, X-Hop', 'X-Hop', 'secret', 'Server', 'gunicorn', 'X-Powered-By', 'Express', 'Date', 'x', 'X-Accel-Redirect', '/a', 'X-Accel-Other', 'kept', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Keep-Alive', 'timeout=5'];
    expect(buildClientHeaders(ctx, location, 200, raw, null)).toEqual([
      'Server', 'Portico', 'X-Request-Id', 'rid',
      'Content-Type', 'text/plain', 'X-Accel-Other', 'kept', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2',
    ]);
  });

  it("replaces the upstream's Expires and Cache-Control with the location's expires on success and redirect statuses", () => {
    const withExpires = { ...location, expiresHeaders: () => ['Expires', 'E', 'Cache-Control', 'max-age=3600'] } as unknown as CompiledLocation;
    const raw = ['Cache-Control', 'private, max-age=5', 'Expires', 'old', 'ETag', '"1"'];
    expect(buildClientHeaders(ctx, withExpires, 200, raw, null).slice(4)).toEqual(['ETag', '"1"', 'Expires', 'E', 'Cache-Control', 'max-age=3600']);
    expect(buildClientHeaders(ctx, withExpires, 500, raw, null).slice(4)).toEqual(raw);
  });

  it('rewrites Location with the redirect rewriter', () => {
    const out = buildClientHeaders(ctx, location, 302, ['Location', 'http://up/x'], (v) => v.replace('http://up', 'https://front'));
    expect(out).toContain('https://front/x');
  });
});
