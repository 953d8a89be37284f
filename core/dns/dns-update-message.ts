// The wire format of a DNS UPDATE (RFC 2136) signed with TSIG (RFC 8945), the way BIND,
// Knot and PowerDNS accept dynamic updates. Only what DNS-01 needs: add or delete one TXT
// value in a zone. No npm DNS library signs UPDATE messages (dns-packet encodes, but has
// no TSIG), so the encoding is written here: names uncompressed, one message per change.
import { createHmac, randomInt } from 'node:crypto';

export const TSIG_ALGORITHMS = {
  'hmac-md5': { wire: 'hmac-md5.sig-alg.reg.int', hash: 'md5' },
  'hmac-sha1': { wire: 'hmac-sha1', hash: 'sha1' },
  'hmac-sha224': { wire: 'hmac-sha224', hash: 'sha224' },
  'hmac-sha256': { wire: 'hmac-sha256', hash: 'sha256' },
  'hmac-sha384': { wire: 'hmac-sha384', hash: 'sha384' },
  'hmac-sha512': { wire: 'hmac-sha512', hash: 'sha512' },
} as const;
export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** The shared secret, base64 as in BIND's `key { secret "…"; }`. */
  secret: string;
}

export interface TxtChange {
  action: 'add' | 'delete';
  zone: string;
  name: string;
  value: string;
  ttl: number;
}

const TYPE_SOA = 6;
const TYPE_TXT = 16;
const TYPE_TSIG = 250;
const CLASS_IN = 1;
const CLASS_NONE = 254;
const CLASS_ANY = 255;
const OPCODE_UPDATE = 5;
const FUDGE_SECONDS = 300;

/** A domain name in wire form (length-prefixed labels, lowercase: TSIG's canonical form). */
export function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').toLowerCase().split('.').filter(Boolean);
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length > 63) throw new Error(`the DNS label "${label}" is longer than 63 characters`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u32 = (n: number) => Buffer.from([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const u48 = (n: number) => Buffer.concat([u16(Math.floor(n / 2 ** 32)), u32(n % 2 ** 32)]);

/** TXT RDATA: the value as character-strings of at most 255 bytes each. */
function txtRdata(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

function record(name: string, type: number, klass: number, ttl: number, rdata: Buffer): Buffer {
  return Buffer.concat([encodeName(name), u16(type), u16(klass), u32(ttl), u16(rdata.length), rdata]);
}

/** The unsigned UPDATE: zone section (the zone's SOA) and one update record. */
export function encodeUpdate(id: number, change: TxtChange): Buffer {
  const header = Buffer.concat([u16(id), u16(OPCODE_UPDATE << 11), u16(1), u16(0), u16(1), u16(0)]);
  const zone = Buffer.concat([encodeName(change.zone), u16(TYPE_SOA), u16(CLASS_IN)]);
  // RFC 2136 §2.5.1 adds to an RRset; §2.5.4 deletes one RR (class NONE, TTL 0): other
  // values of the same name (the wildcard's and the apex's) are left alone.
  const update = change.action === 'add' ? record(change.name, TYPE_TXT, CLASS_IN, change.ttl, txtRdata(change.value)) : record(change.name, TYPE_TXT, CLASS_NONE, 0, txtRdata(change.value));
  return Buffer.concat([header, zone, update]);
}

/** Appends a TSIG record (RFC 8945 §4.3) to an unsigned message and counts it in ARCOUNT. */
export function signMessage(message: Buffer, key: TsigKey, now: Date = new Date()): Buffer {
  const algorithm = TSIG_ALGORITHMS[key.algorithm];
  const secret = Buffer.from(key.secret, 'base64');
  if (secret.length === 0) throw new Error('the TSIG key secret is empty or not base64');
  const timeSigned = Math.floor(now.getTime() / 1000);
  const id = message.readUInt16BE(0);
  const variables = Buffer.concat([encodeName(key.name), u16(CLASS_ANY), u32(0), encodeName(algorithm.wire), u48(timeSigned), u16(FUDGE_SECONDS), u16(0), u16(0)]);
  const mac = createHmac(algorithm.hash, secret).update(message).update(variables).digest();
  const rdata = Buffer.concat([encodeName(algorithm.wire), u48(timeSigned), u16(FUDGE_SECONDS), u16(mac.length), mac, u16(id), u16(0), u16(0)]);
  const signed = Buffer.concat([message, record(key.name, TYPE_TSIG, CLASS_ANY, 0, rdata)]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return signed;
}

export function newMessageId(): number {
  return randomInt(0, 0x10000);
}

export interface UpdateResponse {
  id: number;
  rcode: number;
  /** The TSIG error of the response (16 BADSIG, 17 BADKEY, 18 BADTIME), 0 when none or absent. */
  tsigError: number;
}

/** Skips a (possibly compressed) name, returning the offset after it. */
function skipName(buf: Buffer, offset: number): number {
  for (;;) {
    if (offset >= buf.length) throw new Error('truncated DNS name');
    const len = buf[offset]!;
    if (len === 0) return offset + 1;
    if ((len & 0xc0) === 0xc0) return offset + 2;
    offset += len + 1;
  }
}

/** Reads an UPDATE response's RCODE and the TSIG error of its signature, if any. */
export function decodeResponse(buf: Buffer): UpdateResponse {
  if (buf.length < 12) throw new Error('the DNS response is shorter than its header');
  const id = buf.readUInt16BE(0);
  const rcode = buf.readUInt16BE(2) & 0x0f;
  const counts = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o));
  let offset = 12;
  for (let i = 0; i < counts[0]!; i++) offset = skipName(buf, offset) + 4;
  let tsigError = 0;
  const records = counts[1]! + counts[2]! + counts[3]!;
  for (let i = 0; i < records; i++) {
    offset = skipName(buf, offset);
    const type = buf.readUInt16BE(offset);
    const rdlength = buf.readUInt16BE(offset + 8);
    const rdata = offset + 10;
    if (type === TYPE_TSIG) {
      // algorithm name, time signed (6), fudge (2), MAC size (2), MAC, original id (2), error (2)
      const macSizeAt = skipName(buf, rdata) + 8;
      tsigError = buf.readUInt16BE(macSizeAt + 2 + buf.readUInt16BE(macSizeAt) + 2);
    }
    offset = rdata + rdlength;
  }
  return { id, rcode, tsigError };
}
