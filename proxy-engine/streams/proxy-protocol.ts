// The PROXY protocol (HAProxy's spec, v1 text and v2 binary), as nginx reads it on
// `listen … proxy_protocol` and writes it with `proxy_protocol on`: the header a load
// balancer puts before the client's bytes to say whose connection it is.
import net from 'node:net';

export type ProxyHeader =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `source` is null for v2 LOCAL and v1 UNKNOWN (a health check: the peer speaks for itself). */
  | { kind: 'header'; length: number; source: string | null; sourcePort: number | null };

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
/** v1's longest line (spec: 107 bytes with CRLF). */
const V1_MAX = 107;

function parseV1(data: Buffer): ProxyHeader {
  const end = data.indexOf('\r\n');
  if (end < 0) return data.length >= V1_MAX ? { kind: 'invalid', reason: 'PROXY v1 line longer than 107 bytes' } : { kind: 'incomplete' };
  const line = data.toString('latin1', 0, end);
  const parts = line.split(' ');
  if (parts[1] === 'UNKNOWN') return { kind: 'header', length: end + 2, source: null, sourcePort: null };
  if (parts.length !== 6 || (parts[1] !== 'TCP4' && parts[1] !== 'TCP6')) return { kind: 'invalid', reason: `bad PROXY v1 line "${line.slice(0, 64)}"` };
  const [, family, source, , sourcePort] = parts;
  if (net.isIP(source!) !== (family === 'TCP4' ? 4 : 6)) return { kind: 'invalid', reason: 'bad PROXY v1 source address' };
  const port = Number(sourcePort);
  if (!/^\d{1,5}$/.test(sourcePort!) || port > 65535) return { kind: 'invalid', reason: 'bad PROXY v1 source port' };
  return { kind: 'header', length: end + 2, source: source!, sourcePort: port };
}

function parseV2(data: Buffer): ProxyHeader {
  if (data.length < 16) return { kind: 'incomplete' };
  const version = data[12]! >> 4;
  const command = data[12]! & 0x0f;
  if (version !== 2 || command > 1) return { kind: 'invalid', reason: 'bad PROXY v2 version or command' };
  const length = 16 + data.readUInt16BE(14);
  if (data.length < length) return { kind: 'incomplete' };
  if (command === 0) return { kind: 'header', length, source: null, sourcePort: null };
  const family = data[13]! >> 4;
  if (family === 1 && length >= 16 + 12) {
    const source = [...data.subarray(16, 20)].join('.');
    return { kind: 'header', length, source, sourcePort: data.readUInt16BE(24) };
  }
  if (family === 2 && length >= 16 + 36) {
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) groups.push(data.readUInt16BE(16 + i * 2).toString(16));
    const source = new net.SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
    return { kind: 'header', length, source, sourcePort: data.readUInt16BE(48) };
  }
  // UNSPEC, unix sockets: no address to believe.
  return { kind: 'header', length, source: null, sourcePort: null };
}

export function parseProxyHeader(data: Buffer): ProxyHeader {
  const signature = data.subarray(0, Math.min(data.length, V2_SIGNATURE.length));
  if (V2_SIGNATURE.subarray(0, signature.length).equals(signature)) return data.length < V2_SIGNATURE.length ? { kind: 'incomplete' } : parseV2(data);
  const v1 = Buffer.from('PROXY ');
  const start = data.subarray(0, Math.min(data.length, v1.length));
  if (!v1.subarray(0, start.length).equals(start)) return { kind: 'invalid', reason: 'the connection did not start with a PROXY protocol header' };
  return data.length < v1.length ? { kind: 'incomplete' } : parseV1(data);
}

/** Reads the header off a socket: the carried address and the bytes after it, or why not. */
export function readProxyHeader(socket: net.Socket, timeoutMs: number): Promise<{ source: string | null; sourcePort: number | null; rest: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (result: { source: string | null; sourcePort: number | null; rest: Buffer } | { error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const header = parseProxyHeader(data);
      if (header.kind === 'header') finish({ source: header.source, sourcePort: header.sourcePort, rest: data.subarray(header.length) });
      else if (header.kind === 'invalid') finish({ error: header.reason });
    };
    const onClose = () => finish({ error: 'the connection closed before a PROXY protocol header' });
    const timer = setTimeout(() => finish({ error: 'no PROXY protocol header in time' }), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.resume();
  });
}

/** nginx's `proxy_protocol on`: a v1 line naming the client and the address it reached. */
export function proxyV1Line(client: { address: string; port: number }, server: { address: string; port: number }): string {
  const family = net.isIP(client.address) === 6 || net.isIP(server.address) === 6 ? 'TCP6' : 'TCP4';
  const v6 = (a: string) => (net.isIP(a) === 4 ? `::ffff:${a}` : a);
  const [c, s] = family === 'TCP6' ? [v6(client.address), v6(server.address)] : [client.address, server.address];
  return `PROXY ${family} ${c} ${s} ${client.port} ${server.port}\r\n`;
}

/** An IPv6 address (text, "::" and a dotted IPv4 tail allowed) as its 16 bytes. */
function ipv6Bytes(address: string): number[] {
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [head = '', tail = ''] = text.includes('::') ? text.split('::') : [text, ''];
  const groupsOf = (part: string) => (part ? part.split(':') : []);
  const h = groupsOf(head);
  const t = groupsOf(tail);
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** The v2 binary header (PROXY command, TCP over IPv4 or IPv6; a v4 address beside a v6 one is written v4-mapped). */
export function proxyV2Header(client: { address: string; port: number }, server: { address: string; port: number }): Buffer {
  const six = net.isIP(client.address) === 6 || net.isIP(server.address) === 6;
  const bytesOf = (address: string) => (!six ? address.split('.').map(Number) : ipv6Bytes(net.isIP(address) === 4 ? `::ffff:${address}` : address));
  const addresses = [...bytesOf(client.address), ...bytesOf(server.address)];
  const out = Buffer.alloc(16 + addresses.length + 4);
  V2_SIGNATURE.copy(out, 0);
  out[12] = 0x21; // version 2, PROXY
  out[13] = six ? 0x21 : 0x11; // AF_INET6 / AF_INET, STREAM
  out.writeUInt16BE(addresses.length + 4, 14);
  Buffer.from(addresses).copy(out, 16);
  out.writeUInt16BE(client.port, 16 + addresses.length);
  out.writeUInt16BE(server.port, 18 + addresses.length);
  return out;
}

/** The header of either version, as bytes to write first on an upstream connection. */
export function proxyHeader(version: 'v1' | 'v2', client: { address: string; port: number }, server: { address: string; port: number }): Buffer {
  return version === 'v2' ? proxyV2Header(client, server) : Buffer.from(proxyV1Line(client, server), 'latin1');
}
