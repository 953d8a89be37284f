// Directory listings, byte for byte as nginx's autoindex: hidden names skipped,
// directories first, then names in byte order. HTML: each line the link, the name padded
// to 50 bytes (longer ones cut to 47 and "..>"), the modification time (GMT, or local
// with autoindex_localtime) and the size (exact in 19 columns, or rounded to K/M/G in
// 7). JSON and XML (autoindex_format): one entry per line, GMT times, exact sizes.
import fs from 'node:fs';
import path from 'node:path';
import { decodedUri, utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { ListingOptions } from '../runtime/types.ts';

const NAME_COLUMNS = 50;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Entry {
  name: string;
  dir: boolean;
  mtime: Date;
  size: number;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** nginx's ngx_escape_html: <, >, & and ". */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c]!);
}

/** nginx's NGX_ESCAPE_URI_COMPONENT for hrefs: every byte but letters, digits and "-._~". */
function escapeHref(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

function formatTime(t: Date, local: boolean): string {
  if (local) return `${two(t.getDate())}-${MONTHS[t.getMonth()]}-${t.getFullYear()} ${two(t.getHours())}:${two(t.getMinutes())}`;
  return `${two(t.getUTCDate())}-${MONTHS[t.getUTCMonth()]}-${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

/** autoindex_exact_size off: K above 9999 bytes, M from 1 MiB, G from 1 GiB, rounded half up. */
function roundedSize(length: number): string {
  const scales: [number, string][] = [
    [1024 ** 3, 'G'],
    [1024 ** 2, 'M'],
  ];
  for (const [unit, letter] of scales) {
    if (length > unit - 1) return `${String(Math.floor(length / unit) + (length % unit > unit / 2 - 1 ? 1 : 0)).padStart(6)}${letter}`;
  }
  if (length > 9999) return `${String(Math.floor(length / 1024) + (length % 1024 > 511 ? 1 : 0)).padStart(6)}K`;
  return ` ${String(length).padStart(6)}`;
}

function sizeColumn(e: Entry, exact: boolean): string {
  if (exact) return (e.dir ? '-' : String(e.size)).padStart(19);
  return e.dir ? '      -' : roundedSize(e.size);
}


function htmlLine(e: Entry, options: ListingOptions): string {
  // nginx measures and cuts names in bytes (no `charset utf-8`).
  const name = utf8Bytes(e.name);
  let width = name.length;
  const tail = ` ${formatTime(e.mtime, options.localtime)} ${sizeColumn(e, options.exactSize)}\r\n`;
  const link = `<a href="${escapeHref(e.name)}${e.dir ? '/' : ''}">`;
  // A name longer than the column: its first 47 bytes and "..>".
  if (width > NAME_COLUMNS) return `${link}${escapeHtml(name.slice(0, NAME_COLUMNS - 3))}..&gt;</a>${tail}`;
  let slash = '';
  if (e.dir && width < NAME_COLUMNS) {
    slash = '/';
    width++;
  }
  return `${link}${escapeHtml(name)}${slash}</a>${' '.repeat(NAME_COLUMNS - width)}${tail}`;
}

async function readEntries(dir: string): Promise<Entry[]> {
  const names = (await fs.promises.readdir(dir)).filter((n) => !n.startsWith('.'));
  const entries: Entry[] = [];
  for (const name of names) {
    // stat follows symlinks, as nginx does; an entry that vanished or cannot be read is left out.
    const stat = await fs.promises.stat(path.join(dir, name)).catch(() => null);
    if (stat) entries.push({ name, dir: stat.isDirectory(), mtime: stat.mtime, size: stat.size });
  }
  entries.sort((a, b) => Number(b.dir) - Number(a.dir) || Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  return entries;
}

/** nginx's ngx_escape_json: backslash before " and \, control bytes as \u00XX. */
function escapeJson(text: string): string {
  return text.replace(/["\\\x00-\x1f]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function jsonLine(e: Entry): string {
  const common = `{ "name":"${escapeJson(utf8Bytes(e.name))}", "type":"${e.dir ? 'directory' : 'file'}", "mtime":"${e.mtime.toUTCString()}"`;
  return e.dir ? `${common} }` : `${common}, "size":${e.size} }`;
}

function xmlLine(e: Entry): string {
  const mtime = `${e.mtime.toISOString().slice(0, 19)}Z`;
  const name = escapeHtml(utf8Bytes(e.name));
  return e.dir ? `<directory mtime="${mtime}">${name}</directory>\r\n` : `<file mtime="${mtime}" size="${e.size}">${name}</file>\r\n`;
}

export interface Listing {
  body: Buffer;
  contentType: string;
}

/** The listing of `dir` as bytes, in the location's format (`uriPath`: the canonical path, for the HTML title). */
export async function renderDirectoryListing(dir: string, uriPath: string, options: ListingOptions): Promise<Listing> {
  const entries = await readEntries(dir);
  if (options.format === 'json') {
    const page = `[\r\n${entries.map(jsonLine).join(',\r\n')}${entries.length > 0 ? '\r\n' : ''}]`;
    return { body: Buffer.from(page, 'latin1'), contentType: 'application/json' };
  }
  if (options.format === 'xml') {
    const page = `<?xml version="1.0"?>\r\n<list>\r\n${entries.map(xmlLine).join('')}</list>\r\n`;
    return { body: Buffer.from(page, 'latin1'), contentType: 'text/xml; charset=utf-8' };
  }
  const title = escapeHtml(decodedUri(uriPath));
  const lines = entries.map((e) => htmlLine(e, options)).join('');
  const page = `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\r\n${lines}</pre><hr></body>\r\n</html>\r\n`;
  return { body: Buffer.from(page, 'latin1'), contentType: 'text/html' };
}
