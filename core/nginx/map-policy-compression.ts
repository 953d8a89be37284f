// gzip* (and brotli on/off) → the compression policy. nginx's defaults fill the
// fields a configuration leaves out: level 1, min length 20, text/html only.
import type { z } from 'zod';
import type { CompressionPolicy } from '../config/policies.ts';
import type { ImportContext } from './import-context.ts';
import { flagArg, integerArg, sizeArg } from './map-values.ts';
import type { Scope } from './scope.ts';

type Compression = z.output<typeof CompressionPolicy>;
type Proxied = Compression['proxied'][number];

const NAMES = ['gzip', 'gzip_comp_level', 'gzip_min_length', 'gzip_types', 'gzip_proxied', 'gzip_vary', 'gzip_static', 'brotli'];
const PROXIED = new Set<string>(['off', 'any', 'expired', 'no-cache', 'no-store', 'private', 'no_last_modified', 'no_etag', 'auth']);

export function mapCompression(scope: Scope, ctx: ImportContext): Compression | undefined {
  if (!scope.setsAny(NAMES)) return undefined;
  const compression: Compression = { gzip: false, brotli: false, level: 1, minLength: 20, types: ['text/html'], proxied: ['off'], vary: false };

  const gzip = scope.value('gzip');
  compression.gzip = (gzip && flagArg(gzip, ctx)) ?? false;
  const brotli = scope.value('brotli');
  compression.brotli = (brotli && flagArg(brotli, ctx)) ?? false;
  const level = scope.value('gzip_comp_level');
  compression.level = (level && integerArg(level, ctx, 1, 9)) ?? 1;
  const minLength = scope.value('gzip_min_length');
  compression.minLength = (minLength && sizeArg(minLength, ctx, false)) ?? 20;
  const vary = scope.value('gzip_vary');
  compression.vary = (vary && flagArg(vary, ctx)) ?? false;

  const types = scope.value('gzip_types');
  if (types) {
    ctx.use(types);
    // Kept as written: text/html is compressed whether listed or not, in nginx and Portico.
    compression.types = types.args.filter((t) => t.length <= 128);
  }
  const proxied = scope.value('gzip_proxied');
  if (proxied) {
    ctx.use(proxied);
    const values = proxied.args.filter((v) => {
      if (PROXIED.has(v)) return true;
      ctx.warn(proxied, 'unsupported', `invalid value "${v}" (dropped)`);
      return false;
    });
    compression.proxied = (values.length > 0 ? values : ['off']) as Proxied[];
  }

  const gzipStatic = scope.value('gzip_static');
  if (gzipStatic) {
    const on = gzipStatic.args[0] === 'on' || gzipStatic.args[0] === 'always';
    if (on && !compression.gzip) {
      compression.gzip = true;
      ctx.warn(gzipStatic, 'note', 'Portico does not serve pre-compressed .gz files; it compresses responses of the listed types on the fly instead');
    } else if (on) {
      ctx.warn(gzipStatic, 'note', 'Portico does not serve pre-compressed .gz files; "gzip on" already compresses these responses on the fly');
    } else ctx.use(gzipStatic);
  }
  return compression;
}
