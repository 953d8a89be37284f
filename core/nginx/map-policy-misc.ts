// The single-value policies: body size, timeouts, buffering (with proxy_buffer_size),
// retries, proxy_redirect, expires, access_log and server_tokens.
import type { z } from 'zod';
import type { Policies, RetryPolicy, TimeoutsPolicy } from '../config/policies.ts';
import type { ImportContext } from './import-context.ts';
import { durationArg, flagArg, flagIn, integerArg, sizeArg } from './map-values.ts';
import type { Scope } from './scope.ts';
import { patternProblem } from '../config/proxy-cookies.ts';
import { unknownVariables } from './variables.ts';

type Retry = z.output<typeof RetryPolicy>;
type RetryReason = Retry['on'][number];
const RETRY_REASONS = new Set<string>(['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent']);

export function mapMaxBody(scope: Scope, ctx: ImportContext): number | undefined {
  const d = scope.value('client_max_body_size');
  return d && sizeArg(d, ctx, true);
}

export function mapTimeouts(scope: Scope, ctx: ImportContext): z.output<typeof TimeoutsPolicy> | undefined {
  const names = ['proxy_connect_timeout', 'proxy_send_timeout', 'proxy_read_timeout'] as const;
  if (!scope.setsAny(names)) return undefined;
  const [connectMs, sendMs, readMs] = names.map((name) => {
    const d = scope.value(name);
    return (d && durationArg(d, ctx, 'msec')) ?? 60000;
  });
  return { connectMs: connectMs!, sendMs: sendMs!, readMs: readMs! };
}

export function mapBuffering(scope: Scope, ctx: ImportContext): { enabled: boolean; headerBufferBytes: number } | undefined {
  if (!scope.setsAny(['proxy_buffering', 'proxy_buffer_size'])) return undefined;
  return { enabled: flagIn(scope, 'proxy_buffering', ctx) ?? true, headerBufferBytes: headerBufferBytes(scope, ctx) };
}

/** proxy_buffer_size (nginx's default: one memory page, 4k). */
function headerBufferBytes(scope: Scope, ctx: ImportContext): number {
  const d = scope.value('proxy_buffer_size');
  const size = d && sizeArg(d, ctx, false);
  if (d === undefined || size === undefined) return 4096;
  if (size < 128 || size > 1024 * 1024) {
    ctx.warn(d, 'unsupported', `Portico takes a proxy_buffer_size from 128 bytes to 1m; imported as ${size < 128 ? '128' : '1m'}`);
    return size < 128 ? 128 : 1024 * 1024;
  }
  return size;
}

/**
 * proxy_request_buffering and client_body_buffer_size. nginx streams a body of unknown
 * length only to an HTTP/1.1 upstream: without proxy_http_version (nginx's 1.0, Portico's
 * 1.1) "off" keeps such bodies buffered, as nginx does.
 */
export function mapRequestBuffering(scope: Scope, ctx: ImportContext): { enabled: boolean; memoryBytes: number } | undefined {
  const d = scope.value('proxy_request_buffering');
  const size = scope.value('client_body_buffer_size');
  if (!d && !size) return undefined;
  const enabled = (d && flagArg(d, ctx)) ?? true;
  const memoryBytes = (size && sizeArg(size, ctx, false)) ?? 16384;
  return { enabled: enabled || scope.value('proxy_http_version') === undefined, memoryBytes };
}

export function mapRetry(scope: Scope, ctx: ImportContext): Retry | undefined {
  if (!scope.setsAny(['proxy_next_upstream', 'proxy_next_upstream_tries', 'proxy_next_upstream_timeout'])) return undefined;
  const retry: Retry = { on: ['error', 'timeout'], tries: 0, timeoutMs: 0 };
  const on = scope.value('proxy_next_upstream');
  if (on) {
    ctx.use(on);
    retry.on = [];
    for (const arg of on.args) {
      if (arg === 'off') {
        retry.on = [];
        break;
      }
      if (RETRY_REASONS.has(arg)) retry.on.push(arg as RetryReason);
      else ctx.warn(on, 'unsupported', `"${arg}" is not a retry condition Portico supports (dropped)`);
    }
  }
  const tries = scope.value('proxy_next_upstream_tries');
  retry.tries = (tries && integerArg(tries, ctx, 0, 100)) ?? 0;
  const timeout = scope.value('proxy_next_upstream_timeout');
  retry.timeoutMs = (timeout && durationArg(timeout, ctx, 'msec')) ?? 0;
  return retry;
}

