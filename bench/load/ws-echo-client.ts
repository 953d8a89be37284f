// WebSocket echo load: N connections, each sending one message and waiting for its echo
// before the next (round trips/s and round-trip percentiles). Frames are pre-built and
// the client parses only frame lengths, so the load generator stays cheap next to the
// proxy it measures. Usage: ws-echo-client.ts <port> <path> <connections> <seconds>
// Prints "BENCH_JSON {...}".
import crypto from 'node:crypto';
import net from 'node:net';

const [port, path, connections, seconds] = [Number(process.argv[2]), process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];
const PAYLOAD = 64;

// A masked client frame (RFC 6455 §5.2): FIN + binary opcode, mask bit + length, key, payload.
const mask = crypto.randomBytes(4);
const frame = Buffer.alloc(2 + 4 + PAYLOAD);
frame[0] = 0x82;
frame[1] = 0x80 | PAYLOAD;
mask.copy(frame, 2);
for (let i = 0; i < PAYLOAD; i++) frame[6 + i] = (i & 0xff) ^ mask[i & 3]!;
/** The echo comes back unmasked: 2 header bytes + payload. */
const ECHO_BYTES = 2 + PAYLOAD;

const latencies: number[] = [];
let messages = 0;
let errors = 0;
let measuring = false;
let stopping = false;

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    let handshaken = false;
    let pending = Buffer.alloc(0);
    let received = 0;
    let sentAt = 0;
    const send = () => {
      if (stopping) return socket.destroy();
      sentAt = performance.now();
      socket.write(frame);
    };
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: bench.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (!handshaken) {
        pending = Buffer.concat([pending, chunk]);
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!pending.subarray(0, 12).toString().includes('101')) {
          reject(new Error(`upgrade refused: ${pending.subarray(0, end).toString()}`));
          return socket.destroy();
        }
        handshaken = true;
        received = pending.length - end - 4;
        resolve();
        send();
        return;
      }
      received += chunk.length;
      while (received >= ECHO_BYTES) {
        received -= ECHO_BYTES;
        if (measuring) {
          messages++;
          latencies.push(performance.now() - sentAt);
        }
        send();
      }
    });
    socket.on('error', (e) => {
      if (!stopping) errors++;
      if (!handshaken) reject(e);
    });
    socket.on('close', () => {
      if (!stopping) errors++;
    });
  });
}

await Promise.all(Array.from({ length: connections }, open));
// Half a second of warm-up, then the measured window.
await new Promise((r) => setTimeout(r, 500));
measuring = true;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
stopping = true;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
console.log(`BENCH_JSON ${JSON.stringify({ rps: messages / elapsed, p50Ms: pct(50), p99Ms: pct(99), requests: messages, errors })}`);
process.exit(0);
