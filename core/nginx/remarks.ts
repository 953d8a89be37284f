// The message for a directive no mapper used: not needed in Portico, managed by
// Portico, without effect where it stands, or not supported.
import type { NginxDirective } from './ast.ts';
import { directiveSpec } from './directive-specs.ts';
import { type Remark, tlsRemark } from './tls-remarks.ts';

const PROCESS = ['user', 'worker_processes', 'worker_rlimit_nofile', 'worker_rlimit_core', 'worker_priority', 'worker_cpu_affinity', 'worker_shutdown_timeout', 'pid', 'daemon', 'master_process', 'timer_resolution', 'lock_file', 'working_directory', 'env', 'load_module', 'pcre_jit', 'thread_pool', 'debug_points', 'ssl_engine'];
const EVENTS = ['events', 'worker_connections', 'multi_accept', 'use', 'accept_mutex', 'accept_mutex_delay', 'worker_aio_requests', 'debug_connection'];
const TUNING = [
  'sendfile', 'tcp_nopush', 'tcp_nodelay', 'types_hash_max_size', 'types_hash_bucket_size', 'server_names_hash_max_size', 'server_names_hash_bucket_size',
  'variables_hash_max_size', 'variables_hash_bucket_size', 'map_hash_max_size', 'map_hash_bucket_size', 'proxy_headers_hash_max_size', 'proxy_headers_hash_bucket_size',
  'open_file_cache', 'open_file_cache_errors', 'open_file_cache_min_uses', 'open_file_cache_valid', 'open_file_cache_events', 'aio', 'aio_write', 'directio', 'directio_alignment',
  'read_ahead', 'output_buffers', 'postpone_output', 'sendfile_max_chunk', 'send_lowat', 'connection_pool_size', 'request_pool_size',
  'client_header_buffer_size', 'client_body_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path', 'client_body_in_single_buffer', 'proxy_temp_path', 'proxy_temp_file_write_size',
  'gzip_buffers', 'gzip_window', 'gzip_hash', 'gzip_no_buffer', 'postpone_gzipping', 'reset_timedout_connection', 'lingering_close', 'lingering_time', 'lingering_timeout',
  'msie_padding', 'msie_refresh', 'log_not_found', 'log_subrequest', 'rewrite_log', 'uninitialized_variable_warn', 'resolver', 'resolver_timeout', 'proxy_socket_keepalive',
  'keepalive_disable', 'http2_chunk_size', 'http2_body_preread_size', 'http2_idle_timeout', 'http2_max_concurrent_streams', 'http2_max_field_size', 'http2_max_header_size',
  'http2_max_requests', 'http2_pool_size', 'http2_recv_buffer_size', 'http2_recv_timeout', 'http2_streams_index_size', 'limit_req_log_level', 'limit_conn_log_level',
];
const BUFFERS = ['proxy_buffers', 'proxy_busy_buffers_size', 'proxy_max_temp_file_size'];
const CLIENT_TIMEOUTS = ['keepalive_timeout', 'keepalive_requests', 'keepalive_time', 'client_header_timeout', 'client_body_timeout', 'send_timeout'];
// Directives the mappers read; left over, they had nothing to apply to.
const CACHE_COMPANIONS = ['proxy_cache_valid', 'proxy_cache_key', 'proxy_cache_methods', 'proxy_cache_min_uses', 'proxy_cache_bypass', 'proxy_no_cache', 'proxy_cache_use_stale', 'proxy_cache_background_update', 'proxy_cache_lock', 'proxy_cache_lock_timeout', 'proxy_cache_revalidate', 'proxy_ignore_headers'];

const MAPPED = [
  'proxy_set_header', 'add_header', 'proxy_hide_header', 'proxy_connect_timeout', 'proxy_send_timeout', 'proxy_read_timeout', 'proxy_buffering', 'client_max_body_size',
  'gzip', 'gzip_comp_level', 'gzip_min_length', 'gzip_types', 'gzip_proxied', 'gzip_vary', 'gzip_static', 'brotli', 'expires', 'access_log', 'limit_req', 'limit_req_status',
  'limit_req_dry_run', 'limit_conn', 'limit_conn_status', 'limit_conn_dry_run', 'allow', 'deny', 'auth_basic', 'auth_basic_user_file', 'satisfy', 'auth_request', 'auth_request_set', 'proxy_next_upstream',
  'proxy_next_upstream_tries', 'proxy_next_upstream_timeout', 'proxy_redirect', 'root', 'index', 'autoindex', 'proxy_cache', 'server_tokens',
  'proxy_pass_header', 'proxy_cookie_path', 'proxy_cookie_domain', 'proxy_cookie_flags', 'proxy_buffer_size',
  'proxy_request_buffering', 'client_body_buffer_size', 'proxy_force_ranges',
  'absolute_redirect', 'port_in_redirect', 'server_name_in_redirect', 'types', 'autoindex_format', 'autoindex_exact_size', 'autoindex_localtime',
];

