// Directory listings, byte for byte as nginx's autoindex (html format, exact sizes, GMT
// times): hidden names skipped, directories first, then names in byte order; each line
// the link, the name padded to 50 bytes (longer ones cut to 47 and "..>"), the
// modification time and the size (or "-") right-aligned in 19 columns.
import fs from 'node:fs';
import path from 'node:path';
import { decodedUri } from '../../core/config/normalize-uri.ts';

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

function formatTime(t: Date): string {
  return `${two(t.getUTCDate())}-${MONTHS[t.getUTCMonth()]}-${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

/** UTF-8 text as bytes, one char each: nginx measures and cuts names in bytes (no `charset utf-8`). */
const bytesOf = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function line(e: Entry): string {
  const name = bytesOf(e.name);
  let width = name.length;
  const size = e.dir ? '-' : String(e.size);
  const tail = ` ${formatTime(e.mtime)} ${size.padStart(19)}\r\n`;
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

/** The listing of `dir` as bytes, titled with the URI as nginx writes it (`uriPath`: the canonical path). */
export async function renderDirectoryListing(dir: string, uriPath: string): Promise<Buffer> {
  const entries = await readEntries(dir);
  const title = escapeHtml(decodedUri(uriPath));
  const page = `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\r\n${entries.map(line).join('')}</pre><hr></body>\r\n</html>\r\n`;
  return Buffer.from(page, 'latin1');
}
