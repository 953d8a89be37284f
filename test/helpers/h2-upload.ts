// An HTTP/2 upload that ends the way a test says: END_STREAM after the body (a complete
// request), RST_STREAM without END_STREAM (NO_ERROR or INTERNAL_ERROR: the client gave
// up), or the connection closed mid-body. The declared content-length may differ from
// what is sent, to probe mis-framed bodies. Works over TLS (Portico) and cleartext
// prior-knowledge HTTP/2 (nginx's `listen … http2`).
import http2 from 'node:http2';

export type UploadEnd = 'end-stream' | 'rst-no-error' | 'rst-internal-error' | 'close-connection';

export interface Upload {
  method?: string;
  path: string;
  authority: string;
  /** Sent as the content-length header when set (whatever the body's real length). */
  contentLength?: number;
  body: string;
  end: UploadEnd;
}

export interface UploadResult {
  /** The response status, or null when the stream or connection ended without one. */
  status: number | null;
  /** The RST_STREAM code the client saw (0 when the stream closed normally). */
  rstCode: number | null;
  body: string;
}

export interface H2Target {
  /** "https://127.0.0.1:port" or "http://127.0.0.1:port" (prior knowledge). */
  origin: string;
  ca?: string;
  servername?: string;
}

export async function h2Upload(target: H2Target, upload: Upload, timeoutMs = 5000): Promise<UploadResult> {
  const session = http2.connect(target.origin, { ca: target.ca, servername: target.servername });
  session.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => resolve());
    session.once('error', reject);
  });
  const headers: http2.OutgoingHttpHeaders = { ':method': upload.method ?? 'POST', ':path': upload.path, ':authority': upload.authority };
  if (upload.contentLength !== undefined) headers['content-length'] = String(upload.contentLength);
  const noData = upload.body === '' && upload.end === 'end-stream';
  const stream = session.request(headers, { endStream: noData });
  const result: UploadResult = { status: null, rstCode: null, body: '' };
  const chunks: Buffer[] = [];
  stream.on('response', (h) => (result.status = Number(h[':status'])));
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('error', () => {});
  const closed = new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    setTimeout(resolve, timeoutMs).unref();
  });
  if (!noData) {
    const finish = () => {
      if (upload.end === 'end-stream') stream.end();
      else if (upload.end === 'rst-no-error') stream.destroy();
      else if (upload.end === 'rst-internal-error') stream.destroy(new Error('client gave up'));
      else session.destroy();
    };
    // The abort follows the body's DATA frames once they have been handed to the socket.
    if (upload.body === '') finish();
    else stream.write(upload.body, () => setImmediate(finish));
  }
  await closed;
  result.rstCode = stream.rstCode ?? null;
  result.body = Buffer.concat(chunks).toString('utf8');
  session.destroy();
  return result;
}
