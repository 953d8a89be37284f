// Value syntaxes exactly as nginx parses them (ngx_parse_time, ngx_parse_size,
// ngx_parse_offset): "1h 30m", "500ms", "90" (seconds), "512k", "10m", "1g".
// Everything returns null where nginx would say "invalid value".

/**
 * How nginx reads a directive's time: 'msec' directives (proxy_*_timeout, keepalive_timeout,
 * proxy_cache_lock_timeout...) accept ms but not "y"/"M"; 'sec' directives (expires,
 * proxy_cache_valid, fail_timeout, inactive=...) accept "y"/"M" but not "ms".
 */
export type TimeKind = 'msec' | 'sec';

const UNIT_SECONDS: Record<string, number> = { y: 365 * 86400, M: 30 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1 };
const UNIT_ORDER = ['y', 'M', 'w', 'd', 'h', 'm', 's', 'ms', ' '];

/** Parses an nginx time; returns milliseconds, or null when nginx would refuse the value. */
export function parseDurationMs(text: string, kind: TimeKind): number | null {
  // nginx walks units from largest to smallest; each may appear once, in order.
  let step = kind === 'sec' ? -1 : UNIT_ORDER.indexOf('M');
  let value = 0;
  let total = 0;
  let valid = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + Number(ch);
      if (value > Number.MAX_SAFE_INTEGER) return null;
      valid = true;
      i++;
      continue;
    }
    let unit = ch;
    if (ch === 'm' && text[i + 1] === 's') {
      if (kind === 'sec') return null;
      unit = 'ms';
      i++;
    }
    i++;
    const order = UNIT_ORDER.indexOf(unit);
    if (order === -1) return null;
    if (unit === 'y' ? step > -1 : order <= step) return null;
    // A blank after a bare number ends it as seconds, and nothing may follow but larger-to-smaller units.
    if (unit === ' ' && step >= UNIT_ORDER.indexOf('s')) return null;
    step = order;
    const ms = unit === 'ms' ? value : unit === ' ' ? value * 1000 : value * UNIT_SECONDS[unit]! * 1000;
    total += ms;
    if (!Number.isSafeInteger(total)) return null;
    value = 0;
    while (text[i] === ' ') i++;
  }
  if (!valid) return null;
  total += value * 1000;
  return Number.isSafeInteger(total) ? total : null;
}

function parseScaled(text: string, units: Record<string, number>): number | null {
  if (text.length === 0) return null;
  const scale = units[text[text.length - 1]!];
  const digits = scale === undefined ? text : text.slice(0, -1);
  if (!/^\d+$/.test(digits)) return null;
  const result = Number(digits) * (scale ?? 1);
  return Number.isSafeInteger(result) ? result : null;
}

const KIB = 1024;
const MIB = 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

/** ngx_parse_size: bytes with an optional k/K or m/M suffix (buffer and zone sizes; no "g"). */
export function parseSize(text: string): number | null {
  return parseScaled(text, { k: KIB, K: KIB, m: MIB, M: MIB });
}

/** ngx_parse_offset: like parseSize but also g/G (client_max_body_size, max_size=). */
export function parseOffset(text: string): number | null {
  return parseScaled(text, { k: KIB, K: KIB, m: MIB, M: MIB, g: GIB, G: GIB });
}

/** "on"/"off" (case-insensitive, as ngx_conf_set_flag_slot); null for anything else. */
export function parseFlag(text: string | undefined): boolean | null {
  const lower = text?.toLowerCase();
  return lower === 'on' ? true : lower === 'off' ? false : null;
}

/** A non-negative decimal integer as ngx_atoi reads it; null otherwise. */
export function parseInteger(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Splits `name=value` parameters (listen, server, limit_req, proxy_cache_path ...). */
export function splitParam(arg: string): { key: string; value: string | undefined } {
  const eq = arg.indexOf('=');
  return eq === -1 ? { key: arg, value: undefined } : { key: arg.slice(0, eq), value: arg.slice(eq + 1) };
}

/** The largest unit that writes `ms` exactly, for the exporter ("30s", "10m", "500ms"). */
export function formatDuration(ms: number, kind: TimeKind): string {
  if (ms === 0) return '0';
  const units: [string, number][] = [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000]];
  if (kind === 'sec' && ms % (365 * 86400000) === 0) return `${ms / (365 * 86400000)}y`;
  for (const [unit, size] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  // A 'sec' directive cannot say "ms": round up to whole seconds.
  return kind === 'msec' ? `${ms}ms` : `${Math.ceil(ms / 1000)}s`;
}

/** The largest unit that writes `bytes` exactly ("10m", "512k", "1g" only where nginx reads "g"). */
export function formatSize(bytes: number, allowGiga: boolean): string {
  if (allowGiga && bytes > 0 && bytes % GIB === 0) return `${bytes / GIB}g`;
  if (bytes > 0 && bytes % MIB === 0) return `${bytes / MIB}m`;
  if (bytes > 0 && bytes % KIB === 0) return `${bytes / KIB}k`;
  return String(bytes);
}