export function mapProxyRedirect(scope: Scope, ctx: ImportContext): Policies['proxyRedirect'] {
  const list = scope.find('proxy_redirect');
  if (list.length === 0) return undefined;
  ctx.use(...list);
  // nginx keeps one list per level: "default" and from/to pairs in order; "off" stands alone.
  const off = list.find((d) => d.args.length === 1 && (d.args[0] === 'off' || d.args[0] === 'false'));
  if (off) {
    if (list.length > 1) ctx.warn(off, 'unsupported', '"proxy_redirect off" next to other proxy_redirect rules (nginx refuses it: "is duplicate"); imported as off');
    return 'off';
  }
  const rules: Exclude<Policies['proxyRedirect'], string | undefined> = [];
  for (const d of list) {
    const [from = '', to] = d.args;
    if (to === undefined) {
      if (from === 'default') rules.push('default');
      else ctx.warn(d, 'unsupported', `invalid value "${from}" (nginx accepts default, off or a from/to pair)`);
      continue;
    }
    if (from === '') continue;
    const problem = patternProblem(from);
    if (problem) ctx.warn(d, 'unsupported', `${problem}; rule not imported`);
    else if (!from.startsWith('~') && unknownVariables(from, ctx.mapVariables).length > 0) ctx.warn(d, 'unsupported', `$${unknownVariables(from, ctx.mapVariables)[0]} is not a variable Portico knows; rule not imported`);
    else if (unknownVariables(to, ctx.mapVariables).length > 0) ctx.warn(d, 'unsupported', `$${unknownVariables(to, ctx.mapVariables)[0]} is not a variable Portico knows; rule not imported`);
    else rules.push({ from, to });
  }
  if (rules.length === 1 && rules[0] === 'default') return 'default';
  return rules;
}

export function mapExpires(scope: Scope, ctx: ImportContext): Policies['expiresMs'] {
  const d = scope.value('expires');
  if (!d) return undefined;
  ctx.use(d);
  const [first = '', second] = d.args;
  if (second !== undefined || first.startsWith('@') || first.startsWith('-') || first.startsWith('+')) {
    ctx.warn(d, 'unsupported', `"expires ${d.args.join(' ')}" (relative to modification time, a time of day or negative) is not supported; only durations, max, epoch and off are`);
    return undefined;
  }
  if (first === 'off' || first === 'max' || first === 'epoch') return first;
  if (first.includes('$')) {
    // nginx evaluates it per response (the usual `map $sent_http_content_type $expires`).
    const unknown = unknownVariables(first, ctx.extraVariables);
    if (unknown.length === 0) return first;
    ctx.warn(d, 'unsupported', `$${unknown[0]} is not a variable Portico knows; expires not imported`);
    return undefined;
  }
  return durationArg(d, ctx, 'sec');
}

export function mapAccessLog(scope: Scope, ctx: ImportContext): boolean | undefined {
  const list = scope.find('access_log');
  if (list.length === 0) return undefined;
  ctx.use(...list);
  if (list.length === 1 && list[0]!.args[0] === 'off') return false;
  for (const d of list) {
    if (d.args[0] !== 'off') ctx.warn(d, 'managed', 'access logging stays on; Portico writes its own access log (the file, format and buffering are not imported)');
  }
  return true;
}

/** server_tokens at the server or location level (the http level goes to the global settings). */
export function mapServerTokens(scope: Scope, ctx: ImportContext): boolean | undefined {
  for (let s: Scope | null = scope; s && s.level !== 'http'; s = s.parent) {
    const d = s.own('server_tokens')[0];
    if (!d) continue;
    ctx.use(d);
    const value = d.args[0];
    if (value === 'on' || value === 'build') return true;
    if (value === 'off') return false;
    ctx.warn(d, 'unsupported', `invalid value "${value ?? ''}" (nginx accepts on, off or build)`);
    return undefined;
  }
  return undefined;
}
