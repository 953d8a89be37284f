import { describe, expect, it } from 'vitest';
import type { RequestContext } from './context.ts';
import type { CompiledLocation } from '../runtime/types.ts';
import { buildClientHeaders } from './response-headers.ts';

const ctx = { requestId: 'rid', runtime: { settings: { requestIdHeader: 'X-Request-Id' } } } as unknown as RequestContext;
const location = { serverTokens: false, hideHeaders: new Set(['x-powered-by']), responseHeaders: [] } as unknown as CompiledLocation;

describe('buildClientHeaders', () => {
  it('drops hop-by-hop, hidden and Connection-listed headers, keeps the rest in order', () => {
    const raw = ['Content-Type', 'text/plain', 'Connection', 'keep-alive, X-Hop', 'X-Hop', 'secret', 'Server', 'gunicorn', 'X-Powered-By', 'Express', 'Date', 'x', 'X-Accel-Redirect', '/a', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Keep-Alive', 'timeout=5'];
    expect(buildClientHeaders(ctx, location, 200, raw, null)).toEqual([
      'Server', 'Portico', 'X-Request-Id', 'rid',
      'Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2',
    ]);
  });

  it('rewrites Location with the redirect rewriter', () => {
    const out = buildClientHeaders(ctx, location, 302, ['Location', 'http://up/x'], (v) => v.replace('http://up', 'https://front'));
    expect(out).toContain('https://front/x');
  });
});
