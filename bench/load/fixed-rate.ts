// Open-loop load at a fixed rate: requests are due at fixed times whatever the answers
// do, and latency counts from the time a request was due (no coordinated omission, as
// wrk2 would measure it; wrk2 is not packaged). Raw keep-alive sockets, one request in
// flight per connection; a request due while every connection is busy waits in a queue
// and its wait counts. Usage: fixed-rate.ts <port> <path> <rate/s> <seconds> <connections> [warm-up ms]
// Prints "BENCH_JSON {...}".
import net from 'node:net';

const [port, path, rate, seconds, connections] = [Number(process.argv[2]), process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6])];
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: bench.test\r\nUser-Agent: portico-bench\r\n\r\n`);

interface Conn {
  socket: net.Socket;
  busy: boolean;
  dueAt: number;
  buffer: Buffer;
}

const latencies: number[] = [];
let errors = 0;
let measuringFrom = Infinity;
const idle: Conn[] = [];
const queue: number[] = [];

function dispatch(): void {
  while (queue.length > 0 && idle.length > 0) {
    const conn = idle.pop()!;
    conn.busy = true;
    conn.dueAt = queue.shift()!;
    conn.socket.write(request);
  }
}

/** Length of one complete response at the start of `b`, or 0 if it is not all there yet. */
function responseLength(b: Buffer): number {
  const end = b.indexOf('\r\n\r\n');
  if (end < 0) return 0;
  const head = b.subarray(0, end).toString('latin1');
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!m) throw new Error(`response without Content-Length:\n${head}`);
  const total = end + 4 + Number(m[1]);
  return b.length >= total ? total : 0;
}

function connect(): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn: Conn = { socket: net.connect({ host: '127.0.0.1', port }), busy: false, dueAt: 0, buffer: Buffer.alloc(0) };
    conn.socket.setNoDelay(true);
    conn.socket.once('connect', () => {
      idle.push(conn);
      resolve();
    });
    conn.socket.on('data', (chunk: Buffer) => {
      conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
      const n = responseLength(conn.buffer);
      if (n === 0) return;
      if (!conn.buffer.subarray(9, 12).equals(Buffer.from('200'))) errors++;
      conn.buffer = conn.buffer.subarray(n);
      if (conn.dueAt >= measuringFrom) latencies.push(performance.now() - conn.dueAt);
      conn.busy = false;
      idle.push(conn);
      dispatch();
    });
    conn.socket.on('error', (e) => {
      errors++;
      reject(e);
    });
  });
}

await Promise.all(Array.from({ length: connections }, connect));
const start = performance.now();
const warmupMs = Number(process.argv[7] ?? 1000);
measuringFrom = start + warmupMs;
const endAt = measuringFrom + seconds * 1000;
let scheduled = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const now = performance.now();
    // Every request due by now is queued with the time it was due.
    const due = Math.floor(((Math.min(now, endAt) - start) / 1000) * rate);
    for (; scheduled < due; scheduled++) queue.push(start + (scheduled * 1000) / rate);
    dispatch();
    if (now >= endAt) resolve();
    else setTimeout(tick, 1);
  };
  tick();
});
// Let the last requests finish.
const drainUntil = performance.now() + 5000;
while ((queue.length > 0 || idle.length < connections) && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
const lost = queue.length + (connections - idle.length);
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
console.log(`BENCH_JSON ${JSON.stringify({ rps: latencies.length / seconds, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), p999Ms: pct(99.9), maxMs: latencies[latencies.length - 1] ?? NaN, requests: latencies.length, errors: errors + lost })}`);
process.exit(0);
