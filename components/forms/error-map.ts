// Plain-language messages for the generic zod issues a form can produce; the model's own
// messages (refinements such as "exactly one of root and alias is required") are kept.
import { Unparsed } from './units.ts';

const UNPARSED_MESSAGES: Record<Unparsed['kind'], string> = {
  number: 'enter a whole number',
  duration: 'enter a duration such as 500ms, 30s, 5m or 1h',
  size: 'enter a size such as 512, 64k, 10m or 1g',
};

interface Issue {
  code?: string;
  input?: unknown;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  expected?: string;
}

export function formErrorMap(issue: Issue): string | undefined {
  if (issue.input instanceof Unparsed) return issue.input.text.trim() === '' ? 'required' : UNPARSED_MESSAGES[issue.input.kind];
  if (issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null)) return 'required';
  if (issue.code === 'too_small') {
    if (issue.origin === 'string' && issue.minimum === 1) return 'required';
    if (issue.origin === 'array') return issue.minimum === 1 ? 'add at least one' : `add at least ${String(issue.minimum)}`;
    if (issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
    if (issue.origin === 'array') return `at most ${String(issue.maximum)} allowed`;
    if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
  }
  return undefined;
}
