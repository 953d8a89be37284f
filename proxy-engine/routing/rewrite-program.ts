// A level's rewrite-module directives (the host's, or a location's), run in order as
// nginx's rewrite phase runs them: `set` stores a variable, `if` runs its steps when its
// condition holds, `return` answers at once, `rewrite` changes the URI (last/break stop,
// redirect/permanent answer, no flag goes on), `break` stops. A location's plain
// `rewrites` list runs first, then its steps.
import type { RewriteInnerStep, RewriteStep } from '../../core/config/rewrite-steps.ts';
import { setUserVariable } from '../http/user-variables.ts';
import { markBodyDiscarded } from '../http/discarded-body.ts';
import { compileTemplate, type TemplateScope } from '../http/variables.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { RequestContext, RewriteOutcome, Rewriter } from '../runtime/types.ts';
import { compileCondition } from './if-condition.ts';
import { compileRewriteRule, type RewriteRuleConfig } from './rewrite.ts';

/** What a step did: null goes on; "break" stops the level; an outcome ends it. */
type StepResult = null | 'break' | 'changed' | Exclude<RewriteOutcome, { kind: 'unchanged' }>;
type CompiledStep = (ctx: RequestContext) => StepResult;

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

function compileStep(step: RewriteStep | RewriteInnerStep, scope: TemplateScope): CompiledStep {
  switch (step.kind) {
    case 'set': {
      const value = compileTemplate(step.value, scope);
      return (ctx) => {
        setUserVariable(ctx, step.variable, value(ctx));
        return null;
      };
    }
    case 'break':
      return () => 'break';
    case 'rewrite': {
      const rule = compileRewriteRule(step as RewriteRuleConfig, scope);
      return (ctx) => {
        const outcome = rule(ctx);
        if (outcome === null) return null;
        if (outcome.kind === 'changed' && outcome.flag === 'none') return 'changed';
        return outcome;
      };
    }
    case 'return': {
      // Bytes, one char each, like the captures and $uri they hold: written byte for byte.
      const text = step.text === undefined ? null : compileTemplate(utf8Bytes(step.text), scope);
      const { status, contentType } = step;
      if (REDIRECT_CODES.has(status) && text) {
        return (ctx) => (markBodyDiscarded(ctx), { kind: 'redirect', status: status as 301 | 302 | 303 | 307 | 308, location: text(ctx) });
      }
      return (ctx) => (markBodyDiscarded(ctx), { kind: 'return', status, text: text ? text(ctx) : null, contentType });
    }
    case 'if': {
      const test = compileCondition(step.condition, scope);
      const inner = step.steps.map((inner) => compileStep(inner, scope));
      return (ctx) => (test(ctx) ? runSteps(inner, ctx) : null);
    }
  }
}

/** Steps in order: a flagless change goes on, anything else ends the run. */
function runSteps(steps: readonly CompiledStep[], ctx: RequestContext): StepResult {
  let changed = false;
  for (const run of steps) {
    const result = run(ctx);
    if (result === null) continue;
    if (result === 'changed') {
      changed = true;
      continue;
    }
    // `break` keeps the changed URI in this location (nginx clears uri_changed).
    if (result === 'break' && changed) return { kind: 'changed', flag: 'break' };
    return result;
  }
  return changed ? 'changed' : null;
}

export function compileRewriteProgram(
  rules: readonly RewriteRuleConfig[] | undefined,
  steps: readonly RewriteStep[] | undefined,
  scope: TemplateScope = {},
): Rewriter | null {
  const all: CompiledStep[] = [...(rules ?? []).map((rule) => compileStep({ kind: 'rewrite', ...rule }, scope)), ...(steps ?? []).map((step) => compileStep(step, scope))];
  if (all.length === 0) return null;
  return (ctx) => {
    const result = runSteps(all, ctx);
    if (result === null || result === 'break') return { kind: 'unchanged' };
    return result === 'changed' ? { kind: 'changed', flag: 'none' } : result;
  };
}
