// Why the engine chose what it chose, in nginx's terms and in words.
import type { HostMatchReason } from '@/core/config/host-matcher.ts';
import type { LocationMatchReason } from '@/core/contract/trace.ts';
import type { TraceResult } from '../../core/contract/trace.ts';

export function explainHost(reason: HostMatchReason, serverName: string, host: string, entrypoint: string): string {
  switch (reason) {
    case 'exact':
      return `The Host “${host}” is exactly the server name “${serverName}”. Exact names win over every wildcard and regex.`;
    case 'leading_wildcard':
      return `No host has the exact name “${host}”; the longest leading wildcard that covers it is “${serverName}”.`;
    case 'trailing_wildcard':
      return `No exact name or leading wildcard covers “${host}”; the longest trailing wildcard that does is “${serverName}”.`;
    case 'regex':
      return `No exact or wildcard name covers “${host}”; the first regex that matches it, in configuration order, is “${serverName}”.`;
    case 'default':
      return `No server name matches “${host || '(no Host header)'}”, so the default server of the ${entrypoint.toUpperCase()} entrypoint answers.`;
  }
}

const MODIFIERS: Record<string, string> = { EXACT: '=', PREFIX: '', PREFIX_NOREGEX: '^~', REGEX: '~', REGEX_ICASE: '~*' };

export function locationLabel(location: Pick<NonNullable<TraceResult['location']>, 'matchKind' | 'path'>): string {
  const modifier = MODIFIERS[location.matchKind] ?? '';
  return `location ${modifier ? `${modifier} ` : ''}${location.path}`;
}

export function explainLocation(reason: LocationMatchReason, location: NonNullable<TraceResult['location']>, path: string): string {
  switch (reason) {
    case 'exact':
      return `“${path}” is exactly “${location.path}”: an exact (=) location wins at once, before any other is considered.`;
    case 'prefix_noregex':
      return `“${location.path}” is the longest prefix of “${path}”, and its ^~ tells nginx not to try the regex locations.`;
    case 'regex':
      return `“${location.path}” is the first regex location (in configuration order) that matches “${path}”; regexes win over plain prefixes.`;
    case 'prefix':
      return `No exact location matches and no regex location does; “${location.path}” is the longest prefix of “${path}”.`;
    case 'auto_redirect':
      return `“${path}” is the prefix location “${location.path}” without its trailing slash, and that location proxies: nginx answers with a redirect to “${location.path}”.`;
  }
}

export function explainAccess(access: NonNullable<NonNullable<TraceResult['policies']>['access']>, client: string): string {
  const rules = access.decision === 'allow' ? `the rules allow ${client}` : access.decision === 'deny' ? `the rules deny ${client} (403)` : `no rule names ${client}`;
  if (!access.basicAuth) return `${rules.charAt(0).toUpperCase()}${rules.slice(1)}.`;
  return `${rules.charAt(0).toUpperCase()}${rules.slice(1)}; a password is also asked for (satisfy ${access.satisfy}: ${access.satisfy === 'any' ? 'either is enough' : 'both are needed'}).`;
}
