import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../runtime/types.ts';
import { compileConditions } from './conditions.ts';

const ctx = (headers: Record<string, string>, query = '') => ({ req: { headers }, query }) as unknown as RequestContext;

describe('proxy_cache_bypass / proxy_no_cache conditions (non-empty and not "0")', () => {
  const cases: { desc: string; conditions: { source: 'header' | 'cookie' | 'query'; name: string }[]; headers?: Record<string, string>; query?: string; expected: boolean }[] = [
    { desc: 'no conditions', conditions: [], headers: { 'x-no-cache': '1' }, expected: false },
    { desc: 'header set', conditions: [{ source: 'header', name: 'X-No-Cache' }], headers: { 'x-no-cache': 'yes' }, expected: true },
    { desc: 'header "0"', conditions: [{ source: 'header', name: 'X-No-Cache' }], headers: { 'x-no-cache': '0' }, expected: false },
    { desc: 'header empty', conditions: [{ source: 'header', name: 'X-No-Cache' }], headers: { 'x-no-cache': '' }, expected: false },
    { desc: 'cookie set', conditions: [{ source: 'cookie', name: 'nocache' }], headers: { cookie: 'a=1; nocache=true' }, expected: true },
    { desc: 'cookie "0"', conditions: [{ source: 'cookie', name: 'nocache' }], headers: { cookie: 'nocache=0' }, expected: false },
    { desc: 'other cookie', conditions: [{ source: 'cookie', name: 'nocache' }], headers: { cookie: 'nocache2=1' }, expected: false },
    { desc: 'query argument', conditions: [{ source: 'query', name: 'nocache' }], query: 'a=1&nocache=1', expected: true },
    { desc: 'query argument without value', conditions: [{ source: 'query', name: 'nocache' }], query: 'nocache', expected: false },
    { desc: 'any of several', conditions: [{ source: 'header', name: 'Pragma' }, { source: 'query', name: 'nocache' }], query: 'nocache=2', expected: true },
  ];
  it.each(cases)('$desc', ({ conditions, headers, query, expected }) => expect(compileConditions(conditions)(ctx(headers ?? {}, query))).toBe(expected));
});
