// An upstream that records how each request body ended: "complete" when Node's strict
// HTTP parser saw the message end (its Content-Length reached, or the last chunk), and
// "incomplete" when the connection closed first. A proxy that passes on a client body
// cut short must leave the upstream with an incomplete message (or no request at all),
// never a complete one. Several servers can share one log (a pool of two upstreams).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BodyRecord {
  upstream: string;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** "receiving" while the body is still arriving. */
  state: 'receiving' | 'complete' | 'incomplete';
  body: string;
}

export interface RecordingUpstream {
  address: string;
  server: http.Server;
  close(): Promise<void>;
}

export interface RecordingLog {
  records: BodyRecord[];
  /** The records of one request target. */
  forUrl(url: string): BodyRecord[];
  /** Starts one more upstream writing into this log. */
  start(name?: string): Promise<RecordingUpstream>;
  close(): Promise<void>;
}

export function createRecordingLog(): RecordingLog {
  const records: BodyRecord[] = [];
  const servers: RecordingUpstream[] = [];
  return {
    records,
    forUrl: (url) => records.filter((r) => r.url === url),
    async start(name = `upstream${servers.length + 1}`) {
      const server = http.createServer((req, res) => {
        const record: BodyRecord = { upstream: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, state: 'receiving', body: '' };
        records.push(record);
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          record.state = 'complete';
          record.body = Buffer.concat(chunks).toString('latin1');
          const payload = JSON.stringify({ upstream: name, bodyLength: record.body.length });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
          res.end(payload);
        });
        // 'close' before 'end': the connection went away mid-message.
        req.on('close', () => {
          if (record.state !== 'receiving') return;
          record.state = 'incomplete';
          record.body = Buffer.concat(chunks).toString('latin1');
        });
      });
      // A malformed message (a proxy passing bad framing on) closes the connection.
      server.on('clientError', (_error, socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const upstream: RecordingUpstream = {
        address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
      servers.push(upstream);
      return upstream;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
