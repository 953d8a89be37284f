// yescrypt ("$y$", Debian's default for mkpasswd and /etc/shadow), as libxcrypt computes it
// for crypt(3): scrypt's structure (PBKDF2-SHA256 around SMix) with the "RW" changes
// (pwxform S-boxes, writes in the second loop, a pre-hash for large costs) and the final
// SCRAM-style ClientKey/StoredKey step. Written from the algorithm's specification (the
// reference yescrypt-ref.c of openwall/yescrypt) in plain typed arrays; the work yields to
// the event loop so a login never stalls other requests for long.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { ITOA64, encodeBytesLittleEndian, yieldToEventLoop } from './crypt-base64.ts';

const WORM = 1;
const RW = 2;
const MODE_MASK = 3;
const RW_FLAVOR_MASK = 0x3fc;
/** ROUNDS_6 | GATHER_4 | SIMPLE_2 | SBOX_12K: the only RW flavor yescrypt defines. */
const RW_DEFAULT_FLAVOR = 0x004 | 0x010 | 0x020 | 0x080;
const PREHASH = 0x10000000;

// pwxform with PWXsimple 2, PWXgather 4, PWXrounds 6, Swidth 8.
const PWX_WORDS = 16;
const S_WORDS = 3 * 256 * 2 * 2;
const S_BOX_WORDS = 256 * 2 * 2;
const S_MASK = 255 * 2 * 8;
/** Memory Portico spends on one check at most (the default $y$j9T$ needs 16 MiB). */
const MAX_MEMORY = 256 * 1024 * 1024;
/** Block mixes between two yields to the event loop. */
const MIXES_PER_SLICE = 256;

interface Params {
  flags: number;
  N: number;
  r: number;
  p: number;
  t: number;
}

interface Pwxform {
  S: Uint32Array;
  s0: number;
  s1: number;
  s2: number;
  w: number;
}

// ---- encodings of the setting -------------------------------------------------------

const atoi64 = (ch: string | undefined): number => (ch === undefined ? 64 : ((i) => (i < 0 ? 64 : i))(ITOA64.indexOf(ch)));

/** yescrypt's variable-length number: returns [value, characters read] or null. */
function decodeNumber(text: string, at: number, min: number): [number, number] | null {
  let c = atoi64(text[at]);
  if (c > 63) return null;
  let start = 0;
  let end = 47;
  let chars = 1;
  let bits = 0;
  let value = min;
  while (c > end) {
    value += (end + 1 - start) * 2 ** bits;
    start = end + 1;
    end = start + Math.floor((62 - end) / 2);
    chars++;
    bits += 6;
  }
  value += (c - start) * 2 ** bits;
  for (let i = 1; i < chars; i++) {
    c = atoi64(text[at + i]);
    if (c > 63) return null;
    bits -= 6;
    value += c * 2 ** bits;
  }
  return [value, chars];
}

/** Little-endian base-64 to bytes, refusing leftover bits (as yescrypt's decode64). */
function decodeBytes(text: string): Buffer | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const group = text.slice(i, i + 4);
    let value = 0;
    let bits = 0;
    for (const ch of group) {
      const c = atoi64(ch);
      if (c > 63) return null;
      value += c * 2 ** bits;
      bits += 6;
    }
    if (bits < 12) return null;
    while (bits >= 8) {
      out.push(value & 0xff);
      value = Math.floor(value / 256);
      bits -= 8;
    }
    if (value !== 0) return null;
  }
  return Buffer.from(out);
}

