// Which directives open a block and how many arguments each takes, as nginx 1.22
// declares them (NGX_CONF_BLOCK, NGX_CONF_TAKEn, NGX_CONF_FLAG, NGX_CONF_1MORE ...),
// plus a few common third-party and newer ones. The parser uses it to report what
// nginx would refuse: a missing ";" shows up as a directive with too many arguments
// or as a simple directive followed by "{". Unknown directives are not checked here;
// the mapper reports them.

/** Argument count and block-ness of a directive. */
export interface DirectiveSpec {
  block: boolean;
  min: number;
  /** Infinity for "1 or more" style directives. */
  max: number;
}

// name:arity where arity is N, N-M or N+ and a leading "{" marks a block directive.
const TABLE = `
uwsgi_temp_path:1-4 scgi_temp_path:1-4
absolute_redirect:1 accept_mutex:1 accept_mutex_delay:1 access_log:1+ add_header:2-3 add_trailer:2-3 aio:1
aio_write:1 alias:1 allow:1 auth_basic:1 auth_basic_user_file:1 auth_delay:1 auth_request:1
auth_request_set:2 autoindex:1 autoindex_exact_size:1 autoindex_format:1 autoindex_localtime:1 break:0
brotli:1 brotli_comp_level:1 brotli_min_length:1 brotli_static:1 brotli_types:1+ charset:1 charset_map:{2
charset_types:1+ chunked_transfer_encoding:1 client_body_buffer_size:1 client_body_in_file_only:1
client_body_in_single_buffer:1 client_body_temp_path:1-4 client_body_timeout:1 client_header_buffer_size:1
client_header_timeout:1 client_max_body_size:1 connection_pool_size:1 daemon:1 debug_connection:1
default_type:1 deny:1 directio:1 directio_alignment:1 disable_symlinks:1-2 env:1 error_log:1+ error_page:2+
etag:1 events:{0 expires:1-2 fastcgi_bind:1-2 fastcgi_buffer_size:1 fastcgi_buffering:1 fastcgi_buffers:2
fastcgi_busy_buffers_size:1 fastcgi_cache:1 fastcgi_cache_background_update:1 fastcgi_cache_bypass:1+
fastcgi_cache_key:1 fastcgi_cache_lock:1 fastcgi_cache_lock_age:1 fastcgi_cache_lock_timeout:1
fastcgi_cache_max_range_offset:1 fastcgi_cache_methods:1+ fastcgi_cache_min_uses:1 fastcgi_cache_path:2+
fastcgi_cache_revalidate:1 fastcgi_cache_use_stale:1+ fastcgi_cache_valid:1+ fastcgi_catch_stderr:1
fastcgi_connect_timeout:1 fastcgi_force_ranges:1 fastcgi_hide_header:1 fastcgi_ignore_client_abort:1
fastcgi_ignore_headers:1+ fastcgi_index:1 fastcgi_intercept_errors:1 fastcgi_keep_conn:1 fastcgi_limit_rate:1
fastcgi_max_temp_file_size:1 fastcgi_next_upstream:1+ fastcgi_next_upstream_timeout:1
fastcgi_next_upstream_tries:1 fastcgi_no_cache:1+ fastcgi_param:2-3 fastcgi_pass:1 fastcgi_pass_header:1
fastcgi_pass_request_body:1 fastcgi_pass_request_headers:1 fastcgi_read_timeout:1 fastcgi_request_buffering:1
fastcgi_send_lowat:1 fastcgi_send_timeout:1 fastcgi_socket_keepalive:1 fastcgi_split_path_info:1
fastcgi_store:1 fastcgi_store_access:1-3 fastcgi_temp_file_write_size:1 fastcgi_temp_path:1-4 geo:{1-2 gzip:1
gzip_buffers:2 gzip_comp_level:1 gzip_disable:1+ gzip_hash:1 gzip_http_version:1 gzip_min_length:1
gzip_no_buffer:1 gzip_proxied:1+ gzip_static:1 gzip_types:1+ gzip_vary:1 gzip_window:1 hash:1-2
health_check:0+ http2:1 http2_body_preread_size:1 http2_chunk_size:1 http2_idle_timeout:1
http2_max_concurrent_pushes:1 http2_max_concurrent_streams:1 http2_max_field_size:1 http2_max_header_size:1
http2_max_requests:1 http2_pool_size:1 http2_push:1 http2_push_preload:1 http2_recv_buffer_size:1
http2_recv_timeout:1 http2_streams_index_size:1 http:{0 if:{1+ if_modified_since:1 ignore_invalid_headers:1
include:1 index:1+ internal:0 ip_hash:0 keepalive:1 keepalive_disable:1-2 keepalive_requests:1
keepalive_time:1 keepalive_timeout:1-2 large_client_header_buffers:2 least_conn:0 limit_conn:2
limit_conn_dry_run:1 limit_conn_log_level:1 limit_conn_status:1 limit_conn_zone:2 limit_except:{1+
limit_rate:1 limit_rate_after:1 limit_req:1-3 limit_req_dry_run:1 limit_req_log_level:1 limit_req_status:1
limit_req_zone:3 lingering_close:1 lingering_time:1 lingering_timeout:1 listen:1+ load_module:1 location:{1-2
lock_file:1 log_format:2+ log_not_found:1 log_subrequest:1 mail:{0 map:{2 map_hash_bucket_size:1
map_hash_max_size:1 master_process:1 max_ranges:1 merge_slashes:1 mirror:1 mirror_request_body:1
msie_padding:1 msie_refresh:1 multi_accept:1 ntlm:0 open_file_cache:1-2 open_file_cache_errors:1
open_file_cache_events:1 open_file_cache_min_uses:1 open_file_cache_valid:1 open_log_file_cache:1-4
override_charset:1 pid:1 port_in_redirect:1 post_action:1 postpone_gzipping:1 postpone_output:1
proxy_bind:1-2 proxy_buffer_size:1 proxy_buffering:1 proxy_buffers:2 proxy_busy_buffers_size:1 proxy_cache:1
proxy_cache_background_update:1 proxy_cache_bypass:1+ proxy_cache_convert_head:1 proxy_cache_key:1
proxy_cache_lock:1 proxy_cache_lock_age:1 proxy_cache_lock_timeout:1 proxy_cache_max_range_offset:1
proxy_cache_methods:1+ proxy_cache_min_uses:1 proxy_cache_path:2+ proxy_cache_revalidate:1
proxy_cache_use_stale:1+ proxy_cache_valid:1+ proxy_connect_timeout:1 proxy_cookie_domain:1-2
proxy_cookie_flags:1-4 proxy_cookie_path:1-2 proxy_force_ranges:1 proxy_headers_hash_bucket_size:1
proxy_headers_hash_max_size:1 proxy_hide_header:1 proxy_http_version:1 proxy_ignore_client_abort:1
proxy_ignore_headers:1+ proxy_intercept_errors:1 proxy_limit_rate:1 proxy_max_temp_file_size:1 proxy_method:1
proxy_next_upstream:1+ proxy_next_upstream_timeout:1 proxy_next_upstream_tries:1 proxy_no_cache:1+
proxy_pass:1 proxy_pass_header:1 proxy_pass_request_body:1 proxy_pass_request_headers:1 proxy_read_timeout:1
proxy_redirect:1-2 proxy_request_buffering:1 proxy_send_lowat:1 proxy_send_timeout:1 proxy_set_body:1
proxy_set_header:2 proxy_socket_keepalive:1 proxy_ssl_certificate:1 proxy_ssl_certificate_key:1
proxy_ssl_ciphers:1 proxy_ssl_conf_command:2 proxy_ssl_crl:1 proxy_ssl_name:1 proxy_ssl_password_file:1
proxy_ssl_protocols:1+ proxy_ssl_server_name:1 proxy_ssl_session_reuse:1 proxy_ssl_trusted_certificate:1
proxy_ssl_verify:1 proxy_ssl_verify_depth:1 proxy_store:1 proxy_store_access:1-3 proxy_temp_file_write_size:1
proxy_temp_path:1-4 queue:1-2 quic_retry:1 random:0-2 read_ahead:1 real_ip_header:1 real_ip_recursive:1
recursive_error_pages:1 request_pool_size:1 reset_timedout_connection:1 resolver:1+ resolver_timeout:1
return:1-2 rewrite:2-3 rewrite_log:1 root:1 satisfy:1 send_lowat:1 send_timeout:1 sendfile:1
sendfile_max_chunk:1 server:{0 server_name:1+ server_name_in_redirect:1 server_names_hash_bucket_size:1
server_names_hash_max_size:1 server_tokens:1 set:2 set_real_ip_from:1 source_charset:1 split_clients:{2 ssi:1
ssi_ignore_recycled_buffers:1 ssi_last_modified:1 ssi_min_file_chunk:1 ssi_silent_errors:1 ssi_types:1+
ssi_value_length:1 ssl:1 ssl_buffer_size:1 ssl_certificate:1 ssl_certificate_key:1 ssl_ciphers:1
ssl_client_certificate:1 ssl_conf_command:2 ssl_crl:1 ssl_dhparam:1 ssl_early_data:1 ssl_ecdh_curve:1
ssl_ocsp:1 ssl_ocsp_cache:1 ssl_ocsp_responder:1 ssl_password_file:1 ssl_prefer_server_ciphers:1
ssl_protocols:1+ ssl_reject_handshake:1 ssl_session_cache:1-2 ssl_session_ticket_key:1 ssl_session_tickets:1
ssl_session_timeout:1 ssl_stapling:1 ssl_stapling_file:1 ssl_stapling_responder:1 ssl_stapling_verify:1
ssl_trusted_certificate:1 ssl_verify_client:1 ssl_verify_depth:1 sticky:1+ stream:{0 stub_status:0-1
sub_filter:2 sub_filter_last_modified:1 sub_filter_once:1 sub_filter_types:1+ subrequest_output_buffer_size:1
tcp_nodelay:1 tcp_nopush:1 timer_resolution:1 try_files:2+ types:{0 types_hash_bucket_size:1
types_hash_max_size:1 underscores_in_headers:1 uninitialized_variable_warn:1 upstream:{1 use:1 user:1-2
variables_hash_bucket_size:1 variables_hash_max_size:1 worker_connections:1 worker_cpu_affinity:1+
worker_priority:1 worker_processes:1 worker_rlimit_core:1 worker_rlimit_nofile:1 worker_shutdown_timeout:1
working_directory:1 zone:1-2`;

