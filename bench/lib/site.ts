// The configuration under test, written once as nginx text: nginx runs it as it is, and
// Portico imports the same text (importNginx), so both proxies get the same routes,
// upstream keep-alive, rate limit and cache rules.

export interface SiteOptions {
  backendPort: number;
  wsPort: number;
  httpPort: number;
  httpsPort: number;
  /** The certificate both proxies serve (Portico's fallback certificate, so both use the same key type). */
  tls: { cert: string; key: string } | null;
  /** nginx-only paths (Portico keeps its cache and logs in its data directory). */
  cacheDir: string;
  logDir: string;
  /** Changes on every hot apply: sent back as X-Bench-Rev on every response. */
  revision: number;
  /** Extra virtual hosts h0..h(N-1).bench.test, each with its own location (10,000-hosts scenario). */
  extraHosts?: number;
  /** false: `access_log off` on the benchmark host (Portico: the accessLog policy), to measure logging. */
  accessLog?: boolean;
}

/** The upstream part every proxied location shares: keep-alive HTTP/1.1 to the backend. */
const PROXY = 'proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";';

export function siteConfig(o: SiteOptions): string {
  const lines: string[] = [
    // Both proxies log every request, buffered (Portico: 64 KiB or 1 s, as here).
    `access_log ${o.logDir}/access.log combined buffer=64k flush=1s;`,
    // nginx closes a client connection after 1,000 requests by default; Portico does not.
    'keepalive_requests 1000000;',
    'server_names_hash_max_size 65536;',
    'server_names_hash_bucket_size 128;',
    // Idle upstream connections kept: enough for 256 client connections, so neither proxy churns.
    `upstream backend { server 127.0.0.1:${o.backendPort}; keepalive 512; keepalive_requests 1000000; }`,
    // A limit far above any rate reached here: the scenario measures the limiter's bookkeeping.
    'limit_req_zone $binary_remote_addr zone=perip:1m rate=1000000r/s;',
    `proxy_cache_path ${o.cacheDir} levels=1:2 keys_zone=c:10m max_size=100m inactive=60m;`,
    'server {',
    `  listen 127.0.0.1:${o.httpPort} default_server;`,
  ];
  if (o.tls) {
    lines.push(`  listen 127.0.0.1:${o.httpsPort} ssl http2 default_server;`, `  ssl_certificate ${o.tls.cert};`, `  ssl_certificate_key ${o.tls.key};`, '  ssl_protocols TLSv1.2 TLSv1.3;');
  }
  lines.push(
    '  server_name bench.test;',
    ...(o.accessLog === false ? ['  access_log off;'] : []),
    `  add_header X-Bench-Rev ${o.revision} always;`,
    `  location / { ${PROXY} }`,
    `  location /limited/ { limit_req zone=perip burst=1000 nodelay; ${PROXY} }`,
    `  location /cached/ { proxy_cache c; proxy_cache_valid 200 10m; ${PROXY} }`,
    `  location /ws { proxy_pass http://127.0.0.1:${o.wsPort}; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; proxy_read_timeout 3600s; }`,
    '}',
  );
  for (let i = 0; i < (o.extraHosts ?? 0); i++) {
    lines.push(`server { listen 127.0.0.1:${o.httpPort}; server_name h${i}.bench.test; location / { ${PROXY} } }`);
  }
  return lines.join('\n');
}

/** The backend: nginx answering every request with the same 1 KiB body (and counting them). */
export function backendConfig(port: number, logDir: string): string {
  return `access_log off;
error_log ${logDir}/backend-error.log warn;
keepalive_requests 1000000;
server {
  listen 127.0.0.1:${port} default_server backlog=4096;
  location = /__status { stub_status; }
  location / { default_type text/plain; return 200 "${BODY}"; }
}`;
}

export const BODY_BYTES = 1024;
const BODY = 'x'.repeat(BODY_BYTES - 1) + '\\n';
