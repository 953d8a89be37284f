// gzip / brotli as a content-phase stage: decides per request what the client accepts
// and installs the compressing sink; the response side (status, type, length, existing
// encoding, gzip_proxied) is decided when the head arrives. A request that can neither
// be compressed nor need Vary gets no sink at all.
import type { z } from 'zod';
import type { CompressionPolicy } from '../../../core/config/policies.ts';
import type { RequestContext } from '../../runtime/types.ts';
import { downstreamOf } from '../../http/sink.ts';
import type { Stage } from '../../runtime/types.ts';
import type { CompiledLocation } from '../../runtime/types.ts';
import { acceptsEncoding } from './accept-encoding.ts';
import { CompressSink, type Encoding } from './compress-sink.ts';
import { compileCompression, type CompiledCompression } from './eligibility.ts';

/** brotli first when both are on and accepted (as with nginx's brotli module next to gzip). */
export function chooseEncoding(ctx: RequestContext, c: CompiledCompression): Encoding | null {
  const req = ctx.req;
  // gzip_http_version 1.1: HTTP/1.0 clients get identity.
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) return null;
  const header = req.headers['accept-encoding'];
  if (header === undefined) return null;
  if (c.brotli && acceptsEncoding(header, 'br')) return 'br';
  if (c.gzip && acceptsEncoding(header, 'gzip')) return 'gzip';
  return null;
}

export function createCompressionStage(policy: z.output<typeof CompressionPolicy> | undefined, location: CompiledLocation, next: Stage): Stage {
  if (!policy || (!policy.gzip && !policy.brotli)) return next;
  const c = compileCompression(policy, location.buffering);
  return (ctx: RequestContext) => {
    // HEAD gets the headers a GET would (Content-Encoding, Vary), as nginx; no body goes out.
    if (ctx.upgrade) return next(ctx);
    const encoding = chooseEncoding(ctx, c);
    if (encoding === null && !c.vary) return next(ctx);
    ctx.sink = new CompressSink(ctx, downstreamOf(ctx), c, encoding);
    return next(ctx);
  };
}