/** The parameters and salt of "$y$<params>$<salt>[$hash]", or null when libxcrypt refuses it. */
function parseSetting(setting: string): { params: Params; prefix: string; salt: Buffer } | null {
  if (!setting.startsWith('$y$')) return null;
  let at = 3;
  const read = (min: number): number | null => {
    const got = decodeNumber(setting, at, min);
    if (!got) return null;
    at += got[1];
    return got[0];
  };
  const flavor = read(0);
  if (flavor === null) return null;
  let flags: number;
  if (flavor < RW) flags = flavor;
  else if (flavor <= RW + (RW_FLAVOR_MASK >> 2)) flags = RW + (flavor - RW) * 4;
  else return null;
  const nLog2 = read(1);
  if (nLog2 === null || nLog2 > 63) return null;
  const r = read(1);
  if (r === null) return null;
  const params: Params = { flags, N: 2 ** nLog2, r, p: 1, t: 0 };
  if (setting[at] !== '$') {
    const have = read(1);
    if (have === null) return null;
    if (have & 1) {
      const p = read(2);
      if (p === null) return null;
      params.p = p;
    }
    if (have & 2) {
      const t = read(1);
      if (t === null) return null;
      params.t = t;
    }
    // Hash upgrades (g) and ROMs are refused by crypt(3) itself.
    if (have & 12) return null;
  }
  if (setting[at] !== '$') return null;
  at++;
  const lastDollar = setting.lastIndexOf('$');
  const saltText = lastDollar >= at ? setting.slice(at, lastDollar) : setting.slice(at);
  const salt = decodeBytes(saltText);
  if (!salt || salt.length > 64) return null;
  return { params, prefix: setting.slice(0, at) + saltText, salt };
}

// ---- the core -------------------------------------------------------------------------

const rotl = (a: number, b: number) => (a << b) | (a >>> (32 - b));

/** The Salsa20 core on 16 words at `off`, kept in yescrypt's SIMD-shuffled order (word i holds x[5i mod 16]). */
function salsa20(B: Uint32Array, off: number, rounds: number): void {
  let x0 = B[off]! | 0, x5 = B[off + 1]! | 0, x10 = B[off + 2]! | 0, x15 = B[off + 3]! | 0;
  let x4 = B[off + 4]! | 0, x9 = B[off + 5]! | 0, x14 = B[off + 6]! | 0, x3 = B[off + 7]! | 0;
  let x8 = B[off + 8]! | 0, x13 = B[off + 9]! | 0, x2 = B[off + 10]! | 0, x7 = B[off + 11]! | 0;
  let x12 = B[off + 12]! | 0, x1 = B[off + 13]! | 0, x6 = B[off + 14]! | 0, x11 = B[off + 15]! | 0;
  let u: number;
  for (let i = 0; i < rounds; i += 2) {
    u = (x0 + x12) | 0; x4 ^= (u << 7) | (u >>> 25); u = (x4 + x0) | 0; x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x4) | 0; x12 ^= (u << 13) | (u >>> 19); u = (x12 + x8) | 0; x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x1) | 0; x9 ^= (u << 7) | (u >>> 25); u = (x9 + x5) | 0; x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x9) | 0; x1 ^= (u << 13) | (u >>> 19); u = (x1 + x13) | 0; x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x6) | 0; x14 ^= (u << 7) | (u >>> 25); u = (x14 + x10) | 0; x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x14) | 0; x6 ^= (u << 13) | (u >>> 19); u = (x6 + x2) | 0; x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x11) | 0; x3 ^= (u << 7) | (u >>> 25); u = (x3 + x15) | 0; x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x3) | 0; x11 ^= (u << 13) | (u >>> 19); u = (x11 + x7) | 0; x15 ^= (u << 18) | (u >>> 14);
    u = (x0 + x3) | 0; x1 ^= (u << 7) | (u >>> 25); u = (x1 + x0) | 0; x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x1) | 0; x3 ^= (u << 13) | (u >>> 19); u = (x3 + x2) | 0; x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x4) | 0; x6 ^= (u << 7) | (u >>> 25); u = (x6 + x5) | 0; x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x6) | 0; x4 ^= (u << 13) | (u >>> 19); u = (x4 + x7) | 0; x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x9) | 0; x11 ^= (u << 7) | (u >>> 25); u = (x11 + x10) | 0; x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x11) | 0; x9 ^= (u << 13) | (u >>> 19); u = (x9 + x8) | 0; x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x14) | 0; x12 ^= (u << 7) | (u >>> 25); u = (x12 + x15) | 0; x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x12) | 0; x14 ^= (u << 13) | (u >>> 19); u = (x14 + x13) | 0; x15 ^= (u << 18) | (u >>> 14);
  }
  B[off] = B[off]! + x0; B[off + 1] = B[off + 1]! + x5; B[off + 2] = B[off + 2]! + x10; B[off + 3] = B[off + 3]! + x15;
  B[off + 4] = B[off + 4]! + x4; B[off + 5] = B[off + 5]! + x9; B[off + 6] = B[off + 6]! + x14; B[off + 7] = B[off + 7]! + x3;
  B[off + 8] = B[off + 8]! + x8; B[off + 9] = B[off + 9]! + x13; B[off + 10] = B[off + 10]! + x2; B[off + 11] = B[off + 11]! + x7;
  B[off + 12] = B[off + 12]! + x12; B[off + 13] = B[off + 13]! + x1; B[off + 14] = B[off + 14]! + x6; B[off + 15] = B[off + 15]! + x11;
}

