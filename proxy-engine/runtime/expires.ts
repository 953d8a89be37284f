// nginx's `expires`: Expires and Cache-Control max-age, computed per response.
import type { Policies } from '../../core/config/policies.ts';
import type { RequestContext } from './types.ts';

const MAX = ['Expires', 'Thu, 31 Dec 2037 23:55:55 GMT', 'Cache-Control', 'max-age=315360000'];
const EPOCH = ['Expires', 'Thu, 01 Jan 1970 00:00:01 GMT', 'Cache-Control', 'no-cache'];

export function compileExpires(setting: Policies['expiresMs']): (ctx: RequestContext) => string[] | null {
  if (setting === undefined || setting === 'off') return () => null;
  if (setting === 'max') return () => MAX;
  if (setting === 'epoch') return () => EPOCH;
  const seconds = Math.floor(setting / 1000);
  // nginx: "expires 0" is max-age=0; only a negative time says no-cache.
  const cacheControl = seconds >= 0 ? `max-age=${seconds}` : 'no-cache';
  return () => ['Expires', new Date(Date.now() + seconds * 1000).toUTCString(), 'Cache-Control', cacheControl];
}
