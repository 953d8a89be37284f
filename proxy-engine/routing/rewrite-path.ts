// The new path a `rewrite` makes, as nginx makes it: the replacement's text is the new
// URI byte for byte, never decoded again. "%2F" typed in it is the three characters
// (sent upstream as "%252F"), and a "?" that a variable's value brings ($is_args$args)
// is part of the path, not the start of arguments: only a "?" typed in the replacement
// starts them (the caller splits there). Captures and $uri hold the decoded URI's bytes
// (http/capture-escaping.ts), so they go in spelt canonically (encodePathBytes: the new
// path read back gives the same bytes, "%" included); typed text and other values are
// escaped where a canonical path would escape them ("%" → "%25", "?" → "%3F", "#" → "%23"),
// and the result is normalised like a request path (normalizePathForms).
import { compileTemplate, TEMPLATE_VARIABLE, type TemplateScope } from '../http/variables.ts';
import { captureAsPath } from '../http/capture-escaping.ts';
import { encodePathBytes } from '../../core/config/normalize-uri.ts';
import type { RequestContext, Template } from '../runtime/types.ts';

/** Captures (spelt canonically by their filter, captureAsPath). */
function isCapture(name: string, scope: TemplateScope): boolean {
  return /^\d$/.test(name) || scope.captureNames?.has(name) === true;
}

/** $uri: the decoded URI's bytes, like a capture. */
const isDecodedUri = (name: string) => name === 'uri' || name === 'document_uri';

function escapeLiteral(text: string): string {
  return text.replace(/[%?#]/g, (c) => (c === '%' ? '%25' : c === '?' ? '%3F' : '%23'));
}

/** `pathPart`: the replacement up to its first typed "?" (or whole). */
export function compileRewritePath(pathPart: string, scope: TemplateScope): Template {
  const parts: (string | Template)[] = [];
  let last = 0;
  for (const m of pathPart.matchAll(TEMPLATE_VARIABLE)) {
    if (m.index > last) parts.push(escapeLiteral(pathPart.slice(last, m.index)));
    const name = m[1] ?? m[2]!;
    const value = compileTemplate(m[0], { ...scope, captureFilter: captureAsPath });
    if (isCapture(name, scope)) parts.push(value);
    else if (isDecodedUri(name)) parts.push((ctx: RequestContext) => encodePathBytes(value(ctx)));
    else parts.push((ctx: RequestContext) => escapeLiteral(value(ctx)));
    last = m.index + m[0].length;
  }
  if (last < pathPart.length) parts.push(escapeLiteral(pathPart.slice(last)));
  return (ctx) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(ctx);
    return out;
  };
}
