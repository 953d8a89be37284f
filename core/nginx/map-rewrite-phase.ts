// A level's rewrite-module directives (rewrite, return, set, if, break) → `rewrites`
// (only rewrites: the older, simpler form) or `rewriteSteps` (anything else, in order).
// A level whose first such directive is `return` answers with it before anything else:
// that stays the location's action (or the server's return), and the rest is dead.
import type { z } from 'zod';
import { IfCondition, RewriteStepSchema, type RewriteStep } from '../config/rewrite-steps.ts';
import { pcreToJs } from '../config/regex-safety.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { mapRewrites } from './map-policy-rewrite.ts';
import type { Scope } from './scope.ts';
import { isKnownVariable, unknownVariables } from './variables.ts';

type Rewrite = NonNullable<ReturnType<typeof mapRewrites>>[number];
const PHASE = new Set(['rewrite', 'return', 'set', 'if', 'break']);
const INNER = new Set(['rewrite', 'return', 'set', 'break']);

/** The level's rewrite-module directives, in order (an `if` the CORS recipe took is not one). */
function phaseDirectives(own: readonly NginxDirective[], ctx: ImportContext): NginxDirective[] {
  return own.filter((d) => PHASE.has(d.name) && !(d.name === 'if' && ctx.isUsed(d)));
}

/** True when a `return` opens the level's rewrite phase: it is the action (map-action.ts). */
export function returnAnswersFirst(own: readonly NginxDirective[], ctx: ImportContext): boolean {
  return phaseDirectives(own, ctx)[0]?.name === 'return';
}

/** The `return` directives that are steps (not the action): map-action must not see them. */
export function withoutStepReturns(own: readonly NginxDirective[], ctx: ImportContext): readonly NginxDirective[] {
  if (returnAnswersFirst(own, ctx) || !own.some((d) => d.name === 'return')) return own;
  return own.filter((d) => d.name !== 'return');
}

export interface RewritePhase {
  rewrites?: Rewrite[];
  rewriteSteps?: RewriteStep[];
}

export function mapRewritePhase(own: readonly NginxDirective[], scope: Scope, ctx: ImportContext): RewritePhase {
  const list = phaseDirectives(own, ctx);
  if (list.length === 0) return {};
  if (list[0]!.name === 'return') {
    for (const d of list.slice(1)) {
      ctx.warn(d, 'note', 'never used: the "return" before it answers first (as in nginx)');
      ctx.useTree(d);
    }
    return {};
  }
  if (list.every((d) => d.name === 'rewrite')) return { rewrites: mapRewrites(own, ctx) };
  const steps: RewriteStep[] = [];
  for (const d of list) {
    const step = mapStep(d, scope, ctx);
    if (step) steps.push(step);
  }
  return { rewriteSteps: steps };
}

function mapStep(d: NginxDirective, scope: Scope, ctx: ImportContext): RewriteStep | null {
  ctx.use(d);
  return d.name === 'if' ? mapIf(d, scope, ctx) : innerStep(d, scope, ctx);
}

function innerStep(d: NginxDirective, scope: Scope, ctx: ImportContext): RewriteStep | null {
  ctx.use(d);
  const candidate = rawStep(d, scope, ctx);
  if (candidate === null) return null;
  const parsed = RewriteStepSchema.safeParse(candidate);
  if (parsed.success) {
    const unknown = unknownVariables(templatesOf(parsed.data).join(' '), ctx.extraVariables);
    if (unknown.length === 0) return parsed.data;
    ctx.warn(d, 'unsupported', `$${unknown[0]} is not a variable Portico knows (not imported)`);
    return null;
  }
  const issue = parsed.error.issues[0];
  ctx.warn(d, 'unsupported', `${d.name}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'} (not imported)`.replace(/ {2,}/g, ' '));
  return null;
}

/** The values of a step that variables are expanded in. */
function templatesOf(step: RewriteStep): string[] {
  switch (step.kind) {
    case 'set':
      return [step.value];
    case 'rewrite':
      return [step.replacement];
    case 'return':
      return step.text === undefined ? [] : [step.text];
    default:
      return [];
  }
}

function rawStep(d: NginxDirective, scope: Scope, ctx: ImportContext): unknown {
  switch (d.name) {
    case 'break':
      return { kind: 'break' };
    case 'set': {
      const [variable = '', value = ''] = d.args;
      if (isKnownVariable(variable.replace(/^\$/, ''))) {
        ctx.warn(d, 'unsupported', `setting nginx's own variable ${variable} is not supported (not imported)`);
        return null;
      }
      const resolved = fileVariables(value, scope, ctx);
      if (resolved === null) {
        ctx.warn(d, 'unsupported', '$request_filename in an alias location is not supported (not imported)');
        return null;
      }
      return { kind: 'set', variable: variable.replace(/^\$/, ''), value: resolved };
    }
    case 'rewrite': {
      const [regex = '', replacement = '', flag] = d.args;
      if (regex.startsWith('(?i)')) {
        ctx.warn(d, 'unsupported', 'case-insensitive rewrite regexes ("(?i)") are not supported (rule not imported)');
        return null;
      }
      return flag === undefined ? { kind: 'rewrite', regex: pcreToJs(regex), replacement } : { kind: 'rewrite', regex: pcreToJs(regex), replacement, flag };
    }
    case 'return': {
      const [first = '', second] = d.args;
      const type = scope.value('default_type');
      ctx.use(type);
      const contentType = type?.args[0] ?? 'text/plain';
      // "return URL" is a 302 (nginx); written back as "return 302 URL".
      if (second === undefined && /^(https?:\/\/|\$scheme)/.test(first)) return { kind: 'return', status: 302, text: first, contentType };
      if (!/^\d{3}$/.test(first)) return { kind: 'return', status: -1 };
      return second === undefined ? { kind: 'return', status: Number(first), contentType } : { kind: 'return', status: Number(first), text: second, contentType };
    }
  }
  return null;
}

