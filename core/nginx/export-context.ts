// State of one export: options with their defaults, pool names by id, the files the
// configuration refers to (htpasswd), and http-level maps the servers need.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { PoolInput } from '../config/pool.ts';
import type { Policies } from '../config/policies.ts';
import { type NginxNode, blockNode, node } from './config-writer.ts';

type Pool = z.output<typeof PoolInput>;

/** A certificate and key nginx can read (PEM file paths). */
export interface CertificatePaths {
  certificate: string;
  key: string;
}

export interface ExportOptions {
  /** 'http' (default): the body of an http block, to include; 'full': a complete nginx.conf. */
  mode?: 'http' | 'full';
  /** An existing directory for logs, pid, temp files and the cache (default /var/lib/portico/nginx); nginx creates what is inside. */
  prefix?: string;
  /** Port of the http entrypoint (default 80). */
  httpPort?: number;
  /** Port of the https entrypoint (default 443). */
  httpsPort?: number;
  /** Certificate for HTTPS servers: one pair for all, or chosen per server name. */
  certificate?: CertificatePaths | ((serverNames: readonly string[]) => CertificatePaths);
  /** CA bundle to verify HTTPS upstreams (default /etc/ssl/certs/ca-certificates.crt). */
  caBundle?: string;
  /** mime.types to include in full mode (default /etc/nginx/mime.types; "" for none). */
  mimeTypes?: string;
  /** The stream module to load in full mode when there are streams (Debian: modules/ngx_stream_module.so). */
  streamModule?: string;
}

export class ExportContext {
  readonly prefix: string;
  /** Entrypoints that require the PROXY protocol (settings.proxyProtocol): their listens say proxy_protocol. */
  proxyProtocol = { http: false, https: false };
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly accessLogPath: string;
  readonly files: Record<string, string> = {};
  /** http-level map blocks (WebSocket Connection header, CORS origin lists). */
  readonly maps: NginxNode[] = [];
  /** The WebSocket policy's variable; another name when a stored map gives $connection_upgrade another meaning. */
  upgradeVariable = 'connection_upgrade';
  /** The global serverTokens setting, which hosts and locations fall back to. */
  readonly serverTokens: boolean;
  usesWebSocket = false;
  readonly #options: ExportOptions;
  readonly #pools: Map<string, Pool>;
  readonly #corsVariables = new Map<string, string>();

  constructor(options: ExportOptions, pools: readonly (Pool & { id?: string })[], serverTokens: boolean) {
    this.#options = options;
    this.serverTokens = serverTokens;
    this.prefix = (options.prefix ?? '/var/lib/portico/nginx').replace(/\/+$/, '');
    this.httpPort = options.httpPort ?? 80;
    this.httpsPort = options.httpsPort ?? 443;
    this.accessLogPath = `${this.prefix}/access.log`;
    this.#pools = new Map();
    for (const pool of pools) {
      this.#pools.set(pool.name, pool);
      if (pool.id !== undefined) this.#pools.set(pool.id, pool);
    }
  }

  /** The upstream name of a pool referenced by id (snapshots) or by name (import plans). */
  poolName(idOrName: string): string {
    return this.#pools.get(idOrName)?.name ?? idOrName;
  }

  certificateFor(serverNames: readonly string[]): CertificatePaths {
    const option = this.#options.certificate;
    if (typeof option === 'function') return option(serverNames);
    if (option) return option;
    const name = (serverNames[0] ?? 'default').replace(/[^A-Za-z0-9.-]/g, '_');
    return { certificate: `${this.prefix}/certs/${name}/fullchain.pem`, key: `${this.prefix}/certs/${name}/privkey.pem` };
  }

  /** TLS directives for an https upstream, from the pool's TLS settings. */
  upstreamTls(poolId: string | undefined): NginxNode[] {
    const tls = poolId === undefined ? { verify: true } : (this.#pools.get(poolId)?.tls ?? { verify: true });
    if (!tls.verify) return [node('proxy_ssl_verify', 'off'), node('proxy_ssl_server_name', 'on')];
    const ca = tls.caPem ? this.#file('ca', `${tls.caPem.trim()}\n`) : (this.#options.caBundle ?? '/etc/ssl/certs/ca-certificates.crt');
    const nodes = [node('proxy_ssl_verify', 'on'), node('proxy_ssl_server_name', 'on'), node('proxy_ssl_trusted_certificate', ca)];
    if (tls.serverName) nodes.push(node('proxy_ssl_name', tls.serverName));
    return nodes;
  }

  /** Adds a file to the bundle, named by its content so equal contents share one file. */
  #file(kind: 'htpasswd' | 'ca', content: string): string {
    const digest = createHash('sha256').update(content).digest('hex').slice(0, 12);
    const path = `${this.prefix}/${kind}-${digest}${kind === 'ca' ? '.pem' : ''}`;
    this.files[path] = content;
    return path;
  }

  /** The path of a users file (htpasswd lines) in the bundle. */
  htpasswdPath(users: string): string {
    return this.#file('htpasswd', users);
  }

  /** One origin is written as is; a list or regexes need a map that echoes allowed origins. */
  corsOrigin(cors: NonNullable<Policies['cors']>): string {
    const [first] = cors.origins;
    if (cors.origins.length === 1 && first !== undefined && !first.startsWith('~')) return first;
    const key = cors.origins.join('\n');
    let variable = this.#corsVariables.get(key);
    if (!variable) {
      variable = `portico_cors_origin_${this.#corsVariables.size + 1}`;
      this.#corsVariables.set(key, variable);
      const entries = cors.origins.map((o) => node(o === '*' ? '~.' : o.startsWith('~') ? `~${o.slice(1)}` : o, '$http_origin'));
      this.maps.push(blockNode('map', ['$http_origin', `$${variable}`], [node('default', ''), ...entries]));
    }
    return `$${variable}`;
  }
}
