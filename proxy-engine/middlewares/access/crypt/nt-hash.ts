// The NT hash in crypt(3)'s "$3$" form (libxcrypt): "$3$$" and the hex MD4 of the password
// with each byte widened to 16 bits (UTF-16LE for ASCII). OpenSSL 3 keeps MD4 in its legacy
// provider, which Node does not load, so MD4 is written here from RFC 1320.

const rotl = (x: number, s: number) => (x << s) | (x >>> (32 - s));

function md4(message: Uint8Array): Buffer {
  const padded = Buffer.alloc(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const bits = message.length * 8;
  padded.writeUInt32LE(bits >>> 0, padded.length - 8);
  padded.writeUInt32LE(Math.floor(bits / 0x100000000), padded.length - 4);
  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Array<number>(16);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) x[i] = padded.readInt32LE(block + i * 4);
    const [aa, bb, cc, dd] = [a, b, c, d];
    const step = (f: (p: number, q: number, r: number) => number, k: number, s: number, add: number) => {
      const t = rotl((a + f(b, c, d) + x[k]! + add) | 0, s);
      [a, b, c, d] = [d, t, b, c];
    };
    const F = (p: number, q: number, r: number) => (p & q) | (~p & r);
    const G = (p: number, q: number, r: number) => (p & q) | (p & r) | (q & r);
    const H = (p: number, q: number, r: number) => p ^ q ^ r;
    for (let i = 0; i < 16; i++) step(F, i, [3, 7, 11, 19][i % 4]!, 0);
    for (const [i, k] of [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15].entries()) step(G, k, [3, 5, 9, 13][i % 4]!, 0x5a827999);
    for (const [i, k] of [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15].entries()) step(H, k, [3, 9, 11, 15][i % 4]!, 0x6ed9eba1);
    a = (a + aa) | 0;
    b = (b + bb) | 0;
    c = (c + cc) | 0;
    d = (d + dd) | 0;
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((v, i) => out.writeInt32LE(v, i * 4));
  return out;
}

/** What crypt(3) writes for `key` and any "$3$…" setting. */
export function ntHash(key: Buffer): string {
  const wide = Buffer.alloc(key.length * 2);
  for (let i = 0; i < key.length; i++) wide[i * 2] = key[i]!;
  return `$3$$${md4(wide).toString('hex')}`;
}
