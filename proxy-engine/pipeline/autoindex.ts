// Directory listings (nginx autoindex): names escaped, directories first.
import fs from 'node:fs';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function renderDirectoryListing(dir: string, uriPath: string): Promise<string> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  visible.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
  const title = escapeHtml(decodeURIComponent(uriPath));
  const rows = visible.map((e) => {
    const name = e.isDirectory() ? `${e.name}/` : e.name;
    return `<a href="${encodeURIComponent(e.name)}${e.isDirectory() ? '/' : ''}">${escapeHtml(name)}</a>`;
  });
  return `<html>\n<head><title>Index of ${title}</title></head>\n<body>\n<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\n${rows.join('\n')}\n</pre><hr></body>\n</html>\n`;
}
