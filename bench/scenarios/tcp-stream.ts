// TCP streams against nginx's stream module (bench/streams/measure-streams.ts): bytes/s
// over 64 connections reading from an upstream that writes as fast as it can, and
// connections/s (connect, read a greeting, close; 64 at a time). Its own processes, pinned
// like the testbed's; the ratio is Portico's throughput over nginx's.
import fs from 'node:fs';
import { measureStreams } from '../streams/measure-streams.ts';
import type { Scenario } from './types.ts';

const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

export const tcpStream: Scenario = {
  name: 'tcp-stream',
  title: 'TCP stream: throughput (64 connections) and connection rate, vs nginx stream',
  async run(ctx) {
    if (!fs.existsSync(STREAM_MODULE)) return { portico: null, nginx: null, ratio: null, status: 'skipped', reason: `nginx's stream module is not installed (${STREAM_MODULE}; Debian package libnginx-mod-stream)` };
    const out = await measureStreams(ctx.options.durationS);
    const bytes = out.results['tcp-stream-throughput-c64'];
    const conns = out.results['tcp-stream-connections-c64'];
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB/s`;
    ctx.log(`    throughput   portico ${mb(bytes.portico)}   nginx ${mb(bytes.nginx)}   ×${bytes.ratio.toFixed(2)}`);
    ctx.log(`    connections  portico ${conns.portico}/s   nginx ${conns.nginx}/s   ×${conns.ratio.toFixed(2)}`);
    return {
      portico: null,
      nginx: null,
      ratio: bytes.ratio,
      ratioOf: 'TCP stream bytes/s over 64 connections, Portico / nginx',
      status: 'measured',
      detail: { throughputBytesPerS: { portico: bytes.portico, nginx: bytes.nginx }, connectionsPerS: { portico: conns.portico, nginx: conns.nginx, ratio: conns.ratio }, failedConnections: out.failed, connections: out.connections, durationS: out.durationS },
    };
  },
};
