// The upstream response headers nginx's proxy module hides by default
// (ngx_http_proxy_hide_headers): proxy_pass_header brings any of them back. Date and
// Server are replaced by the proxy's own unless passed; the X-Accel-* ones are acted on.
export const HIDDEN_BY_DEFAULT: readonly string[] = [
  'date',
  'server',
  'x-pad',
  'x-accel-expires',
  'x-accel-redirect',
  'x-accel-limit-rate',
  'x-accel-buffering',
  'x-accel-charset',
];

/** Whether nginx hides this upstream header unless proxy_pass_header names it. */
export function hiddenByDefault(name: string): boolean {
  return HIDDEN_BY_DEFAULT.includes(name.toLowerCase());
}
