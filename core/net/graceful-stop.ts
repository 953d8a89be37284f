// Stopping an HTTP server without letting a client hold the stop. `server.close()` alone
// waits for every connection that has a request under way, and some never end by
// themselves: a live-statistics or log stream (an open dashboard tab), a client that sent
// half a request and went quiet. The supervisor kills a child that takes longer than 15 s and
// reports the stop as failed (scripts/start.ts), so here: idle connections close at once,
// streams are cut at once (the browser's EventSource reconnects to whichever instance
// answers next), answers under way get `graceMs` to finish, and then whatever is left is cut.
import type http from 'node:http';

export interface GracefulStopOptions {
  /** How long answers under way may take before their connections are cut. */
  graceMs: number;
  /** Requests whose answer never ends by itself (server-sent events): cut at once. */
  isStream: (req: http.IncomingMessage) => boolean;
}

/** Tracks the server's requests from now on; `stop()` resolves once the server has closed. */
export function gracefulStopper(server: http.Server, options: GracefulStopOptions): { stop: () => Promise<void> } {
  const open = new Set<http.ServerResponse>();
  let stopped: Promise<void> | null = null;
  // Once stopping, an answer ends its connection (Node would keep it alive, idle, and
  // close() would wait for it).
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
    res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
  };
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (stopped) closeAfter(res);
  });
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const res of open) {
          if (options.isStream(res.req)) res.socket?.destroy();
          else closeAfter(res);
        }
        setTimeout(() => server.closeAllConnections(), options.graceMs).unref();
      });
      return stopped;
    },
  };
}
