// Content types by extension for static files (the common part of nginx's mime.types).
import path from 'node:path';

const TYPES: Record<string, string> = {
  html: 'text/html', htm: 'text/html', shtml: 'text/html', css: 'text/css', xml: 'text/xml',
  js: 'application/javascript', mjs: 'application/javascript', json: 'application/json', map: 'application/json',
  txt: 'text/plain', csv: 'text/csv', md: 'text/markdown', ics: 'text/calendar',
  gif: 'image/gif', jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif',
  svg: 'image/svg+xml', svgz: 'image/svg+xml', ico: 'image/x-icon', bmp: 'image/x-ms-bmp', tif: 'image/tiff', tiff: 'image/tiff',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf', eot: 'application/vnd.ms-fontobject',
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', tar: 'application/x-tar', wasm: 'application/wasm',
  mp3: 'audio/mpeg', ogg: 'audio/ogg', m4a: 'audio/x-m4a', wav: 'audio/wav',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t',
  rss: 'application/rss+xml', atom: 'application/atom+xml', webmanifest: 'application/manifest+json',
};

/** nginx's default_type is application/octet-stream in Debian's configuration. */
export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** nginx's compiled-in types, used when a configuration includes no mime.types. */
const NGINX_DEFAULT_TYPES: Record<string, string> = { html: 'text/html', gif: 'image/gif', jpg: 'image/jpeg' };

/**
 * The type nginx gives a `return`ed text by the URI's extension (its default types map),
 * or null (the caller then uses default_type).
 */
export function returnContentType(file: string): string | null {
  const ext = path.extname(file).slice(1).toLowerCase();
  return ext ? (NGINX_DEFAULT_TYPES[ext] ?? null) : null;
}
