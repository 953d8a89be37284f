// proxy_set_header, proxy_http_version and the WebSocket pattern they form:
// `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
//  proxy_set_header Connection "upgrade" | $connection_upgrade;` → websocket.enabled.
import type { z } from 'zod';
import type { HeaderSet, WebSocketPolicy } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { durationArg, headerPair } from './map-values.ts';
import type { Scope } from './scope.ts';
import { soleVariable } from './variables.ts';

export interface ProxyHeaderSections {
  proxyHeaders?: z.output<typeof HeaderSet>[];
  /** The list's `proxy_set_header Host $host`, lifted into the policy's switch. */
  passHostHeader?: boolean;
  websocket?: z.output<typeof WebSocketPolicy>;
  httpVersion?: '1.0' | '1.1';
}

const DEFAULT_READ_TIMEOUT_MS = 60000;

function isUpgradeHeader(d: NginxDirective): boolean {
  return d.args[0]?.toLowerCase() === 'upgrade' && soleVariable(d.args[1] ?? '') === 'http_upgrade';
}

function isConnectionUpgrade(d: NginxDirective, ctx: ImportContext): boolean {
  if (d.args[0]?.toLowerCase() !== 'connection') return false;
  const value = d.args[1] ?? '';
  const variable = soleVariable(value);
  return value.toLowerCase() === 'upgrade' || (variable !== null && ctx.upgradeVariables.has(variable));
}

/** Effective proxy_http_version at this scope, or undefined when no level sets it (nginx: 1.0). */
function httpVersionOf(scope: Scope, ctx: ImportContext): '1.0' | '1.1' | undefined {
  const d = scope.value('proxy_http_version');
  if (!d) return undefined;
  ctx.use(d);
  const version = d.args[0];
  if (version === '1.0' || version === '1.1') return version;
  ctx.warn(d, 'unsupported', `invalid HTTP version "${version ?? ''}": nginx accepts 1.0 or 1.1 (ignored)`);
  return undefined;
}

export function readTimeoutMs(scope: Scope, ctx: ImportContext): number {
  const d = scope.value('proxy_read_timeout');
  return (d && durationArg(d, ctx, 'msec')) ?? DEFAULT_READ_TIMEOUT_MS;
}

export function mapProxyHeaders(scope: Scope, ctx: ImportContext): ProxyHeaderSections {
  const sections: ProxyHeaderSections = {};
  const version = httpVersionOf(scope, ctx);
  // An unset version stays unset: Portico's default (1.1) is what such configs usually
  // want; an explicit 1.1 is later dropped as equal to that default (map-policies.ts).
  if (version !== undefined) sections.httpVersion = version;

  const list = scope.find('proxy_set_header');
  if (list.length === 0) {
    if (version !== undefined) sections.websocket = { enabled: false, idleTimeoutMs: DEFAULT_READ_TIMEOUT_MS };
    return sections;
  }
  ctx.use(...list);

  const upgrade = list.find(isUpgradeHeader);
  const connection = list.find((d) => isConnectionUpgrade(d, ctx));
  let absorbed: NginxDirective[] = [];
  if (upgrade && connection && version === '1.1') {
    sections.websocket = { enabled: true, idleTimeoutMs: readTimeoutMs(scope, ctx) };
    absorbed = [upgrade, connection];
  } else {
    sections.websocket = { enabled: false, idleTimeoutMs: DEFAULT_READ_TIMEOUT_MS };
    if (upgrade && connection) {
      ctx.warn(upgrade, 'note', 'WebSocket upgrades need "proxy_http_version 1.1" here (nginx sends HTTP/1.0, so the upgrade fails); the headers are imported as plain headers');
    }
  }

  // One "Host $host" line is the "pass the client's Host" switch; the switch is then set
  // (on or off) wherever a list is, since a list replaces the enclosing level's whole.
  const hostLines = list.filter((d) => d.args[0]?.toLowerCase() === 'host');
  const passHost = hostLines.length === 1 && soleVariable(hostLines[0]!.args[1] ?? '') === 'host' ? hostLines[0]! : null;
  sections.passHostHeader = passHost !== null;
  if (passHost) absorbed = [...absorbed, passHost];

  const headers: z.output<typeof HeaderSet>[] = [];
  for (const d of list) {
    if (absorbed.includes(d)) continue;
    // "Host $proxy_host" is what nginx sends anyway: the line only stops inheritance.
    if (d.args[0]?.toLowerCase() === 'host' && soleVariable(d.args[1] ?? '') === 'proxy_host') continue;
    const pair = headerPair(d, ctx, d.args[0] ?? '', d.args[1] ?? '');
    if (pair) headers.push(pair);
  }
  sections.proxyHeaders = headers;
  return sections;
}
