// autoindex_format, autoindex_exact_size and autoindex_localtime (inherited one by one).
import type { z } from 'zod';
import type { StaticAction } from '../config/location.ts';
import type { ImportContext } from './import-context.ts';
import { flagIn } from './map-values.ts';
import type { Scope } from './scope.ts';

type ListingOptions = Pick<z.output<typeof StaticAction>, 'autoindexFormat' | 'autoindexExactSize' | 'autoindexLocaltime'>;

export function mapAutoindexOptions(scope: Scope, ctx: ImportContext): ListingOptions {
  const flag = (name: string, fallback: boolean) => flagIn(scope, name, ctx) ?? fallback;
  let format: ListingOptions['autoindexFormat'] = 'html';
  const d = scope.value('autoindex_format');
  if (d) {
    ctx.use(d);
    const value = d.args[0] ?? '';
    if (value === 'html' || value === 'json' || value === 'xml') format = value;
    else ctx.warn(d, 'unsupported', `autoindex_format ${value} is not supported (html, json and xml are); the HTML listing is used`);
  }
  // Only what differs from nginx's defaults: an unset field is the default.
  const options: ListingOptions = {};
  if (format !== 'html') options.autoindexFormat = format;
  if (!flag('autoindex_exact_size', true)) options.autoindexExactSize = false;
  if (flag('autoindex_localtime', false)) options.autoindexLocaltime = true;
  return options;
}
