// Content types of static files, as nginx gives them: by the extension of the URI (not of
// the file on disk), from the `types` table in effect, else `default_type`.
//
// Portico's own table, used when a location names none (the dashboard's locations, and
// imported configurations that `include mime.types`), is Debian's /etc/nginx/mime.types
// of nginx 1.22, plus `.mjs` (docs/nginx-compatibility.md: browsers refuse module scripts
// of another type).

/** Debian's mime.types: type → extensions (no extension is named twice). */
const DEBIAN_MIME_TYPES: readonly (readonly [string, string])[] = [
  ['text/html', 'html htm shtml'],
  ['text/css', 'css'],
  ['text/xml', 'xml'],
  ['image/gif', 'gif'],
  ['image/jpeg', 'jpeg jpg'],
  ['application/javascript', 'js'],
  ['application/atom+xml', 'atom'],
  ['application/rss+xml', 'rss'],
  ['text/mathml', 'mml'],
  ['text/plain', 'txt'],
  ['text/vnd.sun.j2me.app-descriptor', 'jad'],
  ['text/vnd.wap.wml', 'wml'],
  ['text/x-component', 'htc'],
  ['image/avif', 'avif'],
  ['image/png', 'png'],
  ['image/svg+xml', 'svg svgz'],
  ['image/tiff', 'tif tiff'],
  ['image/vnd.wap.wbmp', 'wbmp'],
  ['image/webp', 'webp'],
  ['image/x-icon', 'ico'],
  ['image/x-jng', 'jng'],
  ['image/x-ms-bmp', 'bmp'],
  ['font/woff', 'woff'],
  ['font/woff2', 'woff2'],
  ['application/java-archive', 'jar war ear'],
  ['application/json', 'json'],
  ['application/mac-binhex40', 'hqx'],
  ['application/msword', 'doc'],
  ['application/pdf', 'pdf'],
  ['application/postscript', 'ps eps ai'],
  ['application/rtf', 'rtf'],
  ['application/vnd.apple.mpegurl', 'm3u8'],
  ['application/vnd.google-earth.kml+xml', 'kml'],
  ['application/vnd.google-earth.kmz', 'kmz'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.ms-fontobject', 'eot'],
  ['application/vnd.ms-powerpoint', 'ppt'],
  ['application/vnd.oasis.opendocument.graphics', 'odg'],
  ['application/vnd.oasis.opendocument.presentation', 'odp'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.wap.wmlc', 'wmlc'],
  ['application/wasm', 'wasm'],
  ['application/x-7z-compressed', '7z'],
  ['application/x-cocoa', 'cco'],
  ['application/x-java-archive-diff', 'jardiff'],
  ['application/x-java-jnlp-file', 'jnlp'],
  ['application/x-makeself', 'run'],
  ['application/x-perl', 'pl pm'],
  ['application/x-pilot', 'prc pdb'],
  ['application/x-rar-compressed', 'rar'],
  ['application/x-redhat-package-manager', 'rpm'],
  ['application/x-sea', 'sea'],
  ['application/x-shockwave-flash', 'swf'],
  ['application/x-stuffit', 'sit'],
  ['application/x-tcl', 'tcl tk'],
  ['application/x-x509-ca-cert', 'der pem crt'],
  ['application/x-xpinstall', 'xpi'],
  ['application/xhtml+xml', 'xhtml'],
  ['application/xspf+xml', 'xspf'],
  ['application/zip', 'zip'],
  ['application/octet-stream', 'bin exe dll'],
  ['application/octet-stream', 'deb'],
  ['application/octet-stream', 'dmg'],
  ['application/octet-stream', 'iso img'],
  ['application/octet-stream', 'msi msp msm'],
  ['audio/midi', 'mid midi kar'],
  ['audio/mpeg', 'mp3'],
  ['audio/ogg', 'ogg'],
  ['audio/x-m4a', 'm4a'],
  ['audio/x-realaudio', 'ra'],
  ['video/3gpp', '3gpp 3gp'],
  ['video/mp2t', 'ts'],
  ['video/mp4', 'mp4'],
  ['video/mpeg', 'mpeg mpg'],
  ['video/quicktime', 'mov'],
  ['video/webm', 'webm'],
  ['video/x-flv', 'flv'],
  ['video/x-m4v', 'm4v'],
  ['video/x-mng', 'mng'],
  ['video/x-ms-asf', 'asx asf'],
  ['video/x-ms-wmv', 'wmv'],
  ['video/x-msvideo', 'avi'],
];

function tableOf(entries: readonly (readonly [string, string])[]): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const [type, extensions] of entries) {
    for (const ext of extensions.split(' ')) if (!table.has(ext)) table.set(ext, type);
  }
  return table;
}

const PORTICO_TYPES: ReadonlyMap<string, string> = tableOf([...DEBIAN_MIME_TYPES, ['application/javascript', 'mjs']]);

/**
 * nginx's extension of a URI (ngx_http_set_exten): the text after the last "." of the
 * last segment, unless that "." starts the segment; lower-cased for the lookup.
 */
function uriExtension(uri: string): string {
  for (let i = uri.length - 1; i > 1; i--) {
    const c = uri.charCodeAt(i);
    if (c === 47 /* / */) return '';
    if (c === 46 /* . */ && uri.charCodeAt(i - 1) !== 47) return uri.slice(i + 1).toLowerCase();
  }
  return '';
}

/** A location's types: its own table (extension → type), or undefined for Portico's. */
export interface FileTypes {
  types: ReadonlyMap<string, string> | undefined;
  defaultType: string;
}

/** nginx's default_type in Debian's configuration, for locations that set none. */
export const DEFAULT_FILE_TYPES: FileTypes = { types: undefined, defaultType: 'application/octet-stream' };

/** The Content-Type of a file served for `uri`. */
export function contentTypeFor(uri: string, fileTypes: FileTypes = DEFAULT_FILE_TYPES): string {
  const ext = uriExtension(uri);
  if (ext === '') return fileTypes.defaultType;
  return (fileTypes.types ? fileTypes.types.get(ext) : PORTICO_TYPES.get(ext)) ?? fileTypes.defaultType;
}

/** nginx's compiled-in types, used when a configuration includes no mime.types. */
const NGINX_DEFAULT_TYPES: Record<string, string> = { html: 'text/html', gif: 'image/gif', jpg: 'image/jpeg' };

/**
 * The type nginx gives a `return`ed text by the URI's extension (its default types map),
 * or null (the caller then uses default_type).
 */
export function returnContentType(uri: string): string | null {
  const ext = uriExtension(uri);
  return ext ? (NGINX_DEFAULT_TYPES[ext] ?? null) : null;
}
