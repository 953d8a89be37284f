// An upstream that reads paths the way `python3 -m http.server` does (the upstream of
// issue 14's report): the target is percent-decoded once (%2F becomes "/"), dot segments
// are resolved, and the file under its directory is served. What it answers is what an
// ordinary decoding application makes of a path, so a secret it serves is a secret the
// proxy let through. Every target it receives is recorded.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FileServerUpstream {
  address: string;
  /** Request targets as received, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** Percent-decoding as Python's urllib.parse.unquote: malformed escapes stay as they are. */
function unquote(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.slice(i + 1, i + 3);
    if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(raw[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** SimpleHTTPRequestHandler.translate_path: decode, normpath, drop empty, "." and ".." words. */
function translate(root: string, target: string): string {
  const decoded = unquote(target.split('?')[0]!.split('#')[0]!);
  const words = path.posix.normalize(decoded).split('/').filter((w) => w !== '' && w !== '.' && w !== '..');
  return path.join(root, ...words);
}

export async function startFileServerUpstream(files: Record<string, string>): Promise<FileServerUpstream> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-files-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const file = translate(root, req.url ?? '/');
    fs.readFile(file, (error, content) => {
      if (error) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('File not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': content.length });
      res.end(content);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(root, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
