// The condition of a rewrite-module `if`, compiled once: a variable's truth, a string
// comparison, a regex (whose captures become $1… for the steps after it, as in nginx),
// or a file test. File tests stat synchronously, as nginx does in its rewrite phase
// (without open_file_cache): a rewrite step cannot wait.
import fs from 'node:fs';
import type { IfCondition } from '../../core/config/rewrite-steps.ts';
import { setUserVariable } from '../http/user-variables.ts';
import { compileTemplate, type TemplateScope } from '../http/variables.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { RequestContext } from '../runtime/types.ts';

export type ConditionTest = (ctx: RequestContext) => boolean;

export function compileCondition(condition: IfCondition, scope: TemplateScope = {}): ConditionTest {
  switch (condition.kind) {
    case 'value': {
      const value = compileTemplate(`\${${condition.variable}}`, scope);
      return (ctx) => {
        const v = value(ctx);
        return v !== '' && v !== '0';
      };
    }
    case 'compare': {
      const left = compileTemplate(`\${${condition.variable}}`, scope);
      const right = compileTemplate(condition.value, scope);
      return (ctx) => (left(ctx) === right(ctx)) !== condition.negate;
    }
    case 'match': {
      const left = compileTemplate(`\${${condition.variable}}`, scope);
      // Bytes, as PCRE in nginx: the values it matches ($uri, headers) are bytes, one char each.
      const regex = new RegExp(utf8Bytes(condition.regex), condition.caseless ? 'i' : '');
      return (ctx) => {
        const m = regex.exec(left(ctx));
        if (m && !condition.negate) {
          ctx.captures = [...m].map((c) => c ?? '');
          // Its own names only: the server name's and location's other names keep their values (nginx).
          if (m.groups) ctx.namedCaptures = { ...ctx.namedCaptures, ...Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? ''])) };
          // A named capture is a variable of its own in nginx ($name), kept for the rest of the request.
          if (m.groups) for (const [name, value] of Object.entries(m.groups)) setUserVariable(ctx, name, value ?? '');
        }
        return (m !== null) !== condition.negate;
      };
    }
    case 'file': {
      const path = compileTemplate(condition.path, scope);
      const test = FILE_TESTS[condition.test];
      return (ctx) => test(path(ctx)) !== condition.negate;
    }
  }
}

function statOf(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const FILE_TESTS: Record<'f' | 'd' | 'e' | 'x', (path: string) => boolean> = {
  f: (path) => statOf(path)?.isFile() ?? false,
  d: (path) => statOf(path)?.isDirectory() ?? false,
  e: (path) => statOf(path) !== undefined,
  x: (path) => {
    const stat = statOf(path);
    if (!stat?.isFile()) return false;
    try {
      fs.accessSync(path, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};
