// A request body read whole before the upstream is contacted (nginx's
// proxy_request_buffering on): in memory up to client_body_buffer_size, then in a
// temporary file under <dataDir>/tmp/request-bodies/ (nginx's client_body_temp_path).
// Reading it whole gives it a length (sent as Content-Length), keeps every byte of an
// over-limit body from the upstream (the 413 comes first), and makes it replayable for
// a retry on another server.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ClientBody } from './request-body.ts';

export interface SpooledBody {
  readonly length: number;
  /** The body from its first byte, for one attempt (each try gets its own reader). */
  open(): Buffer | Readable;
  /** Removes the temporary file, if any. */
  dispose(): void;
}

let spoolDir = path.join(os.tmpdir(), 'portico-request-bodies');

/** Where spooled bodies go; leftovers of an earlier run (a crash) are removed. */
export function setBodySpoolDir(dataDir: string): void {
  spoolDir = path.join(dataDir, 'tmp', 'request-bodies');
  fs.rmSync(spoolDir, { recursive: true, force: true });
}

/** Reads `body` to its end; rejects with the body's own error (too large, cut short). */
export function spoolClientBody(body: ClientBody, memoryBytes: number): Promise<SpooledBody> {
  return new Promise((resolve, reject) => {
    // It may have failed before anyone listened (too large while it was being looked at).
    if (body.errored) return reject(body.errored);
    const chunks: Buffer[] = [];
    let length = 0;
    let file: { path: string; stream: fs.WriteStream } | null = null;
    const fail = (error: Error) => {
      body.off('data', onData);
      if (file) {
        file.stream.destroy();
        fs.rm(file.path, { force: true }, () => {});
      }
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (file) {
        if (!file.stream.write(chunk)) {
          body.pause();
          file.stream.once('drain', () => body.resume());
        }
        return;
      }
      chunks.push(chunk);
      if (length > memoryBytes) {
        file = openSpoolFile();
        file.stream.on('error', fail);
        for (const c of chunks.splice(0)) file.stream.write(c);
      }
    };
    body.on('data', onData);
    body.once('error', fail);
    body.once('end', () => {
      if (!file) {
        const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
        resolve({ length, open: () => whole, dispose: () => {} });
        return;
      }
      const spooled = file;
      spooled.stream.end(() => {
        let disposed = false;
        resolve({
          length,
          open: () => fs.createReadStream(spooled.path),
          dispose: () => {
            if (disposed) return;
            disposed = true;
            fs.rm(spooled.path, { force: true }, () => {});
          },
        });
      });
    });
  });
}

function openSpoolFile(): { path: string; stream: fs.WriteStream } {
  fs.mkdirSync(spoolDir, { recursive: true, mode: 0o700 });
  const file = path.join(spoolDir, randomBytes(12).toString('hex'));
  // The body may hold credentials: readable by the engine's user only.
  return { path: file, stream: fs.createWriteStream(file, { mode: 0o600, flags: 'wx' }) };
}