function mapIf(d: NginxDirective, scope: Scope, ctx: ImportContext): RewriteStep | null {
  const condition = parseCondition(d.args, scope, ctx, d);
  const text = d.args.join(' ');
  if (typeof condition === 'string') {
    ctx.warn(d, 'unsupported', `"if ${text}": ${condition}; the ${d.block?.length ?? 0} directives in it were not imported`);
    ctx.useTree(d);
    return null;
  }
  const others = (d.block ?? []).filter((inner) => !INNER.has(inner.name));
  if (others.length > 0) {
    ctx.warn(d, 'unsupported', `"if ${text}" with ${others.map((o) => o.name).join(', ')} inside is not supported (only set, rewrite, return and break); the ${d.block?.length ?? 0} directives in it were not imported`);
    ctx.useTree(d);
    return null;
  }
  const steps = (d.block ?? []).map((inner) => innerStep(inner, scope, ctx)).filter((s): s is RewriteStep => s !== null);
  return { kind: 'if', condition, steps: steps as Extract<RewriteStep, { kind: 'if' }>['steps'] };
}

const VARIABLE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/** nginx's `if` arguments (parentheses glued to the first and last) → a condition, or why not. */
export function parseCondition(args: readonly string[], scope: Scope, ctx: ImportContext, d: NginxDirective): z.output<typeof IfCondition> | string {
  const parts = [...args];
  if (parts[0] === '(') parts.shift();
  else if (parts[0]?.startsWith('(')) parts[0] = parts[0].slice(1);
  else return 'invalid condition (nginx wants parentheses)';
  const last = parts.length - 1;
  if (parts[last] === ')') parts.pop();
  else if (parts[last]?.endsWith(')')) parts[last] = parts[last].slice(0, -1);
  else return 'invalid condition (nginx wants parentheses)';
  const variableOf = (token: string) => {
    const m = VARIABLE.exec(token);
    return m ? (m[1] ?? m[2]!) : null;
  };
  let candidate: unknown;
  if (parts.length === 1) {
    const variable = variableOf(parts[0]!);
    if (!variable) return `"${parts[0]}" is not a variable`;
    candidate = { kind: 'value', variable };
  } else if (parts.length === 2) {
    const m = /^(!?)-([fdex])$/.exec(parts[0]!);
    if (!m) return `unknown test "${parts[0]}"`;
    const path = fileVariables(parts[1]!, scope, ctx);
    if (path === null) return '$request_filename in an alias location is not supported';
    candidate = { kind: 'file', test: m[2], negate: m[1] === '!', path };
  } else if (parts.length === 3) {
    const variable = variableOf(parts[0]!);
    if (!variable) return `"${parts[0]}" is not a variable`;
    const [, op, value] = parts as [string, string, string];
    if (op === '=' || op === '!=') candidate = { kind: 'compare', variable, negate: op === '!=', value };
    else if (['~', '~*', '!~', '!~*'].includes(op)) candidate = { kind: 'match', variable, negate: op.startsWith('!'), caseless: op.endsWith('*'), regex: pcreToJs(value) };
    else return `unknown operator "${op}"`;
  } else return 'invalid condition';
  const parsed = IfCondition.safeParse(candidate);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'invalid condition';
  const c = parsed.data;
  const used = [c.kind === 'file' ? c.path : `$${c.variable}`, c.kind === 'compare' ? c.value : ''].join(' ');
  const unknown = unknownVariables(used, ctx.extraVariables);
  if (unknown.length > 0) return `$${unknown[0]} is not a variable Portico knows`;
  return c;
}

/**
 * $document_root and $request_filename are the level's root (static configuration in
 * nginx): written in as literal paths, so the engine needs no file-system variables.
 * null: $request_filename under an alias (its mapping is not a plain concatenation).
 */
function fileVariables(value: string, scope: Scope, ctx: ImportContext): string | null {
  if (!/\$\{?(document_root|request_filename|realpath_root)\b/.test(value)) return value;
  const alias = scope.own('alias')[0];
  if (alias && /\$\{?request_filename\b/.test(value)) return null;
  const root = scope.value('root');
  ctx.use(root);
  const written = alias?.args[0] ?? root?.args[0] ?? 'html';
  const base = (written.startsWith('/') ? written : `/usr/share/nginx/${written}`).replace(/\/$/, '');
  return value.replace(/\$\{?(document_root|realpath_root)\}?/g, base).replace(/\$\{?request_filename\}?/g, `${base}$uri`);
}
