// $upstream_http_<name>: a header of the upstream's answer as the upstream sent it (before
// proxy_hide_header and Portico's own filtering), for add_header. nginx 1.22 gives the
// first line of that name; names compare case-insensitively, "-" in the header read as "_".
import type { RequestContext } from '../runtime/types.ts';

/** `variableSuffix`: the part after "upstream_http_", lower-case ("x_powered_by"). */
export function upstreamHeaderValue(ctx: RequestContext, variableSuffix: string): string {
  const headers = ctx.upstreamHeaders;
  if (!headers) return '';
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = text(headers[i]!).toLowerCase().replaceAll('-', '_');
    if (name === variableSuffix) return text(headers[i + 1]!);
  }
  return '';
}

const text = (value: string | Buffer): string => (typeof value === 'string' ? value : value.toString('latin1'));