function xorInto(dst: Uint32Array, dOff: number, src: Uint32Array, sOff: number, count: number): void {
  for (let i = 0; i < count; i++) dst[dOff + i]! ^= src[sOff + i]!;
}

/** scrypt's BlockMix with Salsa20/8 on X (2r blocks of 16 words). */
function blockmixSalsa8(X: Uint32Array, Y: Uint32Array, r: number): void {
  const t = X.slice((2 * r - 1) * 16, 2 * r * 16);
  for (let i = 0; i < 2 * r; i++) {
    xorInto(t, 0, X, i * 16, 16);
    salsa20(t, 0, 8);
    Y.set(t, i * 16);
  }
  for (let i = 0; i < r; i++) X.set(Y.subarray(i * 2 * 16, i * 2 * 16 + 16), i * 16);
  for (let i = 0; i < r; i++) X.set(Y.subarray((i * 2 + 1) * 16, (i * 2 + 1) * 16 + 16), (i + r) * 16);
}

function pwxform(B: Uint32Array, ctx: Pwxform): void {
  const { S } = ctx;
  const { s0, s1, s2 } = ctx;
  let w = ctx.w;
  for (let round = 0; round < 6; round++) {
    const keep = round !== 0 && round !== 5;
    for (let j = 0; j < 4; j++) {
      const base = j * 4;
      const p0 = s0 + ((B[base]! & S_MASK) >>> 2);
      const p1 = s1 + ((B[base + 1]! & S_MASK) >>> 2);
      for (let k = 0; k < 2; k++) {
        const at = base + k * 2;
        // (hi, lo) = hi(B) · lo(B) + S0 (64-bit), then XOR S1. Math.imul gives the exact low
        // word; the double product is within 2^11 of the exact one, so rounding recovers the high word.
        const a = B[at + 1]!;
        const b = B[at]!;
        const product = Math.imul(a, b) >>> 0;
        let hi = Math.round((a * b - product) / 0x100000000);
        let lo = product + S[p0 + k * 2]!;
        if (lo >= 0x100000000) {
          lo -= 0x100000000;
          hi += 1;
        }
        hi += S[p0 + k * 2 + 1]!;
        const xl = (lo ^ S[p1 + k * 2]!) >>> 0;
        const xh = ((hi >>> 0) ^ S[p1 + k * 2 + 1]!) >>> 0;
        B[at] = xl;
        B[at + 1] = xh;
        if (keep) {
          S[s2 + w * 2] = xl;
          S[s2 + w * 2 + 1] = xh;
          w++;
        }
      }
    }
  }
  ctx.s0 = s2;
  ctx.s1 = s0;
  ctx.s2 = s1;
  ctx.w = w & (256 * 2 - 1);
}

/** yescrypt's BlockMix with pwxform, then Salsa20/2 on the last block. */
function blockmixPwxform(X: Uint32Array, Y: Uint32Array, ctx: Pwxform, r: number): void {
  const r1 = (128 * r) / 64;
  for (let k = 0; k < PWX_WORDS; k++) Y[k] = X[(r1 - 1) * PWX_WORDS + k]!;
  for (let i = 0; i < r1; i++) {
    const at = i * PWX_WORDS;
    if (r1 > 1) for (let k = 0; k < PWX_WORDS; k++) Y[k]! ^= X[at + k]!;
    pwxform(Y, ctx);
    for (let k = 0; k < PWX_WORDS; k++) X[at + k] = Y[k]!;
  }
  let i = ((r1 - 1) * 64) / 64;
  salsa20(X, i * 16, 2);
  for (i++; i < 2 * r; i++) {
    xorInto(X, i * 16, X, (i - 1) * 16, 16);
    salsa20(X, i * 16, 2);
  }
}

