import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressionPolicy } from '../../../core/config/policies.ts';
import type { RequestContext } from '../../runtime/types.ts';
import type { ResponseSink } from '../../runtime/types.ts';
import { CompressSink } from './compress-sink.ts';
import { compileCompression } from './eligibility.ts';

/** A downstream that records what reaches the client, with a small buffer to exercise back-pressure. */
function recorder(capacity = Infinity) {
  const out = { status: 0, headers: [] as string[], chunks: [] as Buffer[], ended: false, aborted: false };
  let queued = 0;
  let waiters: (() => void)[] = [];
  const sink: ResponseSink = {
    headersSent: false,
    get pending() {
      return queued;
    },
    writeHead(status, headers) {
      out.status = status;
      out.headers = headers;
    },
    write(chunk) {
      out.chunks.push(Buffer.from(chunk));
      queued += chunk.length;
      if (queued > capacity) {
        setTimeout(() => {
          queued = 0;
          const w = waiters;
          waiters = [];
          for (const fn of w) fn();
        }, 1);
        return false;
      }
      return true;
    },
    end(chunk) {
      if (chunk) out.chunks.push(Buffer.from(chunk));
      out.ended = true;
    },
    onceDrain(listener) {
      if (queued > capacity) waiters.push(listener);
      else queueMicrotask(listener);
    },
    abort() {
      out.aborted = true;
    },
  };
  return { out, sink };
}

const ctx = (headers: Record<string, string> = {}) => ({ req: { headers } }) as unknown as RequestContext;
const policy = (p: Record<string, unknown> = {}) => compileCompression(CompressionPolicy.parse({ vary: true, ...p }), true);

async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
}

describe('CompressSink', () => {
  it('gzips a stream chunk by chunk with back-pressure, fixing the headers as nginx does', async () => {
    const { out, sink } = recorder(64);
    const s = new CompressSink(ctx(), sink, policy(), 'gzip');
    s.writeHead(200, ['Content-Type', 'text/html', 'Content-Length', '600000', 'Accept-Ranges', 'bytes', 'ETag', '"abc"']);
    const parts: string[] = [];
    for (let i = 0; i < 200; i++) {
      const part = `<p>${i} ${'lorem ipsum '.repeat(250)}</p>`;
      parts.push(part);
      if (!s.write(Buffer.from(part))) await new Promise<void>((r) => s.onceDrain(r));
    }
    s.end();
    await until(() => out.ended);
    expect(out.headers).toEqual(['Content-Type', 'text/html', 'Vary', 'Accept-Encoding', 'ETag', 'W/"abc"', 'Content-Encoding', 'gzip']);
    expect(zlib.gunzipSync(Buffer.concat(out.chunks)).toString()).toBe(parts.join(''));
  });

  it('brotli', async () => {
    const { out, sink } = recorder();
    const s = new CompressSink(ctx(), sink, policy({ brotli: true }), 'br');
    s.writeHead(200, ['Content-Type', 'text/html']);
    s.end('<h1>hello</h1>'.repeat(50));
    await until(() => out.ended);
    expect(out.headers).toContain('br');
    expect(zlib.brotliDecompressSync(Buffer.concat(out.chunks)).toString()).toBe('<h1>hello</h1>'.repeat(50));
  });

  const untouched = [
    { desc: 'already encoded', status: 200, headers: ['Content-Type', 'text/html', 'Content-Encoding', 'br'], vary: false },
    { desc: 'a 206', status: 206, headers: ['Content-Type', 'text/html', 'Content-Range', 'bytes 0-1/10'], vary: false },
    { desc: 'a type not listed', status: 200, headers: ['Content-Type', 'image/png'], vary: false },
    { desc: 'a client that accepts nothing (Vary only)', status: 200, headers: ['Content-Type', 'text/html'], vary: true, encoding: null },
  ];
  it.each(untouched)('passes through $desc', async ({ status, headers, vary, encoding }) => {
    const { out, sink } = recorder();
    const s = new CompressSink(ctx(), sink, policy(), encoding === null ? null : 'gzip');
    s.writeHead(status, [...headers]);
    s.end('plain body');
    expect(out.status).toBe(status);
    expect(out.headers).toEqual(vary ? [...headers, 'Vary', 'Accept-Encoding'] : headers);
    expect(Buffer.concat(out.chunks).toString()).toBe('plain body');
  });

  it('a removed weak or unquoted ETag', () => {
    const { out, sink } = recorder();
    const s = new CompressSink(ctx(), sink, policy({ vary: false }), 'gzip');
    s.writeHead(200, ['Content-Type', 'text/html', 'ETag', 'unquoted']);
    expect(out.headers).toEqual(['Content-Type', 'text/html', 'Content-Encoding', 'gzip']);
  });
});
