// Validation messages in plain sentences. zod's own read like "Invalid input: expected
// number, received object" or "Too big: expected string to have <=253 characters"; this
// error map turns every zod issue code into a sentence a person who never saw the
// schema understands ("must be a number", "must be at most 253 characters"). It is
// installed once, globally (z.config), so the API, the importer, the engine and the
// dashboard's forms all say the same thing. Schemas with a meaning of their own (ports,
// durations, sizes, rates) carry their own messages in primitives.ts.
import { z } from 'zod';

/** Longest stretch of someone's input a message repeats. */
export const ECHO_MAX = 60;

/**
 * Input repeated in a message, quoted and cut short: a 10,000-character name must not
 * come back as a 10,000-character error.
 */
export function quote(value: unknown, max = ECHO_MAX): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A name shown in a sentence or a heading, cut short ("Server 10.0.0.1:80", "Location /api/…"). */
export function clip(text: string, max = ECHO_MAX): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A message cut to a length a page can show (the API's last line of defence). */
export function bounded(message: string, max = 500): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (a set of fields)',
  record: 'an object (a set of fields)',
  null: 'null',
  bigint: 'a whole number',
  date: 'a date',
};

const FORMATS: Record<string, string> = {
  email: 'an email address (name@example.com)',
  url: 'a URL',
  datetime: 'a date and time (ISO 8601, e.g. 2027-01-31T12:00:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM:SS)',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  cidrv4: 'an IPv4 range (10.0.0.0/8)',
  cidrv6: 'an IPv6 range (2001:db8::/32)',
  uuid: 'a UUID',
  base64: 'base64 text',
  jwt: 'a JSON Web Token',
};

/** 1000000 → "1,000,000"; other values as they are. */
function amount(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint' ? value.toLocaleString('en-US') : String(value);
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (typeof v === 'string' ? quote(v) : String(v)));
  const rest = values.length > shown.length ? `, … (${values.length} in all)` : '';
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')}${rest} or ${shown.at(-1)}`;
}

const SIZED: Record<string, [string, string]> = { string: ['character', 'characters'], array: ['item', 'items'], set: ['item', 'items'], map: ['entry', 'entries'], file: ['byte', 'bytes'] };

function counted(n: unknown, origin: string): string {
  const unit = SIZED[origin];
  if (!unit) return amount(n);
  return `${amount(n)} ${Number(n) === 1 ? unit[0] : unit[1]}`;
}

type Issue = z.core.$ZodRawIssue;
type Finished = z.core.$ZodIssue;

/** The message of a union whose every form failed: the one form that nearly fit, or the forms there are. */
function unionMessage(issue: { errors?: Finished[][]; options?: unknown[] }): string {
  // A discriminated union given an unknown tag: the tags there are.
  if (issue.options?.length) return `must be one of ${oneOf(issue.options)}`;
  const types: string[] = [];
  const values: unknown[] = [];
  const near: Finished[] = [];
  for (const issues of issue.errors ?? []) {
    const root = issues.filter((i) => i.path.length === 0);
    const mismatch = issues.length > 0 && root.length === issues.length && root.every((i) => i.code === 'invalid_type' || i.code === 'invalid_value');
    if (!mismatch) {
      if (issues[0]) near.push(issues[0]);
      continue;
    }
    for (const i of root) {
      // The form's own wording ("must be a duration in milliseconds …"), without its "must be".
      if (i.code === 'invalid_type') types.push(i.message.replace(/^must be /, ''));
      else if (i.code === 'invalid_value') values.push(...i.values);
    }
  }
  // One form was the right kind of value but wrong in a detail: say that detail.
  if (near.length === 1) {
    const [first] = near as [Finished];
    return first.path.length ? `${first.path.join('.')}: ${first.message}` : first.message;
  }
  // A number literal next to a number form ("a number or 444") adds nothing.
  const numberForm = types.some((t) => /number/.test(t));
  const kinds = [...new Set([...types, ...values.filter((v) => !(numberForm && typeof v === 'number')).map((v) => (typeof v === 'string' ? quote(v) : String(v)))])];
  if (kinds.length === 0) return 'is not in any of the accepted forms';
  return `must be ${kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`}`;
}

/** zod's issue codes as sentences; undefined leaves an issue to the schema's own message. */
export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'must be a finite number';
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${oneOf(issue.values)}` : `must be one of ${oneOf(issue.values)}`;
    case 'too_small': {
      const origin = String(issue.origin ?? '');
      if (origin === 'string' && Number(issue.minimum) === 1) return 'required';
      if (origin === 'array' || origin === 'set') return Number(issue.minimum) === 1 ? 'add at least one' : `add at least ${amount(issue.minimum)}`;
      if (issue.exact) return `must have exactly ${counted(issue.minimum, origin)}`;
      if (issue.inclusive === false) return `must be more than ${amount(issue.minimum)}`;
      return SIZED[origin] ? `must be at least ${counted(issue.minimum, origin)}` : `must be at least ${amount(issue.minimum)}`;
    }
    case 'too_big': {
      const origin = String(issue.origin ?? '');
      if (origin === 'array' || origin === 'set') return `at most ${amount(issue.maximum)} allowed`;
      if (issue.exact) return `must have exactly ${counted(issue.maximum, origin)}`;
      if (issue.inclusive === false) return `must be less than ${amount(issue.maximum)}`;
      return `must be at most ${counted(issue.maximum, origin)}`;
    }
    case 'invalid_format': {
      if (issue.format === 'starts_with') return `must start with ${quote((issue as { prefix?: string }).prefix ?? '')}`;
      if (issue.format === 'ends_with') return `must end with ${quote((issue as { suffix?: string }).suffix ?? '')}`;
      if (issue.format === 'includes') return `must contain ${quote((issue as { includes?: string }).includes ?? '')}`;
      if (issue.format === 'regex') return 'uses characters or a form that is not allowed here';
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${amount(issue.divisor)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.slice(0, 5).map((k) => quote(k, 40));
      const more = issue.keys.length > keys.length ? ` and ${issue.keys.length - keys.length} more` : '';
      return `unknown field${issue.keys.length === 1 ? '' : 's'}: ${keys.join(', ')}${more}`;
    }
    case 'invalid_key':
      return 'has a name that is not allowed here';
    case 'invalid_element':
      return 'has an entry that is not allowed';
    case 'invalid_union':
      return unionMessage(issue as { errors?: Finished[][]; options?: unknown[] });
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
