// What is compared, and the only things made equal before comparing. Everything else a
// client or an upstream can see must be identical between nginx and Portico.
//
// Normalised because docs/nginx-compatibility.md documents the difference:
// - `Server` (nginx/1.22.1 vs Portico) and `X-Request-Id` (Portico adds one in both
//   directions) are dropped;
// - the upstream connection: nginx speaks HTTP/1.0 with `Connection: close`, Portico
//   HTTP/1.1 with keep-alive pools ("Connection rules are ignored"). So `Connection` is
//   dropped on both sides, except in an upgrade handshake (the message has an Upgrade
//   header), where a value naming `upgrade` is kept, lower-cased; and request-body
//   framing (Content-Length vs chunked) is not compared, the body itself is.
// Normalised because it is not behaviour:
// - `Date` (time), `Connection` towards the client, and `Keep-Alive` when the client
//   did not ask to close (connection management; most requests say `Connection: close`,
//   where neither proxy adds Keep-Alive, so one leaked from an upstream shows), framing
//   (`Content-Length` / `Transfer-Encoding`: the decoded body is compared);
// - header order between different names (RFC 9110 §5.3) and the case of header names;
//   the relative order of repeated headers is kept;
// - each proxy listens on its own ephemeral port: ":<port>" and a value equal to the
//   port (X-Forwarded-Port) become "<proxy-port>";
// - an `Expires` computed from the clock (`expires 1h`) becomes "<now+3600s>" (seconds
//   from now, to the nearest 10): the two proxies answer a moment apart. Fixed dates
//   (epoch, max, an upstream's own) are kept.
// A page the proxy generates itself (an error or redirect page: no X-Upstream header,
// status ≥ 300, text/html) has its body replaced by "<generated page>": nginx's pages
// name nginx (as its Server header does), Portico's are its own ("brand-neutral" in
// issue 3). Its Content-Type is replaced the same way and a `Cache-Control: no-store`
// on it dropped, although docs/nginx-compatibility.md does not document those two yet
// (Portico says `text/html; charset=utf-8` and no-store): reported to the lead;
// `strictPages` compares them (pending-error-pages.md).
import type { RawResponse } from './raw-http.ts';
import type { Seen } from './upstreams.ts';

export interface UpstreamView {
  upstream: string;
  method: string;
  target: string;
  /** "name: value", lower-case names, sorted by name. */
  headers: string[];
  body: string;
}

export interface Observation {
  /** 0: the connection closed without a response. */
  status: number;
  /** "name: value", lower-case names, sorted by name. */
  headers: string[];
  body: string;
  /** What the upstreams received for this request, in order (retries show as several). */
  upstream: UpstreamView[];
}

const CLIENT_DROPPED = new Set(['server', 'date', 'x-request-id', 'content-length', 'transfer-encoding']);
/** On a connection the client keeps open, Keep-Alive is the proxy's own connection management. */
const CLIENT_DROPPED_KEEP_ALIVE = new Set([...CLIENT_DROPPED, 'keep-alive']);
const UPSTREAM_DROPPED = new Set(['x-request-id', 'content-length', 'transfer-encoding']);
export const GENERATED_PAGE = '<generated page>';
const PROXY_PORT = '<proxy-port>';

function portFree(value: string, port: number): string {
  if (value === String(port)) return PROXY_PORT;
  return value.split(`:${port}`).join(`:${PROXY_PORT}`);
}

function headerLines(raw: readonly [string, string][], dropped: ReadonlySet<string>, port: number): string[] {
  const lines: { name: string; line: string }[] = [];
  // Connection matters only in an upgrade handshake (a message that has an Upgrade header).
  const handshake = raw.some(([n]) => n.toLowerCase() === 'upgrade');
  for (const [rawName, value] of raw) {
    const name = rawName.toLowerCase();
    if (dropped.has(name)) continue;
    if (name === 'connection') {
      if (handshake && /\bupgrade\b/i.test(value)) lines.push({ name, line: 'connection: upgrade' });
      continue;
    }
    lines.push({ name, line: `${name}: ${name === 'expires' ? relativeExpires(value) : portFree(value, port)}` });
  }
  // Stable: repeated headers keep their order.
  return lines.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((l) => l.line);
}

function relativeExpires(value: string): string {
  const at = Date.parse(value);
  const seconds = (at - Date.now()) / 1000;
  // Within a year of now and not in the past: computed from the clock.
  if (!Number.isFinite(at) || seconds < -5 || seconds > 366 * 86400) return value;
  return `<now+${Math.max(0, Math.round(seconds / 10) * 10)}s>`;
}

export function upstreamView(seen: Seen, port: number): UpstreamView {
  return { upstream: seen.upstream, method: seen.method, target: seen.target, headers: headerLines(seen.headers, UPSTREAM_DROPPED, port), body: seen.body };
}

export interface ObservationOptions {
  /**
   * Compare the Content-Type and Cache-Control of generated pages too (their body stays
   * normalised: its wording and branding are each proxy's own).
   */
  strictPages?: boolean;
}

export function observation(response: RawResponse, seen: readonly Seen[], port: number, options: ObservationOptions & { clientKeepAlive?: boolean } = {}): Observation {
  let headers = headerLines(response.headers, options.clientKeepAlive ? CLIENT_DROPPED_KEEP_ALIVE : CLIENT_DROPPED, port);
  let body = portFree(response.body.toString('latin1'), port);
  const fromUpstream = headers.some((h) => h.startsWith('x-upstream:'));
  const type = response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!fromUpstream && response.status >= 300 && type.startsWith('text/html')) {
    // A HEAD answer has no body to normalise.
    if (body !== '') body = GENERATED_PAGE;
    if (!options.strictPages) {
      headers = headers.filter((h) => h !== 'cache-control: no-store').map((h) => (h.startsWith('content-type:') ? `content-type: ${GENERATED_PAGE}` : h));
    }
  }
  return { status: response.status, headers, body, upstream: seen.map((s) => upstreamView(s, port)) };
}

/** The value of a header in a normalised list (first occurrence), or null. */
export function headerValue(lines: readonly string[], name: string): string | null {
  const prefix = `${name.toLowerCase()}: `;
  const line = lines.find((l) => l.startsWith(prefix));
  return line === undefined ? null : line.slice(prefix.length);
}
