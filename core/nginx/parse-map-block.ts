// One `map $source $variable { … }` block → the model's VariableMap, with nginx's own
// checks: what nginx refuses to start with (a bad regex, a repeated key, an invalid mask,
// a line with the wrong number of words) is a NginxParseError naming the line, as a
// syntax error would be.
import type { z } from 'zod';
import type { NginxDirective } from './ast.ts';
import { NginxParseError } from './parse-error.ts';
import { soleVariable } from './variables.ts';
import { checkRegexSafety, pcreToJs } from '../config/regex-safety.ts';
import { VariableMap, type MapEntry } from '../config/variable-maps.ts';

type MapInput = z.input<typeof VariableMap>;

function refuse(d: NginxDirective, message: string): never {
  throw new NginxParseError(message, d.line, d.column, d.file);
}

/** A key as nginx reads it: "~re" / "~*re" regexes; a leading "\" makes the rest literal ("\~x", "\default"). */
function entryOf(key: string, value: string): MapEntry {
  if (key.startsWith('~*')) return { match: 'regexCaseless', key: pcreToJs(key.slice(2)), value };
  if (key.startsWith('~')) return { match: 'regex', key: pcreToJs(key.slice(1)), value };
  return { match: 'exact', key: key.startsWith('\\') ? key.slice(1) : key, value };
}

function regexSyntaxError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (error) {
    return `invalid regex: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

/**
 * The map of `d`, validated (errors point at the entry's line), or why Portico cannot
 * reproduce a map nginx accepts.
 */
export function parseMapBlock(d: NginxDirective): { map: VariableMap } | { unsupported: string; line: NginxDirective } {
  if (d.args.length !== 2) refuse(d, 'invalid number of arguments in "map" directive');
  const variable = d.args[1]!.startsWith('$') ? soleVariable(d.args[1]!) : null;
  if (!variable) refuse(d, `invalid variable name "${d.args[1]}"`);
  const input: MapInput & { entries: MapEntry[] } = { variable, source: d.args[0]!, entries: [] };
  const lines: NginxDirective[] = [];
  let sawDefault = false;
  for (const line of d.block ?? []) {
    const words = [line.name, ...line.args];
    if (words.length === 1 && line.name === 'hostnames') {
      // nginx reads the keys before `hostnames` as plain strings; the model has one mode per map.
      const early = input.entries.find((e) => e.match === 'exact' && /^\.|^\*\.|\.\*$/.test(e.key));
      if (early) return { unsupported: `map $${variable}: the key "${early.key}" comes before "hostnames", so nginx reads it as a plain string (put "hostnames" first)`, line };
      input.hostnames = true;
    }
    else if (words.length === 1 && line.name === 'volatile') input.volatile = true;
    else if (words.length !== 2) refuse(line, 'invalid number of the map parameters');
    else if (line.name === 'default') {
      if (sawDefault) refuse(line, 'duplicate default map parameter');
      sawDefault = true;
      input.default = words[1]!;
    } else {
      const entry = entryOf(line.name, words[1]!);
      if (entry.match !== 'exact') {
        // A pattern PCRE refuses stops nginx; one only Portico refuses (lookaround,
        // backreferences: no linear-time engine runs them) leaves the map out.
        const syntax = regexSyntaxError(entry.key);
        if (syntax) refuse(line, `map $${variable}: "${line.name}": ${syntax}`);
        const unsafe = checkRegexSafety(entry.key);
        if (unsafe) return { unsupported: `map $${variable}: "${line.name}": ${unsafe}`, line };
      }
      input.entries.push(entry);
      lines.push(line);
    }
  }
  const parsed = VariableMap.safeParse(input);
  if (parsed.success) return { map: parsed.data };
  const issue = parsed.error.issues[0]!;
  const index = issue.path[0] === 'entries' && typeof issue.path[1] === 'number' ? issue.path[1] : -1;
  const where = lines[index] ?? d;
  const key = index >= 0 ? ` "${where.name}"` : '';
  refuse(where, `map $${variable}:${key} ${issue.message}`);
}