function parseTable(table: string): Map<string, DirectiveSpec> {
  const specs = new Map<string, DirectiveSpec>();
  for (const entry of table.split(/\s+/)) {
    const match = /^([a-z0-9_]+):(\{?)(\d+)(?:-(\d+)|(\+))?$/.exec(entry);
    if (!match) continue;
    const min = Number(match[3]);
    const max = match[5] ? Infinity : match[4] ? Number(match[4]) : min;
    specs.set(match[1]!, { block: match[2] === '{', min, max });
  }
  return specs;
}

const SPECS = parseTable(TABLE);

// Inside these blocks nginx hands every line to the block's own handler, so the
// "directive" names are data (map keys, MIME types, addresses) and nothing is checked.
export const DATA_BLOCKS: ReadonlySet<string> = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

// Contents of these blocks belong to other nginx modules (streams, mail) and are not checked.
export const FOREIGN_BLOCKS: ReadonlySet<string> = new Set(['stream', 'mail']);

/** The spec of `name` inside a block named `parent` (`server` means something else inside `upstream`). */
export function directiveSpec(name: string, parent: string): DirectiveSpec | undefined {
  if (name === 'server' && parent === 'upstream') return { block: false, min: 1, max: Infinity };
  if (name === 'keepalive_timeout' && parent === 'upstream') return { block: false, min: 1, max: 1 };
  return SPECS.get(name);
}

/** True when nginx would read `name` as a directive name at all (letters, digits, "_"). */
export function isDirectiveName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}

/** Every directive name the table knows (nginx 1.22's standard modules and a few others). */
export function knownDirectiveNames(): string[] {
  return [...SPECS.keys()];
}
