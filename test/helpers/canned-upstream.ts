// A raw upstream that answers each request with bytes a test chooses (by the last path
// segment), keeps the connection open afterwards unless told otherwise, and records when
// the connection that carried each answer was closed: mis-framed answers must never be
// parsed in a way that leaves the connection in use.
import net from 'node:net';

export interface CannedUpstream {
  address: string;
  /** Request targets in the order received, with the connection each came on. */
  requests: { target: string; connection: number }[];
  /** Whether the connection that carried the answer to `target` has closed. */
  closedAfter(target: string): boolean;
  close(): Promise<void>;
}

/** An answer, or an answer after which the upstream closes the connection (a body cut short). */
export type CannedAnswer = string | { bytes: string; thenClose: true };

/** `answers[name]` is sent for a request whose path ends in `/name`; unknown names get a 404. */
export async function startCannedUpstream(answers: Readonly<Record<string, CannedAnswer>>): Promise<CannedUpstream> {
  const requests: CannedUpstream['requests'] = [];
  const closed = new Set<number>();
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    const id = ++connections;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      closed.add(id);
      sockets.delete(socket);
    });
    let buffered = '';
    socket.on('data', (data: Buffer) => {
      buffered += data.toString('latin1');
      // Requests here have no body: each ends at its blank line.
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const target = /^\S+ (\S+)/.exec(head)?.[1] ?? '';
        requests.push({ target, connection: id });
        const name = target.split('?')[0]!.split('/').pop()!;
        const answer = answers[name] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
        if (typeof answer === 'string') socket.write(answer);
        else socket.end(answer.bytes);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    closedAfter(target) {
      const request = requests.find((r) => r.target === target);
      return request !== undefined && closed.has(request.connection);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
