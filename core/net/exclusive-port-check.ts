// Whether the ports Portico is about to listen on are free, checked by binding each once
// without SO_REUSEPORT: if anything already listens there, that bind fails (EADDRINUSE).
// The engine's workers bind their entrypoints with SO_REUSEPORT, which Linux lets any
// process of the same user join, so a second Portico on a taken port would otherwise start
// quietly while the kernel split the clients between two configurations. The supervisor
// checks every port before it builds or starts anything, so a taken one stops the start
// with its name instead of children restarting in a loop; nginx refuses the same way
// ("bind() … failed (98: Address already in use)").
import net from 'node:net';

export interface PortToListenOn {
  /** The variable that sets the port, for the message (PORTICO_HTTP_PORT). */
  variable: string;
  host: string;
  port: number;
}

/** Resolves when every port is free; rejects naming the first taken one. Port 0 (ephemeral) is never taken. */
export async function ensurePortsFree(ports: PortToListenOn[]): Promise<void> {
  for (const { variable, host, port } of ports) {
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
