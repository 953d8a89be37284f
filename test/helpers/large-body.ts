// Streams a large request body over a raw socket (generated as it goes, never held whole)
// and reports how far the server let it get: the answer, and how many body bytes the
// socket accepted. A polite client stops sending when the answer arrives, as curl and
// browsers do; an attacker keeps sending, and a server that answers but goes on reading (to
// keep the connection alive) takes the whole body.
import net from 'node:net';

export interface LargeBodyOptions {
  method?: string;
  path: string;
  /** Body bytes to offer; the test stops sending when the server closes or answers. */
  bytes: number;
  /** Send with Transfer-Encoding: chunked (no declared length). */
  chunked?: boolean;
  headers?: Record<string, string>;
  localAddress?: string;
  /** Stop sending once the answer is in (default: keep sending, as an attacker would). */
  politely?: boolean;
}

export interface LargeBodyResult {
  /**
   * 0 when the connection closed without an answer (a client that keeps sending may see the
   * reset of the closing connection before it reads the answer).
   */
  status: number;
  response: string;
  /** Body bytes (without chunk framing) the socket accepted. */
  sentBytes: number;
}

const CHUNK = Buffer.alloc(256 * 1024, 'a');

export function sendLargeBody(port: number, options: LargeBodyOptions): Promise<LargeBodyResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
    let response = '';
    let sentBytes = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve({ status: status ? Number(status[1]) : 0, response, sentBytes });
    };
    // A complete answer (a 100 Continue is not one).
    const answered = () => {
      const head = response.replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, '');
      const end = head.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      return end >= 0 && length !== null && head.length >= end + 4 + Number(length[1]);
    };
    const sentAll = () => sentBytes >= options.bytes;
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      response += text;
      if ((options.politely || sentAll()) && answered()) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.once('connect', () => {
      const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...options.headers };
      const framing = options.chunked ? 'transfer-encoding: chunked' : `content-length: ${options.bytes}`;
      const head = `${options.method ?? 'POST'} ${options.path} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}${framing}\r\n\r\n`;
      socket.write(head);
      // With "Expect: 100-continue" the body waits for the server's go-ahead.
      if (/^100-continue$/i.test(options.headers?.expect ?? '')) {
        const onData = (text: string) => {
          if (!text.startsWith('HTTP/1.1 100')) return;
          socket.off('data', onData);
          pump();
        };
        socket.on('data', onData);
      } else pump();
    });
    const pump = () => {
      while (!finished && !socket.destroyed && sentBytes < options.bytes) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, options.bytes - sentBytes));
        sentBytes += piece.length;
        const framed = options.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      if (finished || socket.destroyed) return;
      if (options.chunked) socket.write('0\r\n\r\n');
      if (answered()) finish();
    };
  });
}

/** Resident memory of a process in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb[1]) / 1024;
}

/** The pid of the supervisor's child whose command line mentions `script`. */
export async function childPid(parentPid: number, script: string): Promise<number> {
  const { readdirSync, readFileSync } = await import('node:fs');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/PPid:\s+(\d+)/.exec(status)?.[1]) !== parentPid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no child of ${parentPid} runs ${script}`);
}
