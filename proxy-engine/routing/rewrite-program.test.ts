import { describe, expect, it } from 'vitest';
import type { RewriteStep } from '../../core/config/rewrite-steps.ts';
import { declareUserVariables } from '../http/user-variables.ts';
import type { RequestContext } from '../runtime/types.ts';
import { compileRewriteProgram } from './rewrite-program.ts';

function ctxFor(path: string, query = '', headers: Record<string, string> = {}, method = 'GET'): RequestContext {
  return { path, query, method, rewritten: false, captures: undefined, scheme: 'http', host: 'h.test', req: { headers } } as unknown as RequestContext;
}

const ret = (status: number, text?: string): Extract<RewriteStep, { kind: 'return' }> => ({ kind: 'return', status, contentType: 'text/plain', ...(text === undefined ? {} : { text }) });
const cmp = (variable: string, value: string, negate = false) => ({ kind: 'compare' as const, variable, value, negate });

describe('rewrite steps run in order (nginx rewrite phase)', () => {
  declareUserVariables(['maintenance', 'x']);
  const cases: { desc: string; steps: RewriteStep[]; path?: string; query?: string; headers?: Record<string, string>; method?: string; outcome: object; path2?: string }[] = [
    { desc: 'return before rewrite answers', steps: [ret(403), { kind: 'rewrite', regex: '^', replacement: '/x', flag: 'last' }], outcome: { kind: 'return', status: 403, text: null } },
    { desc: 'rewrite last before return searches again', steps: [{ kind: 'rewrite', regex: '^', replacement: '/x', flag: 'last' }, ret(403)], outcome: { kind: 'changed', flag: 'last' }, path2: '/x' },
    { desc: 'a flagless rewrite goes on to the return', steps: [{ kind: 'rewrite', regex: '^/a$', replacement: '/b' }, ret(200, 'u=$uri')], path: '/a', outcome: { kind: 'return', status: 200, text: 'u=/b' } },
    { desc: 'break after a change stays with the new URI', steps: [{ kind: 'rewrite', regex: '^/a$', replacement: '/b' }, { kind: 'break' }, ret(500)], path: '/a', outcome: { kind: 'changed', flag: 'break' }, path2: '/b' },
    { desc: 'break alone', steps: [{ kind: 'break' }, ret(500)], outcome: { kind: 'unchanged' } },
    {
      desc: 'break after a change inside if stays with the new URI',
      steps: [{ kind: 'if', condition: { kind: 'match', variable: 'uri', regex: '^/a$', negate: false, caseless: false }, steps: [{ kind: 'rewrite', regex: '^/a$', replacement: '/b' }, { kind: 'break' }] }, ret(500)],
      path: '/a',
      outcome: { kind: 'changed', flag: 'break' },
      path2: '/b',
    },
    {
      desc: 'set then if compares the variable',
      steps: [{ kind: 'set', variable: 'maintenance', value: 'on' }, { kind: 'if', condition: cmp('maintenance', 'on'), steps: [ret(503)] }],
      outcome: { kind: 'return', status: 503, text: null },
    },
    {
      desc: 'if not taken goes on',
      steps: [{ kind: 'set', variable: 'maintenance', value: 'off' }, { kind: 'if', condition: cmp('maintenance', 'on'), steps: [ret(503)] }],
      outcome: { kind: 'unchanged' },
    },
    { desc: 'a variable is false when empty or "0"', steps: [{ kind: 'set', variable: 'x', value: '$arg_f' }, { kind: 'if', condition: { kind: 'value', variable: 'x' }, steps: [ret(200)] }], query: 'f=0', outcome: { kind: 'unchanged' } },
    { desc: 'a variable is true otherwise', steps: [{ kind: 'set', variable: 'x', value: '$arg_f' }, { kind: 'if', condition: { kind: 'value', variable: 'x' }, steps: [ret(200)] }], query: 'f=00', outcome: { kind: 'return', status: 200 } },
    {
      desc: 'regex captures of an if reach later steps',
      steps: [{ kind: 'if', condition: { kind: 'match', variable: 'uri', regex: '^/u/(\\d+)$', negate: false, caseless: false }, steps: [ret(200, 'id=$1')] }],
      path: '/u/42',
      outcome: { kind: 'return', status: 200, text: 'id=42' },
    },
    {
      desc: 'a caseless negated match',
      steps: [{ kind: 'if', condition: { kind: 'match', variable: 'http_accept', regex: 'json', negate: true, caseless: true }, steps: [ret(406)] }],
      headers: { accept: 'application/JSON' },
      outcome: { kind: 'unchanged' },
    },
    { desc: 'a redirect status with a URL is a redirect', steps: [ret(301, 'https://x.test$uri')], path: '/p', outcome: { kind: 'redirect', status: 301, location: 'https://x.test/p' } },
    { desc: 'file tests', steps: [{ kind: 'if', condition: { kind: 'file', test: 'd', negate: false, path: '/tmp' }, steps: [ret(200, 'dir')] }], outcome: { kind: 'return', status: 200, text: 'dir' } },
    { desc: 'negated file test', steps: [{ kind: 'if', condition: { kind: 'file', test: 'e', negate: true, path: '/no/such/file' }, steps: [ret(404)] }], outcome: { kind: 'return', status: 404 } },
  ];
  it.each(cases)('$desc', ({ steps, path = '/', query = '', headers = {}, method, outcome, path2 }) => {
    const run = compileRewriteProgram(undefined, steps)!;
    const ctx = ctxFor(path, query, headers, method);
    expect(run(ctx)).toMatchObject(outcome);
    if (path2) expect(ctx.path).toBe(path2);
  });

  it('nothing to run compiles to null', () => {
    expect(compileRewriteProgram(undefined, [])).toBeNull();
  });
});
