// The traditional DES-based crypt(3): 13 characters, a two-character salt that swaps
// bits of DES's expansion, the first 8 bytes of the password (7 bits each) as the key,
// 25 encryptions of a zero block. Bit by bit: it runs once per login attempt, and the
// cache of basic-auth.ts remembers successes.
import { ITOA64 } from './crypt-base64.ts';
import { EXPANSION, INITIAL_PERMUTATION, KEY_SHIFTS, PERMUTATION, PERMUTED_CHOICE_1, PERMUTED_CHOICE_2, S_BOXES } from './des-tables.ts';

type Bits = number[];

const permute = (bits: Bits, table: readonly number[]): Bits => table.map((n) => bits[n - 1]!);
const FINAL_PERMUTATION = Array.from({ length: 64 }, (_, i) => INITIAL_PERMUTATION.indexOf(i + 1) + 1);

function keySchedule(key: Bits): Bits[] {
  const chosen = permute(key, PERMUTED_CHOICE_1);
  let c = chosen.slice(0, 28);
  let d = chosen.slice(28);
  return KEY_SHIFTS.map((shift) => {
    c = [...c.slice(shift), ...c.slice(0, shift)];
    d = [...d.slice(shift), ...d.slice(0, shift)];
    return permute([...c, ...d], PERMUTED_CHOICE_2);
  });
}

function feistel(right: Bits, subkey: Bits, saltSwaps: readonly number[]): Bits {
  const expanded = permute(right, EXPANSION);
  // The salt: each of its 12 bits exchanges expansion bits i and i + 24.
  for (const i of saltSwaps) [expanded[i], expanded[i + 24]] = [expanded[i + 24]!, expanded[i]!];
  const mixed = expanded.map((bit, i) => bit ^ subkey[i]!);
  const out: Bits = [];
  for (let box = 0; box < 8; box++) {
    const b = mixed.slice(box * 6, box * 6 + 6);
    const value = S_BOXES[box]![(b[0]! << 5) | (b[5]! << 4) | (b[1]! << 3) | (b[2]! << 2) | (b[3]! << 1) | b[4]!]!;
    // Row = outer bits, column = inner four: index row·16 + column.
    out.push((value >> 3) & 1, (value >> 2) & 1, (value >> 1) & 1, value & 1);
  }
  return permute(out, PERMUTATION);
}

/** One DES encryption of `block` (64 bits) with precomputed subkeys. */
export function desEncryptBlock(block: Bits, subkeys: readonly Bits[], saltSwaps: readonly number[] = []): Bits {
  const start = permute(block, INITIAL_PERMUTATION);
  let left = start.slice(0, 32);
  let right = start.slice(32);
  for (const subkey of subkeys) {
    const f = feistel(right, subkey, saltSwaps);
    [left, right] = [right, left.map((bit, i) => bit ^ f[i]!)];
  }
  return permute([...right, ...left], FINAL_PERMUTATION);
}

export const bytesToBits = (bytes: Uint8Array): Bits => [...bytes].flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
export const desSubkeys = (key: Uint8Array): Bits[] => keySchedule(bytesToBits(key));

/** What crypt(3) writes for `key` and a setting whose first two characters are the salt, or null when it refuses the salt. */
export function desCrypt(key: Buffer, hash: string): string | null {
  const saltValues = [...hash.slice(0, 2)].map((ch) => ITOA64.indexOf(ch));
  if (saltValues.length < 2 || saltValues.some((v) => v < 0)) return null;
  const salt = saltValues[0]! | (saltValues[1]! << 6);
  const saltSwaps = Array.from({ length: 12 }, (_, i) => i).filter((i) => (salt >> i) & 1);

  const keyBytes = Buffer.alloc(8);
  for (let i = 0; i < 8 && i < key.length; i++) keyBytes[i] = key[i]! << 1;
  const subkeys = desSubkeys(keyBytes);
  let block: Bits = new Array<number>(64).fill(0);
  for (let i = 0; i < 25; i++) block = desEncryptBlock(block, subkeys, saltSwaps);

  // 64 bits as 11 characters of 6 bits, the last one padded with two zero bits.
  const padded = [...block, 0, 0];
  let text = hash.slice(0, 2);
  for (let i = 0; i < 66; i += 6) text += ITOA64[padded.slice(i, i + 6).reduce((v, bit) => (v << 1) | bit, 0)];
  return text;
}
