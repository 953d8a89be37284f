// The workers bind the entrypoints with SO_REUSEPORT so that they can share them. Linux
// lets any process of the same user join such a port too, so a second Portico started on a
// taken port would bind without an error and the kernel would then split the clients
// between two configurations. Before the first worker binds, each port is bound once
// without SO_REUSEPORT: if anything already listens there, that bind fails (EADDRINUSE)
// and the engine refuses to start, as nginx does ("bind() … failed (98: Address already
// in use)") and as the engine without workers does.
import net from 'node:net';

export interface EntrypointPort {
  /** The variable that sets the port, for the message (PORTICO_HTTP_PORT). */
  variable: string;
  port: number;
}

/** Resolves when every port is free on `host`; rejects naming the first taken one. Port 0 (ephemeral) is never taken. */
export async function ensurePortsFree(host: string, ports: EntrypointPort[]): Promise<void> {
  for (const { variable, port } of ports) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} (${variable}) on ${host} is already in use by another process: stop it, or set ${variable} to a free port`));
        else reject(error);
      });
      probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
    });
  }
}
