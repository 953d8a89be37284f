// Directory listings, byte for byte as nginx's autoindex (html format, exact sizes, GMT
// times): hidden names skipped, directories first, then names in byte order; each line
// the link, the name padded to 50 columns (longer ones cut to 47 and "..>"), the
// modification time and the size (or "-") right-aligned in 19 columns.
import fs from 'node:fs';
import path from 'node:path';

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

function line(e: Entry): string {
  // nginx counts the name in characters (UTF-8 aware) for the padding.
  const chars = [...e.name];
  const shown = chars.length > NAME_COLUMNS ? `${chars.slice(0, NAME_COLUMNS - 3).join('')}..>` : e.name;
  let width = Math.min(chars.length, NAME_COLUMNS);
  let text = escapeHtml(shown);
  if (e.dir) {
    text += '/';
    width++;
  }
  const padding = width < NAME_COLUMNS ? ' '.repeat(NAME_COLUMNS - width) : '';
  const size = e.dir ? '-' : String(e.size);
  return `<a href="${escapeHref(e.name)}${e.dir ? '/' : ''}">${text}</a>${padding} ${formatTime(e.mtime)} ${size.padStart(19)}\r\n`;
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

/** The listing of `dir`, titled with the URI as nginx writes it (`uriPath`: the canonical path). */
export async function renderDirectoryListing(dir: string, uriPath: string): Promise<string> {
  const entries = await readEntries(dir);
  let title: string;
  try {
    title = escapeHtml(decodeURIComponent(uriPath));
  } catch {
    title = escapeHtml(uriPath);
  }
  return `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\r\n${entries.map(line).join('')}</pre><hr></body>\r\n</html>\r\n`;
}
