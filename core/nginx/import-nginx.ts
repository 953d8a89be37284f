// Entry point of the nginx importer: text (+ pasted include files) → an ImportPlan.
// The top level of the text may be a whole nginx.conf (with an http block) or the
// contents of a sites-available file (server and upstream blocks); both are read as
// the http context. Top-level `stream` blocks become streams (map-stream.ts).
import type { NginxDirective } from './ast.ts';
import { ImportContext } from './import-context.ts';
import { ImportBudget } from './import-limits.ts';
import type { ImportPlan, ImportWarning } from './import-plan.ts';
import { finishHosts } from './map-hosts.ts';
import { mapMaps } from './map-maps.ts';
import { collectSetVariables } from './set-variables.ts';
import { mapServer } from './map-server.ts';
import { mapSettings } from './map-settings.ts';
import { mapStreams } from './map-stream.ts';
import { mapUpstream } from './map-upstream.ts';
import { mapCachePath, mapLimitZone } from './map-zones.ts';
import { parseNginx } from './parser.ts';
import { remarkFor } from './remarks.ts';
import { Scope } from './scope.ts';
import { collectCaptureVariables } from './capture-variables.ts';

export type { ImportPlan, ImportWarning, ImportWarningKind } from './import-plan.ts';
export { NginxParseError, isNginxParseError } from './parse-error.ts';
export { IMPORT_LIMITS, ImportLimitError } from './import-limits.ts';

// Blocks whose contents are reported one by one when nothing maps them.
const TRANSPARENT_BLOCKS = new Set(['http', 'events']);

/** Warns about every directive no mapper used, so nothing disappears silently. */
function reportLeftovers(directives: readonly NginxDirective[], ctx: ImportContext): void {
  for (const d of directives) {
    if (!ctx.isUsed(d)) {
      if (d.name === 'mail') {
        ctx.warn(d, 'unsupported', 'mail proxying is not supported; its contents were not imported');
        ctx.useTree(d);
        continue;
      }
      const remark = remarkFor(d);
      ctx.warn(d, remark.kind, remark.message);
      if (d.block && !TRANSPARENT_BLOCKS.has(d.name)) {
        ctx.useTree(d);
        continue;
      }
    }
    if (d.block) reportLeftovers(d.block, ctx);
  }
}

function byPosition(a: ImportWarning, b: ImportWarning): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Imports an nginx configuration. `files` holds pasted files for `include` and
 * `auth_basic_user_file` (keys may be paths or file names; globs match them).
 * Throws NginxParseError `{ line, column, message }` when the text does not parse.
 */
export function importNginx(text: string, files: Readonly<Record<string, string>> = {}): ImportPlan {
  const budget = new ImportBudget();
  const parsed = parseNginx(text, files, budget);
  const ctx = new ImportContext(files, budget);
  // One by one: spreading a huge list into push() overflows the stack.
  for (const warning of parsed.warnings) ctx.warnings.push(warning);

  const top = parsed.directives;
  const httpBlocks = top.filter((d) => d.name === 'http');
  for (const extra of httpBlocks.slice(1)) ctx.warn(extra, 'note', 'nginx allows one http block; the contents of this one are imported too');
  ctx.use(...httpBlocks);
  ctx.wholeConfiguration = httpBlocks.length > 0;
  const streamBlocks = top.filter((d) => d.name === 'stream');
  const http = new Scope('http', [...top.filter((d) => d.name !== 'http' && d.name !== 'stream'), ...httpBlocks.flatMap((d) => d.block ?? [])], null);

  collectCaptureVariables(top, ctx.captureVariables);
  collectSetVariables(top, ctx);
  // After the names `set` and regexes declare: map values may read them.
  const maps = mapMaps(http.own('map'), ctx);
  const plan: ImportPlan = { pools: [], hosts: [], cacheZones: [], limitZones: [], settings: {}, warnings: [] };
  for (const d of http.own('upstream')) {
    const pool = mapUpstream(d, ctx);
    if (!pool) continue;
    if (ctx.pools.has(pool.name.toLowerCase())) {
      ctx.warn(d, 'unsupported', `duplicate upstream "${pool.name}" (nginx refuses it); not imported`);
      continue;
    }
    ctx.pools.set(pool.name.toLowerCase(), pool.name);
    plan.pools.push(pool);
  }
  for (const d of http.own('proxy_cache_path')) {
    const zone = mapCachePath(d, ctx);
    if (zone && !plan.cacheZones.some((z) => z.name === zone.name)) plan.cacheZones.push(zone);
  }
  for (const d of http.own('limit_req_zone', 'limit_conn_zone')) {
    const zone = mapLimitZone(d, ctx);
    if (zone && !plan.limitZones.some((z) => z.name === zone.name)) plan.limitZones.push(zone);
  }
  plan.settings = mapSettings(http, ctx);
  if (maps.length > 0) plan.settings.maps = maps;
  if (streamBlocks.length > 0) {
    // stream upstreams become pools too (one namespace in Portico); streams name them.
    const mapped = mapStreams(streamBlocks, new Set(plan.pools.map((p) => p.name.toLowerCase())), ctx);
    plan.pools.push(...mapped.pools);
    plan.streams = mapped.streams;
  }

  const drafts = http.own('server').map((d) => mapServer(d, http, plan.settings.serverTokens ?? false, ctx));
  const finished = finishHosts(drafts, ctx);
  plan.hosts = finished.hosts;
  if (finished.implicitDefaults.length > 0) plan.implicitDefaultServers = finished.implicitDefaults;
  if (finished.unknownHost) plan.settings.unknownHost = finished.unknownHost;
  if (ctx.proxyProtocolEntrypoints.size > 0) plan.settings.proxyProtocol = { http: ctx.proxyProtocolEntrypoints.has('http'), https: ctx.proxyProtocolEntrypoints.has('https') };

  reportLeftovers(top, ctx);
  plan.warnings = [...ctx.warnings].sort(byPosition);
  return plan;
}
