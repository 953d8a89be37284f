import { describe, expect, it } from 'vitest';
import { CorsPolicy } from '../../../core/config/policies.ts';
import type { RequestContext } from '../../runtime/types.ts';
import { compileCors, corsResponseRules } from './cors.ts';

const ctx = (origin?: string) => ({ req: { headers: origin === undefined ? {} : { origin } } }) as unknown as RequestContext;

function headersFor(policy: Record<string, unknown>, origin?: string): Record<string, string> {
  const rules = corsResponseRules(compileCors(CorsPolicy.parse(policy)));
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const value = rule.value(ctx(origin));
    if (value !== '') out[rule.name] = value;
  }
  return out;
}

describe('CORS response headers', () => {
  const cases = [
    { desc: 'one origin is sent as is (nginx recipe)', policy: { origins: ['https://app.example.com'] }, origin: 'https://evil.example', expected: { 'Access-Control-Allow-Origin': 'https://app.example.com' } },
    { desc: '"*"', policy: { origins: ['*'] }, origin: 'https://x.example', expected: { 'Access-Control-Allow-Origin': '*' } },
    { desc: '"*" with credentials echoes', policy: { origins: ['*'], credentials: true }, origin: 'https://x.example', expected: { 'Access-Control-Allow-Origin': 'https://x.example', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } },
    { desc: 'list: allowed origin echoed', policy: { origins: ['https://a.example', 'https://b.example'] }, origin: 'https://b.example', expected: { 'Access-Control-Allow-Origin': 'https://b.example', Vary: 'Origin' } },
    { desc: 'list: other origin gets nothing but Vary', policy: { origins: ['https://a.example', 'https://b.example'] }, origin: 'https://c.example', expected: { Vary: 'Origin' } },
    { desc: 'regex', policy: { origins: ['~^https://[a-z]+\\.example\\.com$'], exposeHeaders: ['X-Total'] }, origin: 'https://shop.example.com', expected: { 'Access-Control-Allow-Origin': 'https://shop.example.com', 'Access-Control-Expose-Headers': 'X-Total', Vary: 'Origin' } },
    { desc: 'regex, no match', policy: { origins: ['~^https://[a-z]+\\.example\\.com$'] }, origin: 'https://example.org', expected: { Vary: 'Origin' } },
  ];
  it.each(cases)('$desc', ({ policy, origin, expected }) => expect(headersFor(policy, origin)).toEqual(expected));

  it('refuses an unsafe pattern with the field path', () => {
    expect(() => compileCors(CorsPolicy.parse({ origins: ['~(a)\\1'] }))).toThrow(expect.objectContaining({ path: 'policies.cors.origins.0' }));
  });
});
