// nginx's rewrite module as a list of steps that run in order (set, if, return, rewrite,
// break), one list per level: the host's run before the location search, a location's
// after it. Kept as steps rather than as separate settings because the order is the
// meaning: "return 403; rewrite ^ /x;" answers 403, "rewrite ^ /x last; return 403;"
// does not.
import { z } from 'zod';
import { VariableName, TemplateValue } from './variable-values.ts';
import { SafeRegex } from './primitives.ts';

export const IfCondition = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('value'), variable: VariableName }).describe('if ($var): true unless empty or "0".'),
    z
      .object({ kind: z.literal('compare'), variable: VariableName, negate: z.boolean().default(false), value: TemplateValue })
      .describe('if ($var = value) / if ($var != value): exact string comparison; the value may use variables.'),
    z
      .object({ kind: z.literal('match'), variable: VariableName, negate: z.boolean().default(false), caseless: z.boolean().default(false), regex: SafeRegex })
      .describe('if ($var ~ regex) (~* caseless, !~ / !~* negated); a match sets $1…$9 and named captures.'),
    z
      .object({ kind: z.literal('file'), test: z.enum(['f', 'd', 'e', 'x']), negate: z.boolean().default(false), path: TemplateValue.min(1) })
      .describe('if (-f path): file (-f), directory (-d), exists (-e), executable (-x); "!" negates.'),
  ])
  .describe('The condition of an "if" step.');
export type IfCondition = z.output<typeof IfCondition>;

const SetStep = z.object({ kind: z.literal('set'), variable: VariableName, value: TemplateValue }).describe('set $variable value.');
const BreakStep = z.object({ kind: z.literal('break') }).describe('break: stop the rewrite steps of this level.');
const RewriteStep = z
  .object({
    kind: z.literal('rewrite'),
    regex: SafeRegex,
    replacement: z.string().min(1).max(2048),
    flag: z.enum(['last', 'break', 'redirect', 'permanent']).optional(),
  })
  .describe('rewrite regex replacement [flag], as the rewrites list.');
const ReturnStep = z
  .object({
    kind: z.literal('return'),
    status: z.number().int().min(200).max(599).or(z.literal(444)),
    text: TemplateValue.optional().describe('The body, or the URL for 301/302/303/307/308; none: the status page.'),
    contentType: z.string().max(256).default('text/plain').describe('default_type where the step is (for a text body).'),
  })
  .describe('return code [text|URL].');

/** Steps allowed inside "if" (nginx allows no "if" inside "if"). */
export const RewriteInnerStep = z.discriminatedUnion('kind', [SetStep, BreakStep, RewriteStep, ReturnStep]);
export type RewriteInnerStep = z.output<typeof RewriteInnerStep>;

const IfStep = z
  .object({ kind: z.literal('if'), condition: IfCondition, steps: z.array(RewriteInnerStep).max(50) })
  .describe('if (condition) { steps }.');

export const RewriteStepSchema = z.discriminatedUnion('kind', [SetStep, BreakStep, RewriteStep, ReturnStep, IfStep]).describe('One directive of the rewrite module.');
export type RewriteStep = z.output<typeof RewriteStepSchema>;

export const RewriteSteps = z
  .array(RewriteStepSchema)
  .max(200)
  .describe(
    "The rewrite module's directives of this level, in order (set, if, return, rewrite, break). Not inherited: the host's run before the location search, a location's after it. A location's plain `rewrites` run before these.",
  );

/** Named groups of a regex ("(?<name>…)"): nginx makes each a variable. */
export function namedGroups(regex: string): string[] {
  return [...regex.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
}

/** Names of the variables the steps make: `set`, and the named captures of `if` regexes (nginx declares them for the whole configuration). */
export function setVariables(steps: readonly RewriteStep[] | undefined): string[] {
  const names: string[] = [];
  for (const step of steps ?? []) {
    if (step.kind === 'set') names.push(step.variable);
    else if (step.kind === 'if') {
      if (step.condition.kind === 'match') names.push(...namedGroups(step.condition.regex));
      for (const inner of step.steps) if (inner.kind === 'set') names.push(inner.variable);
    }
  }
  return names;
}
