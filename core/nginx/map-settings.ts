// Directives that are global settings in Portico: the real-IP module, the http-level
// server_tokens, and the request-header rules (large_client_header_buffers,
// underscores_in_headers, ignore_invalid_headers). Those at server or location level are
// applied globally, with a note.
import { HeaderBuffers, type GlobalSettings } from '../config/settings.ts';
import { AddressMatch, HeaderName } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { flagArg, integerArg, sizeArg } from './map-values.ts';
import type { Scope } from './scope.ts';

function* walk(directives: readonly NginxDirective[], depth = 0): Generator<{ d: NginxDirective; depth: number }> {
  for (const d of directives) {
    yield { d, depth };
    if (d.block && d.name !== 'upstream' && !['map', 'types', 'geo', 'split_clients'].includes(d.name)) yield* walk(d.block, depth + 1);
  }
}

export function mapSettings(http: Scope, ctx: ImportContext): Partial<GlobalSettings> {
  const settings: Partial<GlobalSettings> = {};
  const tokens = http.own('server_tokens')[0];
  if (tokens) {
    ctx.use(tokens);
    const value = tokens.args[0];
    if (value === 'on' || value === 'build' || value === 'off') settings.serverTokens = value !== 'off';
    else ctx.warn(tokens, 'unsupported', `invalid value "${value ?? ''}" (nginx accepts on, off or build)`);
  }

  const trusted: string[] = [];
  let realIp = false;
  for (const { d, depth } of walk(http.directives)) {
    if (!['set_real_ip_from', 'real_ip_header', 'real_ip_recursive'].includes(d.name)) continue;
    ctx.use(d);
    realIp = true;
    if (depth > 0) ctx.warn(d, 'note', 'Portico applies real-IP settings to every host');
    const value = d.args[0] ?? '';
    if (d.name === 'set_real_ip_from') {
      if (AddressMatch.safeParse(value).success) {
        if (!trusted.includes(value)) trusted.push(value);
      } else ctx.warn(d, 'unsupported', `"${value}" is not an address or CIDR block Portico can match (ignored)`);
    } else if (d.name === 'real_ip_header') {
      if (value === 'proxy_protocol') settings.realIpHeader = 'proxy_protocol';
      else if (HeaderName.safeParse(value).success) settings.realIpHeader = value;
      else ctx.warn(d, 'unsupported', `"${value}" is not a valid header name (ignored)`);
    } else {
      const recursive = flagArg(d, ctx);
      if (recursive !== undefined) settings.realIpRecursive = recursive;
    }
  }
  mapHeaderRules(http, ctx, settings);
  if (trusted.length > 0) settings.trustedProxies = trusted;
  // nginx's real_ip_recursive is off unless set; Portico's default is on.
  if (realIp && settings.realIpRecursive === undefined) settings.realIpRecursive = false;
  return settings;
}

const HEADER_RULES = ['large_client_header_buffers', 'underscores_in_headers', 'ignore_invalid_headers'];

function mapHeaderRules(http: Scope, ctx: ImportContext, settings: Partial<GlobalSettings>): void {
  for (const { d, depth } of walk(http.directives)) {
    if (!HEADER_RULES.includes(d.name)) continue;
    ctx.use(d);
    if (depth > 0) ctx.warn(d, 'note', `Portico applies ${d.name} to every host`);
    if (d.name === 'large_client_header_buffers') {
      const count = integerArg(d, ctx, 1, 64, d.args[0]);
      const sizeBytes = sizeArg(d, ctx, false, d.args[1] ?? '');
      if (count === undefined || sizeBytes === undefined) continue;
      const parsed = HeaderBuffers.safeParse({ count, sizeBytes });
      if (parsed.success) settings.headerBuffers = parsed.data;
      else ctx.warn(d, 'unsupported', `${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')} (not imported; the default 4 × 8k applies)`);
    } else {
      const value = flagArg(d, ctx);
      if (value === undefined) continue;
      if (d.name === 'underscores_in_headers') settings.underscoresInHeaders = value;
      else settings.ignoreInvalidHeaders = value;
    }
  }
}
