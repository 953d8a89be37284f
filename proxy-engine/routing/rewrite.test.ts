import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../runtime/types.ts';
import type { RewriteRuleConfig } from './rewrite.ts';
import { compileRewriteProgram } from './rewrite-program.ts';

function ctxFor(path: string, query = ''): RequestContext {
  return { path, query, rewritten: false, captures: undefined, scheme: 'http', host: 'h.test', req: { headers: {} } } as unknown as RequestContext;
}

describe('rewrite (nginx semantics)', () => {
  const cases: { desc: string; rules: RewriteRuleConfig[]; path: string; query?: string; outcome: object; newPath?: string; newQuery?: string }[] = [
    { desc: 'no match', rules: [{ regex: '^/old/(.*)$', replacement: '/new/$1', flag: 'break' }], path: '/x', outcome: { kind: 'unchanged' } },
    { desc: 'break with capture', rules: [{ regex: '^/old/(.*)$', replacement: '/new/$1', flag: 'break' }], path: '/old/a/b', outcome: { kind: 'changed', flag: 'break' }, newPath: '/new/a/b' },
    { desc: 'last', rules: [{ regex: '^/a$', replacement: '/b', flag: 'last' }, { regex: '^/b$', replacement: '/c' }], path: '/a', outcome: { kind: 'changed', flag: 'last' }, newPath: '/b' },
    { desc: 'no flag goes on to the next rule', rules: [{ regex: '^/a$', replacement: '/b' }, { regex: '^/b$', replacement: '/c' }], path: '/a', outcome: { kind: 'changed', flag: 'none' }, newPath: '/c' },
    { desc: 'original args appended', rules: [{ regex: '^/s$', replacement: '/search?x=1', flag: 'break' }], path: '/s', query: 'q=2', outcome: { kind: 'changed' }, newPath: '/search', newQuery: 'x=1&q=2' },
    { desc: 'trailing ? drops original args', rules: [{ regex: '^/s$', replacement: '/search?', flag: 'break' }], path: '/s', query: 'q=2', outcome: { kind: 'changed' }, newPath: '/search', newQuery: '' },
    { desc: 'redirect flag', rules: [{ regex: '^/old$', replacement: '/new', flag: 'redirect' }], path: '/old', query: 'a=1', outcome: { kind: 'redirect', status: 302, location: '/new?a=1' } },
    { desc: 'permanent flag', rules: [{ regex: '^/old$', replacement: '/new', flag: 'permanent' }], path: '/old', outcome: { kind: 'redirect', status: 301, location: '/new' } },
    { desc: 'absolute replacement is a redirect', rules: [{ regex: '^/(.*)$', replacement: 'https://$host/$1' }], path: '/x', outcome: { kind: 'redirect', status: 302, location: 'https://h.test/x' } },
    { desc: 'replacement climbing above root is invalid', rules: [{ regex: '^/(.*)$', replacement: '/../$1' }], path: '/x', outcome: { kind: 'invalid' } },
  ];
  it.each(cases)('$desc', ({ rules, path, query, outcome, newPath, newQuery }) => {
    const ctx = ctxFor(path, query);
    expect(compileRewriteProgram(rules, undefined)!(ctx)).toMatchObject(outcome);
    if (newPath !== undefined) {
      expect(ctx.path).toBe(newPath);
      expect(ctx.rewritten).toBe(true);
    }
    if (newQuery !== undefined) expect(ctx.query).toBe(newQuery);
  });
});