/** The low 32 bits of the last block's first 64-bit word (all any index here needs). */
const integerify = (X: Uint32Array, r: number) => X[(2 * r - 1) * 16]!;
const p2floor = (x: number) => 2 ** Math.floor(Math.log2(x));
const wrap = (x: number, i: number) => {
  const n = p2floor(i);
  return (x & (n - 1)) + (i - n);
};

/** H(X): the block mix of the variant; counts mixes so the loops can yield now and then. */
class Mixer {
  mixes = 0;
  readonly r: number;
  constructor(r: number) {
    this.r = r;
  }
  mix(X: Uint32Array, Y: Uint32Array, ctx: Pwxform | null): boolean {
    if (ctx) blockmixPwxform(X, Y, ctx, this.r);
    else blockmixSalsa8(X, Y, this.r);
    return ++this.mixes % MIXES_PER_SLICE === 0;
  }
}

const unshuffle = (B: Uint32Array, off: number, X: Uint32Array, r: number) => {
  for (let k = 0; k < 2 * r; k++) for (let i = 0; i < 16; i++) X[k * 16 + i] = B[off + k * 16 + ((i * 5) % 16)]!;
};
const shuffle = (X: Uint32Array, B: Uint32Array, off: number, r: number) => {
  for (let k = 0; k < 2 * r; k++) for (let i = 0; i < 16; i++) B[off + k * 16 + ((i * 5) % 16)] = X[k * 16 + i]!;
};

async function smix1(B: Uint32Array, bOff: number, r: number, N: number, flags: number, V: Uint32Array, vOff: number, ctx: Pwxform | null): Promise<void> {
  const s = 32 * r;
  const X = new Uint32Array(s);
  const Y = new Uint32Array(s);
  const mixer = new Mixer(r);
  unshuffle(B, bOff, X, r);
  for (let i = 0; i < N; i++) {
    V.set(X, vOff + i * s);
    if (flags & RW && i > 1) xorInto(X, 0, V, vOff + wrap(integerify(X, r), i) * s, s);
    if (mixer.mix(X, Y, ctx)) await yieldToEventLoop();
  }
  shuffle(X, B, bOff, r);
}

async function smix2(B: Uint32Array, bOff: number, r: number, N: number, loops: number, flags: number, V: Uint32Array, vOff: number, ctx: Pwxform | null): Promise<void> {
  const s = 32 * r;
  const X = new Uint32Array(s);
  const Y = new Uint32Array(s);
  const mixer = new Mixer(r);
  unshuffle(B, bOff, X, r);
  for (let i = 0; i < loops; i++) {
    const j = integerify(X, r) & (N - 1);
    xorInto(X, 0, V, vOff + j * s, s);
    if (flags & RW) V.set(X, vOff + j * s);
    if (mixer.mix(X, Y, ctx)) await yieldToEventLoop();
  }
  shuffle(X, B, bOff, r);
}

const wordsOf = (bytes: Buffer) => {
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readUInt32LE(i * 4);
  return words;
};
const bytesOf = (words: Uint32Array) => {
  const bytes = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) bytes.writeUInt32LE(words[i]!, i * 4);
  return bytes;
};

async function smix(B: Uint32Array, { r, N, p, t, flags }: Params, V: Uint32Array, ctxs: Pwxform[], passwd: { value: Buffer }): Promise<void> {
  const s = 32 * r;
  let chunk = Math.floor(N / p);
  let loopsAll = chunk;
  if (flags & RW) {
    if (t <= 1) {
      if (t) loopsAll *= 2;
      loopsAll = Math.floor((loopsAll + 2) / 3);
    } else loopsAll *= t - 1;
  } else if (t) {
    if (t === 1) loopsAll += Math.floor((loopsAll + 1) / 2);
    loopsAll *= t;
  }
  let loopsRw = flags & RW ? Math.floor(loopsAll / p) : 0;
  chunk -= chunk % 2;
  loopsAll += loopsAll % 2;
  loopsRw += loopsRw % 2;

  for (let i = 0, vChunk = 0; i < p; i++, vChunk += chunk) {
    const np = i < p - 1 ? chunk : N - vChunk;
    let ctx: Pwxform | null = null;
    if (flags & RW) {
      ctx = ctxs[i]!;
      // The S-boxes: SMix1 with Salsa20/8 over the S-box memory.
      await smix1(B, i * s, 1, S_WORDS / 32, 0, ctx.S, 0, null);
      ctx.s2 = 0;
      ctx.s1 = S_BOX_WORDS;
      ctx.s0 = 2 * S_BOX_WORDS;
      ctx.w = 0;
      if (i === 0) passwd.value = createHmac('sha256', bytesOf(B.subarray(i * s + s - 16, i * s + s))).update(passwd.value).digest();
    }
    await smix1(B, i * s, r, np, flags, V, vChunk * s, ctx);
    await smix2(B, i * s, r, p2floor(np), loopsRw, flags, V, vChunk * s, ctx);
  }
  for (let i = 0; i < p; i++) await smix2(B, i * s, r, N, loopsAll - loopsRw, flags & ~RW, V, 0, flags & RW ? ctxs[i]! : null);
}

