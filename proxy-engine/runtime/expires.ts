// nginx's `expires`: Expires and Cache-Control max-age, computed per response. A value
// with variables (`expires $expires;` with a map of $sent_http_content_type) is evaluated
// for each response and read as nginx reads a written one.
import type { Policies } from '../../core/config/policies.ts';
import { parseDurationMs } from '../../core/nginx/nginx-values.ts';
import { compileTemplate } from '../http/variables.ts';
import type { RequestContext } from './types.ts';

const MAX = ['Expires', 'Thu, 31 Dec 2037 23:55:55 GMT', 'Cache-Control', 'max-age=315360000'];
const EPOCH = ['Expires', 'Thu, 01 Jan 1970 00:00:01 GMT', 'Cache-Control', 'no-cache'];

function forSeconds(seconds: number): string[] {
  // nginx: "expires 0" is max-age=0; only a negative time says no-cache.
  const cacheControl = seconds >= 0 ? `max-age=${seconds}` : 'no-cache';
  return ['Expires', new Date(Date.now() + seconds * 1000).toUTCString(), 'Cache-Control', cacheControl];
}

/**
 * An evaluated value: max, epoch, off or a time with an optional sign. What nginx cannot
 * read ("modified …", "@…", garbage) adds nothing here (nginx fails the response).
 */
function headersFor(value: string): string[] | null {
  if (value === 'off') return null;
  if (value === 'max') return MAX;
  if (value === 'epoch') return EPOCH;
  const minus = value.startsWith('-');
  const time = minus || value.startsWith('+') ? value.slice(1) : value;
  const ms = time === '' ? null : parseDurationMs(time, 'sec');
  if (ms === null) return null;
  const seconds = Math.floor(ms / 1000);
  return forSeconds(minus ? -seconds : seconds);
}

// One function for every location without `expires` (or with max/epoch), not a closure each.
const NONE = () => null;
const ALWAYS_MAX = () => MAX;
const ALWAYS_EPOCH = () => EPOCH;

export function compileExpires(setting: Policies['expiresMs']): (ctx: RequestContext) => string[] | null {
  if (setting === undefined || setting === 'off') return NONE;
  if (setting === 'max') return ALWAYS_MAX;
  if (setting === 'epoch') return ALWAYS_EPOCH;
  if (typeof setting === 'string') {
    const value = compileTemplate(setting);
    return (ctx) => headersFor(value(ctx));
  }
  const seconds = Math.floor(setting / 1000);
  return () => forSeconds(seconds);
}
