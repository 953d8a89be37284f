// The auth subrequest: GET to the auth service with the client's headers (its body never
// goes, and neither does a length announcing one), over the service's keep-alive pool.
// As nginx's auth_request: the answer's body is read and dropped; only its status and
// headers count.
import { isPeer } from '../../upstream/group.ts';
import { selectionContext } from '../../upstream/selection-context.ts';
import { buildUpstreamHeaders } from '../../http/request-headers.ts';
import { classifyUpstreamError } from '../../http/upstream-errors.ts';
import type { RequestContext } from '../../runtime/types.ts';
import type { CompiledForwardAuth } from './compiled.ts';

/** Kept from the answer for "pass" (Traefik): a login page or a redirect body is small. */
const PASSED_BODY_MAX = 64 * 1024;
const BODY_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding']);

export type AuthAnswer =
  | { ok: true; status: number; rawHeaders: string[]; body: Buffer | null; address: string }
  | { ok: false; reason: string; address: string };

/** The auth request's headers: the client's, the policy's rules over them, no body framing. */
export function authRequestHeaders(ctx: RequestContext, auth: CompiledForwardAuth): string[] {
  const built = buildUpstreamHeaders(ctx, { rules: auth.requestRules, proxyHost: auth.target.proxyHost, requestIdHeader: ctx.runtime.settings.requestIdHeader });
  const out: string[] = [];
  for (let i = 0; i + 1 < built.length; i += 2) {
    if (!BODY_HEADERS.has(built[i]!.toLowerCase())) out.push(built[i]!, built[i + 1]!);
  }
  return out;
}

export async function askAuthService(ctx: RequestContext, auth: CompiledForwardAuth, keepBody: boolean): Promise<AuthAnswer> {
  const group = auth.target.group;
  const picked = group.pick(selectionContext(ctx), new Set());
  if (!isPeer(picked)) return { ok: false, reason: 'no live upstreams for the auth service', address: group.name };
  const started = performance.now();
  try {
    const answer = await group.client(picked).request({
      path: auth.path,
      method: 'GET',
      headers: authRequestHeaders(ctx, auth),
      headersTimeout: auth.timeoutMs,
      bodyTimeout: auth.timeoutMs,
    });
    let body: Buffer | null = null;
    if (keepBody) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of answer.body) {
        size += (chunk as Buffer).length;
        if (size <= PASSED_BODY_MAX) chunks.push(chunk as Buffer);
      }
      body = Buffer.concat(chunks);
    } else {
      await answer.body.dump({ limit: Infinity });
    }
    picked.release('success', performance.now() - started);
    return { ok: true, status: answer.statusCode, rawHeaders: flatHeaders(answer.headers), body, address: picked.address };
  } catch (error) {
    picked.release('failure');
    return { ok: false, reason: classifyUpstreamError(error).reason, address: picked.address };
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, v);
  }
  return out;
}
