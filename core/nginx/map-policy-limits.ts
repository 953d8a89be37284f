// limit_req / limit_conn (with their _status and _dry_run) → rateLimits / connLimits.
import type { z } from 'zod';
import type { ConnLimitRule, RateLimitRule } from '../config/policies.ts';
import type { ImportContext } from './import-context.ts';
import { parseInteger, splitParam } from './nginx-values.ts';
import { flagArg, integerArg } from './map-values.ts';
import type { Scope } from './scope.ts';

type RateLimit = z.output<typeof RateLimitRule>;
type ConnLimit = z.output<typeof ConnLimitRule>;

function statusOf(scope: Scope, ctx: ImportContext, name: string): number {
  const d = scope.value(name);
  // nginx accepts 400..599 here.
  return (d && integerArg(d, ctx, 400, 599)) ?? 503;
}

function dryRunOf(scope: Scope, ctx: ImportContext, name: string): boolean {
  const d = scope.value(name);
  return (d && flagArg(d, ctx)) ?? false;
}

export function mapRateLimits(scope: Scope, ctx: ImportContext): RateLimit[] | undefined {
  const list = scope.find('limit_req');
  if (list.length === 0) return undefined;
  const status = statusOf(scope, ctx, 'limit_req_status');
  const dryRun = dryRunOf(scope, ctx, 'limit_req_dry_run');
  const rules: RateLimit[] = [];
  for (const d of list) {
    ctx.use(d);
    const rule: RateLimit = { zone: '', burst: 0, nodelay: false, delay: 0, status, dryRun };
    let valid = true;
    for (const arg of d.args) {
      const { key, value } = splitParam(arg);
      const number = parseInteger(value);
      if (key === 'zone' && value) rule.zone = value;
      else if (key === 'burst' && number !== null && number <= 100000) rule.burst = number;
      else if (key === 'delay' && number !== null && number <= 100000) rule.delay = number;
      else if (arg === 'nodelay') rule.nodelay = true;
      else {
        ctx.warn(d, 'unsupported', `invalid parameter "${arg}" (rule not imported)`);
        valid = false;
      }
    }
    if (!valid) continue;
    if (ctx.limitZones.get(rule.zone) !== 'REQUEST') {
      ctx.warn(d, 'unsupported', `no limit_req_zone defines the zone "${rule.zone}" (rule not imported)`);
      continue;
    }
    if (rules.some((r) => r.zone === rule.zone)) {
      ctx.warn(d, 'unsupported', `zone "${rule.zone}" is used twice at one level (nginx refuses it); rule not imported`);
      continue;
    }
    rules.push(rule);
  }
  return rules;
}

export function mapConnLimits(scope: Scope, ctx: ImportContext): ConnLimit[] | undefined {
  const list = scope.find('limit_conn');
  if (list.length === 0) return undefined;
  const status = statusOf(scope, ctx, 'limit_conn_status');
  const dryRun = dryRunOf(scope, ctx, 'limit_conn_dry_run');
  const rules: ConnLimit[] = [];
  for (const d of list) {
    const zone = d.args[0] ?? '';
    const max = integerArg(d, ctx, 1, 1000000, d.args[1]);
    if (max === undefined) continue;
    if (ctx.limitZones.get(zone) !== 'CONNECTION') {
      ctx.warn(d, 'unsupported', `no limit_conn_zone defines the zone "${zone}" (rule not imported)`);
      continue;
    }
    if (rules.some((r) => r.zone === zone)) {
      ctx.warn(d, 'unsupported', `zone "${zone}" is used twice at one level (nginx refuses it); rule not imported`);
      continue;
    }
    rules.push({ zone, max, status, dryRun });
  }
  return rules;
}
