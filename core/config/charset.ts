// nginx's charset module as a policy: `charset`, `source_charset`, `override_charset`
// and `charset_types`, each inherited on its own (the section holds the effective value
// of all four). Portico adds the charset to Content-Type exactly as nginx's header filter
// does (proxy-engine/http/charset-filter.ts); it never recodes a body, so a
// charset/source_charset pair that would need a charset_map is refused here, as nginx
// refuses it at start-up ("no charset_map between the charsets …").
import { z } from 'zod';

/** nginx's charset_types when no level sets it. */
export const DEFAULT_CHARSET_TYPES: readonly string[] = ['text/html', 'text/xml', 'text/plain', 'text/vnd.wap.wml', 'application/javascript', 'application/rss+xml'];

/** A charset name as a Content-Type parameter can carry it (no space, quote, ";" or ","), or a `$variable`. */
const CHARSET_NAME = /^(?:\$[A-Za-z0-9_]{1,64}|[A-Za-z0-9!#%&'*+.^_`|~:/-]{1,64})$/;
/** A type as charset_types lists it (nginx compares it with the Content-Type as text), or "*" (every type). */
const MIME_TYPE = /^[!-~]{1,255}$/;

export const CharsetName = z.string().regex(CHARSET_NAME, 'must be a charset name such as utf-8, or a $variable');
export const CharsetType = z.string().regex(MIME_TYPE, 'must be a MIME type such as text/html (no spaces), or *');

export function isCharsetVariable(name: string): boolean {
  return name.startsWith('$');
}

export const CharsetPolicy = z
  .object({
    charset: z.union([z.literal('off'), CharsetName]).default('off').describe('nginx charset: added to the Content-Type of answers whose type is in `types` ("off": none); a $variable is evaluated per answer.'),
    sourceCharset: CharsetName.optional().describe('nginx source_charset: the charset the answers are in. Only the same charset as `charset` (or a $variable) is accepted: Portico does not recode bodies.'),
    override: z.boolean().default(false).describe('nginx override_charset: a proxied answer that names its own charset gets `charset` instead (when both name the same charset).'),
    types: z
      .array(CharsetType)
      .max(200)
      .default([...DEFAULT_CHARSET_TYPES])
      .describe('nginx charset_types: the types the charset is added to; "*" is every type. text/html is always included, as nginx includes it.'),
  })
  .superRefine((policy, ctx) => {
    const { charset, sourceCharset } = policy;
    if (charset === 'off' || sourceCharset === undefined || isCharsetVariable(charset) || isCharsetVariable(sourceCharset)) return;
    if (charset.toLowerCase() !== sourceCharset.toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        path: ['sourceCharset'],
        message: `answers in "${sourceCharset}" would have to be recoded to "${charset}" (nginx's charset_map): Portico does not recode bodies`,
      });
    }
  })
  .describe("Content-Type charsets (nginx's charset module).");

export type CharsetPolicy = z.output<typeof CharsetPolicy>;
