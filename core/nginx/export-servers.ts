// Hosts → nginx `server` blocks. A host with forceHttps becomes two servers (the
// redirect on the http port and the real one on the https port), as people write it.
import type { z } from 'zod';
import type { HostInput } from '../config/host.ts';
import { type NginxNode, blockNode, commentNode, node } from './config-writer.ts';
import type { ExportContext } from './export-context.ts';
import { groupsToWrite, locationNode } from './export-locations.ts';
import { policyGroups, serverLevel } from './export-policies.ts';
import { AuthLocations } from './export-forward-auth.ts';
import { rewriteStepNodes } from './export-rewrite.ts';
import type { Groups, PolicyEnv } from './export-policy-env.ts';

type Host = z.output<typeof HostInput>;

function listenNode(ctx: ExportContext, entrypoint: 'http' | 'https', isDefault: boolean): NginxNode {
  const args = entrypoint === 'https' ? [String(ctx.httpsPort), 'ssl', 'http2'] : [String(ctx.httpPort)];
  return node('listen', ...args, ...(isDefault ? ['default_server'] : []), ...(ctx.proxyProtocol[entrypoint] ? ['proxy_protocol'] : []));
}

function errorPageNodes(host: Host): { server: NginxNode[]; locations: NginxNode[] } {
  const server: NginxNode[] = [];
  const locations: NginxNode[] = [];
  for (const [status, page] of Object.entries(host.errorPages)) {
    const name = `@portico_error_${status}`;
    server.push(node('error_page', status, name));
    locations.push(blockNode('location', [name], [node('default_type', page.contentType), node('return', status, page.body)]));
  }
  return { server, locations };
}

function serverBlock(host: Host, entrypoints: ('http' | 'https')[], http: Groups, ctx: ExportContext): NginxNode {
  const https = entrypoints.includes('https');
  const authLocations = new AuthLocations();
  const env: PolicyEnv = {
    https,
    hsts: host.tls.hsts,
    upgradeVariable: ctx.upgradeVariable,
    htpasswdPath: (users) => ctx.htpasswdPath(users),
    accessLogPath: ctx.accessLogPath,
    corsOrigin: (cors) => ctx.corsOrigin(cors),
    serverTokens: ctx.serverTokens,
    forwardedProto: host.tls.forwardedProto,
    authLocations,
  };
  const body: NginxNode[] = entrypoints.map((e) => listenNode(ctx, e, host.defaultServer));
  body.push(node('server_name', ...host.serverNames));
  if (https) {
    const certificate = ctx.certificateFor(host.serverNames);
    body.push(node('ssl_certificate', certificate.certificate), node('ssl_certificate_key', certificate.key));
  }
  const groups = policyGroups(serverLevel(host.policies), env);
  body.push(...groupsToWrite(groups, http, ctx));
  for (const rule of host.policies.rewrites ?? []) body.push(node('rewrite', rule.regex, rule.replacement, ...(rule.flag ? [rule.flag] : [])));
  body.push(...rewriteStepNodes(host.policies.rewriteSteps));
  const serverGroups = new Map([...http, ...groups]);
  const errors = errorPageNodes(host);
  body.push(...errors.server);
  for (const location of host.locations) {
    if (location.policies.websocket?.enabled || host.policies.websocket?.enabled) ctx.usesWebSocket = true;
    body.push(locationNode(location, host.policies, serverGroups, env, ctx));
  }
  body.push(...errors.locations);
  body.push(...authLocations.nodes((id) => ctx.poolName(id)));
  return blockNode('server', [], body);
}

/** The server blocks of one host. `http` is what the http level already sets. */
export function hostServers(host: Host, http: Groups, ctx: ExportContext): NginxNode[] {
  if (!host.enabled) return [commentNode(`portico: host ${host.serverNames.join(' ')} is disabled`)];
  const nodes: NginxNode[] = [];
  if (host.tls.forceHttps && host.entrypoints.includes('https')) {
    if (host.entrypoints.includes('http')) {
      nodes.push(
        blockNode('server', [], [
          listenNode(ctx, 'http', host.defaultServer),
          node('server_name', ...host.serverNames),
          node('return', String(host.tls.redirectStatus), 'https://$host$request_uri'),
        ]),
      );
    }
    nodes.push(serverBlock(host, ['https'], http, ctx));
    return nodes;
  }
  return [serverBlock(host, [...host.entrypoints], http, ctx)];
}

/** The server that answers hosts nobody claims on an entrypoint (Portico's unknownHost). */
export function catchAllServer(entrypoint: 'http' | 'https', unknownHost: 'not_found' | 'close', ctx: ExportContext): NginxNode {
  const body = [listenNode(ctx, entrypoint, true), node('server_name', '_')];
  if (entrypoint === 'https' && unknownHost === 'close') body.push(node('ssl_reject_handshake', 'on'));
  else {
    if (entrypoint === 'https') {
      const certificate = ctx.certificateFor([]);
      body.push(node('ssl_certificate', certificate.certificate), node('ssl_certificate_key', certificate.key));
    }
    body.push(node('return', unknownHost === 'close' ? '444' : '404'));
  }
  return blockNode('server', [], body);
}
