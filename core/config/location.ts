// A location: how requests are matched inside a host, and what happens to them.
import { z } from 'zod';
import { Id, SafeRegex, UpstreamAddress } from './primitives.ts';
import { Policies } from './policies.ts';
import { ProxyTarget } from './proxy-target.ts';

export const MatchKind = z
  .enum(['EXACT', 'PREFIX', 'PREFIX_NOREGEX', 'REGEX', 'REGEX_ICASE'])
  .describe('nginx modifiers: EXACT "=", PREFIX (none), PREFIX_NOREGEX "^~", REGEX "~", REGEX_ICASE "~*". A named location ("location @name") is EXACT with the path "@name": no request path equals it, so only error_page, try_files and X-Accel-Redirect reach it.');
export type MatchKind = z.infer<typeof MatchKind>;

export const ProxyAction = z
  .object({
    kind: z.literal('proxy'),
    scheme: z.enum(['http', 'https']).default('http').describe('Protocol to the upstream.'),
    poolId: Id.optional().describe('Upstream pool (nginx: proxy_pass http://<upstream name>).'),
    address: UpstreamAddress.optional().describe('A single upstream address instead of a pool (proxy_pass http://127.0.0.1:3000).'),
    target: ProxyTarget.optional().describe(
      'proxy_pass with variables, after "scheme://" ("$backend$request_uri", "api$uri"): evaluated per request, as nginx. The host part names an upstream pool (by name, without a port) or an IP address; a host name needs a resolver, which Portico does not have (502). A URI part is sent exactly as evaluated (no location-prefix replacement, no query added); without one the request URI passes as without variables.',
    ),
    uri: z
      .string()
      .max(2048)
      .regex(/^\//, 'must start with "/"')
      .refine((v) => !/[\s\0?#]/.test(v), 'must not contain whitespace, NUL, "?" or "#"')
      .nullable()
      .default(null)
      .describe('URI part of proxy_pass. null: the request URI is passed unchanged; set (even "/"): the matched location prefix is replaced by it.'),
    keepEncodedSlashes: z
      .boolean()
      .default(false)
      .describe(
        'Keep "%2F" in the path as data instead of decoding it to "/" (nginx always decodes it): the location sees and forwards the path with encoded slashes intact, for applications that carry them in names. A request is served this way only when its decoded path selects this same location too; when the two readings select different locations it is refused (400).',
      ),
  })
  .describe('Proxy to an upstream.')
  .refine((a) => (a.poolId ? 1 : 0) + (a.address ? 1 : 0) + (a.target ? 1 : 0) === 1, { message: 'exactly one of poolId, address and target is required', path: ['poolId'] })
  .refine((a) => !a.target || a.uri === null, { message: 'a target with variables carries its own URI part', path: ['uri'] });

/** An extension as nginx's `types {}` takes it (one word, compared lower-cased). */
export const FILE_EXTENSION = /^[^\s;{}"'\\/.A-Z][^\s;{}"'\\/A-Z]{0,63}$/;
/** A Content-Type for `types {}`: one word, "type/subtype". */
export const MIME_TYPE = /^[!#-'*-+.0-9A-Z^-~-]+\/[!#-'*-+.0-9A-Z^-~-]{1,200}$/i;
/** A Content-Type for `default_type`: "type/subtype", parameters allowed, printable ASCII only. */
export const DEFAULT_TYPE = /^[!#-'*-+.0-9A-Z^-~-]+\/[\x20-\x7e]{1,250}$/i;

export const StaticAction = z
  .object({
    kind: z.literal('static'),
    root: z.string().min(1).max(4096).regex(/^\//, 'must be an absolute path').optional().describe('nginx root: file = root + request path.'),
    alias: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^\//, 'must be an absolute path')
      .optional()
      .describe('nginx alias: the location prefix is replaced by this path. In a regex location it is the whole file path, with captures ("/srv/img/$1").'),
    index: z
      .array(
        z
          .string()
          .min(1)
          .max(255)
          .refine((f) => !/[\s\0$]/.test(f) && !f.split('/').includes('..'), 'must be a file name, a relative path or a URI starting with "/", without spaces, "$" or ".."'),
      )
      .default(['index.html'])
      .describe('index: files tried in order in a requested directory; the first that exists is served by an internal redirect (its location applies). An entry starting with "/" is a URI, used as is when reached.'),
    tryFiles: z.array(z.string().min(1).max(1024)).max(20).optional().describe('try_files: candidates in order; the last may be "=404" or a URI.'),
    autoindex: z.boolean().default(false).describe('List directories without an index file.'),
    autoindexFormat: z.enum(['html', 'json', 'xml']).optional().describe('autoindex_format: the listing as an HTML page (unset), JSON or XML.'),
    autoindexExactSize: z.boolean().optional().describe('autoindex_exact_size: sizes in bytes (unset: on); off: rounded to K, M or G.'),
    autoindexLocaltime: z.boolean().optional().describe('autoindex_localtime: times in the server\'s time zone instead of GMT (unset: off; HTML listings).'),
    types: z
      .record(z.string().regex(FILE_EXTENSION, 'must be a file extension'), z.string().regex(MIME_TYPE, 'must be a MIME type such as text/html'))
      .refine((t) => Object.keys(t).length <= 2000, 'at most 2000 extensions')
      .optional()
      .describe('nginx types {}: extension → Content-Type for the files served here, replacing the whole table. Unset: Portico\'s table (Debian\'s mime.types).'),
    defaultType: z.string().regex(DEFAULT_TYPE, 'must be a MIME type such as text/plain').optional().describe('nginx default_type: the Content-Type of files the types table does not name. Unset: application/octet-stream.'),
  })
  .describe('Serve files from disk.')
  .refine((a) => (a.root ? 1 : 0) + (a.alias ? 1 : 0) === 1, { message: 'exactly one of root and alias is required', path: ['root'] });

export const RedirectAction = z
  .object({
    kind: z.literal('redirect'),
    status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).default(301),
    url: z
      .string()
      .min(1)
      .max(4096)
      .refine((v) => !/[\r\n\0]/.test(v), 'must not contain CR, LF or NUL')
      .describe('Target URL; may use $scheme, $host, $request_uri, $uri, $args.'),
  })
  .describe('Redirect (nginx: return 301 URL).');

export const ReturnAction = z
  .object({
    kind: z.literal('return'),
    status: z.number().int().min(200).max(599).or(z.literal(444)).describe('Status code; 444 closes the connection without a response (as nginx).'),
    body: z.string().max(65536).default('').describe('Response body; may use variables.'),
    contentType: z.string().max(256).default('text/plain'),
  })
  .describe('Answer directly (nginx: return code "text").');

// Told apart by `kind`: a wrong field is reported at that field of the kind sent, not as
// "none of the four forms fit".
export const LocationAction = z.discriminatedUnion('kind', [ProxyAction, StaticAction, RedirectAction, ReturnAction]).describe('What the location does.');
export type LocationAction = z.infer<typeof LocationAction>;

/** "location @name": stored as an EXACT location with this path (no request path starts with "@"). */
export const NAMED_LOCATION = /^@[A-Za-z0-9_.-]+$/;

export const LocationInput = z
  .object({
    id: Id.optional(),
    matchKind: MatchKind.default('PREFIX'),
    path: z.string().min(1).max(2048).describe('A path ("/api/") for EXACT and PREFIX kinds, a regex for REGEX kinds.'),
    enabled: z.boolean().default(true),
    action: LocationAction,
    policies: Policies.default({}),
  })
  .superRefine((loc, ctx) => {
    const regex = loc.matchKind === 'REGEX' || loc.matchKind === 'REGEX_ICASE';
    if (regex) {
      const result = SafeRegex.safeParse(loc.path);
      if (!result.success) ctx.addIssue({ code: 'custom', path: ['path'], message: result.error.issues[0]!.message });
      // nginx refuses this too: a regex location cannot say which part to replace.
      if (loc.action.kind === 'proxy' && loc.action.uri !== null) {
        ctx.addIssue({ code: 'custom', path: ['action', 'uri'], message: 'a proxy URI part cannot be used in a regex location' });
      }
    } else if (loc.matchKind === 'EXACT' && loc.path.startsWith('@')) {
      if (!NAMED_LOCATION.test(loc.path)) ctx.addIssue({ code: 'custom', path: ['path'], message: 'a named location is "@" and a name ("@fallback")' });
      // As nginx: a named location has no prefix for a URI part to replace.
      if (loc.action.kind === 'proxy' && loc.action.uri !== null) ctx.addIssue({ code: 'custom', path: ['action', 'uri'], message: 'a proxy URI part cannot be used in a named location' });
    } else if (!loc.path.startsWith('/')) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'must start with "/"' });
    } else if (/[\s\0?#]/.test(loc.path)) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'must not contain whitespace, NUL, "?" or "#"' });
    }
  })
  .describe('A location of a host.');
export type LocationInput = z.input<typeof LocationInput>;
export type Location = z.output<typeof LocationInput>;
