// Locations and their actions → nginx `location` blocks.
import type { z } from 'zod';
import type { LocationInput } from '../config/location.ts';
import { mergePolicies, type Policies } from '../config/policies.ts';
import { type NginxNode, blockNode, commentNode, node } from './config-writer.ts';
import type { ExportContext } from './export-context.ts';
import { policyGroups } from './export-policies.ts';
import type { Groups, PolicyEnv } from './export-policy-env.ts';
import { corsBlock } from './export-policy-parts.ts';
import { resetGroup } from './export-reset.ts';
import { deepEqual } from './map-policies.ts';

type Location = z.output<typeof LocationInput>;
type Action = Location['action'];

const MODIFIER: Record<Location['matchKind'], string | null> = { EXACT: '=', PREFIX: null, PREFIX_NOREGEX: '^~', REGEX: '~', REGEX_ICASE: '~*' };

/** The directives a level writes: every group that differs from what it inherits. */
export function groupsToWrite(mine: Groups, inherited: Groups, ctx: ExportContext): NginxNode[] {
  const out: NginxNode[] = [];
  for (const key of new Set([...mine.keys(), ...inherited.keys()])) {
    const own = mine.get(key) ?? [];
    const parent = inherited.get(key) ?? [];
    if (deepEqual(own, parent)) continue;
    if (own.length > 0) out.push(...own);
    else {
      const reset = resetGroup(key, ctx.accessLogPath);
      if (reset) out.push(...reset);
      else out.push(commentNode(`portico: the inherited ${key} cannot be turned off here in nginx`));
    }
  }
  return out;
}

function proxyTarget(action: Extract<Action, { kind: 'proxy' }>, ctx: ExportContext): string {
  if (action.poolId !== undefined) return ctx.poolName(action.poolId);
  if (action.target !== undefined) return action.target;
  const address = action.address ?? '';
  // nginx spells a socket target "unix:/path:" with the URI after the last colon.
  return address.startsWith('unix:') ? `${address}:` : address;
}

export function actionNodes(action: Action, ctx: ExportContext): NginxNode[] {
  switch (action.kind) {
    case 'proxy': {
      const nodes = [node('proxy_pass', `${action.scheme}://${proxyTarget(action, ctx)}${action.uri ?? ''}`)];
      // nginx always decodes %2F for matching; without a URI part it still passes the target as sent.
      if (action.keepEncodedSlashes) {
        nodes.unshift(commentNode(`portico: keeps encoded slashes (%2F as data)${action.uri === null ? '; nginx passes them on as sent here' : '; nginx decodes them before the URI part'}`));
      }
      if (action.scheme === 'https') nodes.push(...ctx.upstreamTls(action.poolId));
      return nodes;
    }
    case 'static': {
      const nodes = [action.alias !== undefined ? node('alias', action.alias) : node('root', action.root ?? '/')];
      if (action.index.join() !== 'index.html') nodes.push(node('index', ...action.index));
      if (action.tryFiles) nodes.push(node('try_files', ...action.tryFiles));
      if (action.autoindex) nodes.push(node('autoindex', 'on'));
      return nodes;
    }
    case 'redirect':
      return [node('return', String(action.status), action.url)];
    case 'return': {
      // Always written: the http level of a full nginx.conf sets application/octet-stream.
      const nodes = [node('default_type', action.contentType)];
      nodes.push(action.body === '' ? node('return', String(action.status)) : node('return', String(action.status), action.body));
      return nodes;
    }
  }
}

export function locationNode(location: Location, host: Policies, serverGroups: Groups, env: PolicyEnv, ctx: ExportContext): NginxNode {
  const effective = mergePolicies(host, location.policies);
  const groups = policyGroups(effective, env);
  const body = groupsToWrite(groups, serverGroups, ctx);
  // rewrite is not inherited in nginx: a location runs only its own.
  for (const rule of location.policies.rewrites ?? []) body.push(node('rewrite', rule.regex, rule.replacement, ...(rule.flag ? [rule.flag] : [])));
  if (effective.cors) body.push(...corsBlock(effective.cors, ctx.corsOrigin(effective.cors)));
  // nginx reads "proxy_redirect default" only after proxy_pass: the rules go last.
  const redirects = body.filter((n) => n.name === 'proxy_redirect');
  body.splice(0, body.length, ...body.filter((n) => n.name !== 'proxy_redirect'), ...actionNodes(location.action, ctx), ...redirects);
  const modifier = MODIFIER[location.matchKind];
  const args = modifier ? [modifier, location.path] : [location.path];
  if (!location.enabled) return commentNode(`portico: location ${args.join(' ')} is disabled`);
  return blockNode('location', args, body);
}
