// The rewrite module and error pages → nginx directives: the steps of a level in order,
// and the inherited error_page / proxy_intercept_errors / recursive_error_pages groups.
import type { Policies } from '../config/policies.ts';
import type { IfCondition, RewriteInnerStep, RewriteStep } from '../config/rewrite-steps.ts';
import { type NginxNode, blockNode, node } from './config-writer.ts';
import type { Groups } from './export-policy-env.ts';

function conditionArgs(c: IfCondition): string[] {
  switch (c.kind) {
    case 'value':
      return [`($${c.variable})`];
    case 'compare':
      return [`($${c.variable}`, c.negate ? '!=' : '=', c.value, ')'];
    case 'match':
      return [`($${c.variable}`, `${c.negate ? '!' : ''}~${c.caseless ? '*' : ''}`, c.regex, ')'];
    case 'file':
      return [`(${c.negate ? '!' : ''}-${c.test}`, c.path, ')'];
  }
}

function stepNode(step: RewriteStep | RewriteInnerStep): NginxNode {
  switch (step.kind) {
    case 'set':
      return node('set', `$${step.variable}`, step.value);
    case 'break':
      return node('break');
    case 'rewrite':
      return node('rewrite', step.regex, step.replacement, ...(step.flag ? [step.flag] : []));
    case 'return':
      return step.text === undefined ? node('return', String(step.status)) : node('return', String(step.status), step.text);
    case 'if':
      return blockNode('if', conditionArgs(step.condition), step.steps.map(stepNode));
  }
}

/** A level's rewrite steps, in order (a text `return` carries its default_type only where the level's differs). */
export function rewriteStepNodes(steps: readonly RewriteStep[] | undefined, writesDefaultType = false): NginxNode[] {
  const nodes = (steps ?? []).map(stepNode);
  const texts = (steps ?? []).flatMap((s) => (s.kind === 'if' ? s.steps : [s])).filter((s) => s.kind === 'return' && s.text !== undefined);
  const type = texts[0]?.kind === 'return' ? texts[0].contentType : undefined;
  // The type a text `return` is sent with is the level's default_type (unless the level's own return writes one).
  if (type !== undefined && !writesDefaultType) nodes.unshift(node('default_type', type));
  return nodes;
}

/** error_page and its switches, as groups nginx inherits whole. */
export function errorPageGroups(p: Policies, groups: Groups): void {
  if (p.errorPageRules && p.errorPageRules.length > 0) {
    groups.set(
      'error_page',
      p.errorPageRules.map((r) => node('error_page', ...r.codes.map(String), ...(r.response === undefined ? [] : [r.response === 'target' ? '=' : `=${r.response}`]), r.target)),
    );
  }
  if (p.interceptErrors !== undefined) groups.set('proxy_intercept_errors', [node('proxy_intercept_errors', p.interceptErrors ? 'on' : 'off')]);
  if (p.recursiveErrorPages !== undefined) groups.set('recursive_error_pages', [node('recursive_error_pages', p.recursiveErrorPages ? 'on' : 'off')]);
}
