// A steady trickle of requests (about 50 a second, one connection) to one host until
// stopped: the traffic a health gate or a chart needs to have something to judge.
import http from 'node:http';
import { request } from './http-client.ts';

export function steadyTraffic(port: number, host: string, pauseMs = 20): { stop(): Promise<void> } {
  let running = true;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const loop = (async () => {
    while (running) {
      await request(port, '/', { headers: { host }, agent }).catch(() => null);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    agent.destroy();
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