const SPECIFIC: Record<string, Remark> = {
  error_log: { kind: 'managed', message: 'Portico keeps its own error log' },
  log_format: { kind: 'managed', message: 'Portico writes access logs in its own format' },
  open_log_file_cache: { kind: 'managed', message: 'Portico writes access logs in its own format' },
  types: { kind: 'ignored', message: 'has no effect here: no location serving files inherits it' },
  default_type: { kind: 'ignored', message: 'has no effect here: no location serving files or answering with "return" inherits it' },
  error_page: { kind: 'ignored', message: 'has no effect here: no server inherits it' },
  limit_rate: { kind: 'unsupported', message: 'bandwidth limiting is not supported' },
  limit_rate_after: { kind: 'unsupported', message: 'bandwidth limiting is not supported' },
  set: { kind: 'unsupported', message: '"set" belongs in a server, location or if block (nginx refuses it here); not imported' },
  break: { kind: 'unsupported', message: '"break" belongs in a server, location or if block (nginx refuses it here); not imported' },
  proxy_pass: { kind: 'unsupported', message: 'proxy_pass is only allowed in a location (nginx refuses it here)' },
  proxy_http_version: { kind: 'ignored', message: 'has no effect here: nothing that inherits it proxies' },
  location: { kind: 'unsupported', message: 'a location must be inside a server block (nginx refuses it here); not imported' },
  server: { kind: 'unsupported', message: 'a server block must be at the http level (nginx refuses it here); not imported' },
  upstream: { kind: 'unsupported', message: 'an upstream block must be at the http level (nginx refuses it here); not imported' },
  map: { kind: 'unsupported', message: 'a map must be at the http level (nginx refuses it here); not imported' },
};

/** Messages that depend on the arguments. */
function byValue(d: NginxDirective): Remark | null {
  if (d.name === 'gzip_disable') {
    return d.args.length === 1 && d.args[0] === 'msie6'
      ? { kind: 'ignored', message: 'not needed: "msie6" matches only Internet Explorer 4–6' }
      : { kind: 'unsupported', message: 'turning compression off by User-Agent is not supported' };
  }
  if (d.name === 'gzip_http_version') {
    return d.args[0] === '1.1' ? { kind: 'ignored', message: 'not needed: this is the default' } : { kind: 'unsupported', message: 'compressing responses to HTTP/1.0 requests is not supported' };
  }
  return null;
}

export function remarkFor(d: NginxDirective): Remark {
  const { name } = d;
  const specific = SPECIFIC[name] ?? byValue(d) ?? tlsRemark(d);
  if (specific) return specific;
  if (PROCESS.includes(name)) return { kind: 'ignored', message: 'not needed in Portico: it runs as one Node.js process under its own supervisor' };
  if (EVENTS.includes(name)) return { kind: 'ignored', message: "not needed in Portico: connections are handled by Node's event loop" };
  if (TUNING.includes(name)) return { kind: 'ignored', message: 'not needed in Portico: Node.js manages its own buffers, files and sockets' };
  if (BUFFERS.includes(name)) {
    return { kind: 'ignored', message: 'not needed in Portico: responses are streamed with backpressure and buffer sizes are managed automatically (only proxy_buffering on/off is a setting)' };
  }
  if (CLIENT_TIMEOUTS.includes(name)) return { kind: 'ignored', message: 'client connection timeouts and keep-alive limits are not configurable in Portico; it uses its own defaults' };
  if (MAPPED.includes(name)) return { kind: 'ignored', message: 'has no effect here: no server or location in this configuration inherits it' };
  if (CACHE_COMPANIONS.includes(name)) return { kind: 'ignored', message: 'has no effect without proxy_cache (as in nginx)' };
  if (directiveSpec(name, '') === undefined) return { kind: 'unsupported', message: `unknown directive "${name}": not part of nginx's standard modules` };
  return { kind: 'unsupported', message: `"${name}" is not supported by Portico` };
}