function validParams({ flags, N, r, p, t }: Params): boolean {
  switch (flags & MODE_MASK) {
    case 0:
      if (flags || t) return false;
      break;
    case WORM:
      if (flags !== WORM) return false;
      break;
    case RW:
      if ((flags & RW_FLAVOR_MASK) !== RW_DEFAULT_FLAVOR) return false;
      break;
    default:
      return false;
  }
  if (r * p >= 2 ** 30 || N <= 1 || r < 1 || p < 1 || !Number.isSafeInteger(N)) return false;
  if (flags & RW && (Math.floor(N / p) <= 1 || r < 1)) return false;
  return 128 * r * N + 128 * r * p <= MAX_MEMORY;
}

async function kdfBody(password: Buffer, salt: Buffer, params: Params, length: number): Promise<Buffer | null> {
  if (!validParams(params)) return null;
  const { flags, N, r, p } = params;
  const passwd = { value: password };
  if (flags) passwd.value = createHmac('sha256', flags & PREHASH ? 'yescrypt-prehash' : 'yescrypt').update(password).digest();
  const bBytes = pbkdf2Sync(passwd.value, salt, 1, 128 * r * p, 'sha256');
  if (flags) passwd.value = Buffer.from(bBytes.subarray(0, 32));
  const B = wordsOf(bBytes);
  const V = new Uint32Array(32 * r * N);
  if (flags & RW) {
    const ctxs = Array.from({ length: p }, (): Pwxform => ({ S: new Uint32Array(S_WORDS), s0: 0, s1: 0, s2: 0, w: 0 }));
    await smix(B, params, V, ctxs, passwd);
  } else {
    for (let i = 0; i < p; i++) {
      const one = B.subarray(32 * r * i, 32 * r * (i + 1));
      await smix(one, { ...params, p: 1 }, V, [], passwd);
    }
  }
  const mixed = bytesOf(B);
  let out = pbkdf2Sync(passwd.value, mixed, 1, length, 'sha256');
  if (flags && !(flags & PREHASH)) {
    const dk = length < 32 ? pbkdf2Sync(passwd.value, mixed, 1, 32, 'sha256') : out;
    const clientKey = createHmac('sha256', dk.subarray(0, 32)).update('Client Key').digest();
    const storedKey = createHash('sha256').update(clientKey).digest();
    out = Buffer.from(out);
    storedKey.copy(out, 0, 0, Math.min(length, 32));
  }
  return out;
}

/** What crypt(3) writes for `key` and the setting `hash` ("$y$j9T$salt$…"), or null when it refuses the setting. */
export async function yescrypt(key: Buffer, hash: string): Promise<string | null> {
  const parsed = parseSetting(hash);
  if (!parsed) return null;
  const { params, salt } = parsed;
  let password = key;
  if (params.flags & RW && params.p >= 1 && params.N / params.p >= 0x100 && (params.N / params.p) * params.r >= 0x20000) {
    const pre = await kdfBody(password, salt, { ...params, flags: params.flags | PREHASH, N: params.N / 64, t: 0 }, 32);
    if (!pre) return null;
    password = pre;
  }
  const digest = await kdfBody(password, salt, params, 32);
  return digest ? `${parsed.prefix}$${encodeBytesLittleEndian(digest)}` : null;
}
