// Flattens nested locations into Portico's flat list so that they match as nginx
// matches them. nginx looks up the longest prefix first, then the regexes nested in
// it, then the server's regexes; so a regex nested in prefix P becomes "^P.*regex"
// and goes before the server-level regexes, and nested prefixes stay as they are.
// nginx never tries P's nested regexes when a longer sibling prefix of P wins (for
// "location / { location ~ \.css$ {…} }" and "location /api/", /api/x.css goes to /api/),
// so the flattened regex also refuses paths under those siblings: "^(?!/api/)/.*\.css$".
import { EXPORTED_AUTH_LOCATION } from './export-forward-auth.ts';
import type { MatchKind } from '../config/location.ts';
import { pcreToJs } from '../config/regex-safety.ts';
import { canonicalLocationPath } from '../config/normalize-uri.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { Scope } from './scope.ts';

export interface FlatLocation {
  matchKind: MatchKind;
  path: string;
  directive: NginxDirective;
  scope: Scope;
  /** Regex location, or nested in one. */
  regex: boolean;
  /** Regex derived from a nesting (ordered before the server's own regexes). */
  nestedRegex: boolean;
  /** The location it is nested in (null at server level). */
  parent: FlatLocation | null;
}

const isRegexKind = (kind: MatchKind): boolean => kind === 'REGEX' || kind === 'REGEX_ICASE';
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `location [= | ^~ | ~ | ~*] path` (modifiers may also be glued to the path, as nginx allows). */
function parseMatch(d: NginxDirective): { kind: MatchKind | 'NAMED'; path: string } | null {
  const [first = '', second] = d.args;
  const modifiers: [string, MatchKind][] = [['=', 'EXACT'], ['^~', 'PREFIX_NOREGEX'], ['~*', 'REGEX_ICASE'], ['~', 'REGEX']];
  if (second !== undefined) {
    const kind = modifiers.find(([m]) => m === first)?.[1];
    return kind ? { kind, path: second } : null;
  }
  if (first.startsWith('@')) return { kind: 'NAMED', path: first };
  for (const [modifier, kind] of modifiers) {
    if (first.startsWith(modifier) && first.length > modifier.length) return { kind, path: first.slice(modifier.length) };
  }
  return { kind: 'PREFIX', path: first };
}

/** nginx regexes are PCRE: named groups and a leading (?i) need JavaScript spellings. */
function jsRegex(kind: MatchKind, path: string): { kind: MatchKind; path: string } {
  if (path.startsWith('(?i)')) return { kind: 'REGEX_ICASE', path: pcreToJs(path.slice(4)) };
  return { kind, path: pcreToJs(path) };
}

function nest(parent: FlatLocation, kind: MatchKind, path: string, d: NginxDirective, ctx: ImportContext): { kind: MatchKind; path: string; nestedRegex: boolean } | null {
  if (parent.regex) {
    ctx.warn(d, 'unsupported', 'locations nested in a regex location are not supported; location not imported');
    return null;
  }
  if (!isRegexKind(kind)) {
    if (!path.startsWith(parent.path)) {
      ctx.warn(d, 'unsupported', `location "${path}" is outside location "${parent.path}" (nginx refuses it); not imported`);
      return null;
    }
    return { kind, path, nestedRegex: false };
  }
  if (parent.matchKind === 'PREFIX_NOREGEX') {
    ctx.warn(d, 'note', `a regex nested in "^~ ${parent.path}" applies only under it; imported as a regex limited to that prefix, checked before the server's regexes`);
  }
  const prefix = `^${escapeRegex(parent.path)}`;
  if (path.startsWith(prefix)) return { kind, path, nestedRegex: true };
  if (path.startsWith('^')) {
    ctx.warn(d, 'note', `nested regex "${path}" is imported as written: it is not limited to "${parent.path}" any more`);
    return { kind, path, nestedRegex: true };
  }
  return { kind, path: `${prefix}.*${path}`, nestedRegex: true };
}

function collect(block: readonly NginxDirective[], scope: Scope, parent: FlatLocation | null, ctx: ImportContext, out: FlatLocation[]): void {
  for (const d of block) {
    if (d.name !== 'location') continue;
    ctx.use(d);
    const match = parseMatch(d);
    if (!match) {
      ctx.warn(d, 'unsupported', `invalid location modifier "${d.args[0] ?? ''}"; not imported`);
      ctx.useTree(d);
      continue;
    }
    if (match.kind === 'NAMED') {
      // Stored as an EXACT location "@name": no request path equals it (core/config/location.ts).
      if (parent) {
        ctx.warn(d, 'unsupported', 'nginx allows named locations only at the server level; not imported');
        ctx.useTree(d);
        continue;
      }
      out.push({ matchKind: 'EXACT', path: match.path, directive: d, scope: new Scope('location', d.block ?? [], scope), regex: false, nestedRegex: false, parent: null });
      continue;
    }
    // The exporter's own auth_request targets: read through auth_request (map-policy-forward-auth.ts).
    if (match.kind === 'EXACT' && EXPORTED_AUTH_LOCATION.test(match.path)) {
      ctx.useTree(d);
      continue;
    }
    const js = isRegexKind(match.kind) ? jsRegex(match.kind, match.path) : { kind: match.kind, path: match.path };
    const placed = parent ? nest(parent, js.kind, js.path, d, ctx) : { ...js, nestedRegex: false };
    if (!placed) {
      ctx.useTree(d);
      continue;
    }
    const flat: FlatLocation = {
      matchKind: placed.kind,
      path: placed.path,
      directive: d,
      scope: new Scope('location', d.block ?? [], scope),
      regex: isRegexKind(placed.kind),
      nestedRegex: placed.nestedRegex,
      parent,
    };
    if (parent?.matchKind === 'EXACT') {
      ctx.warn(d, 'unsupported', 'nginx does not allow locations inside an exact location; not imported');
      ctx.useTree(d);
      continue;
    }
    out.push(flat);
    collect(d.block ?? [], flat.scope, flat, ctx, out);
  }
}

/** All locations of a server, nested ones included, in nginx's regex order. */
export function flattenLocations(serverBlock: readonly NginxDirective[], serverScope: Scope, ctx: ImportContext): FlatLocation[] {
  const flat: FlatLocation[] = [];
  collect(serverBlock, serverScope, null, ctx, flat);
  for (const l of flat) if (l.nestedRegex) l.path = guardSiblings(l, flat);
  // Regex slots keep their positions; nested-derived regexes fill the first ones.
  const regexes = flat.filter((l) => l.regex);
  const ordered = [...regexes.filter((l) => l.nestedRegex), ...regexes.filter((l) => !l.nestedRegex)];
  let next = 0;
  return flat.map((l) => (l.regex ? ordered[next++]! : l));
}

/** "^P…" → "^(?!S1|S2)P…" for the prefix siblings S of the regex's parent P that are longer than P. */
function guardSiblings(regex: FlatLocation, flat: readonly FlatLocation[]): string {
  const parent = regex.parent!;
  if (!regex.path.startsWith('^')) return regex.path;
  const siblings = flat.filter(
    (l) => l !== parent && l.parent === parent.parent && !l.regex && l.matchKind !== 'EXACT' && l.path.length > parent.path.length && l.path.startsWith(parent.path),
  );
  if (siblings.length === 0) return regex.path;
  // The engine matches regexes against the canonical path: compare in that form.
  const guard = siblings.map((s) => escapeRegex(canonicalLocationPath(s.path))).join('|');
  return `^(?!${guard})${regex.path.slice(1)}`;
}
