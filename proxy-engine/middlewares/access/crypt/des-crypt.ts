// The DES-based crypt(3) schemes: the traditional one (13 characters, a two-character salt
// that swaps bits of DES's expansion, the first 8 bytes of the password (7 bits each) as the
// key, 25 encryptions of a zero block) and BSDi's extended one. Bit by bit: it runs once
// per login attempt, and the cache of basic-auth.ts remembers successes.
import { ITOA64, yieldToEventLoop } from './crypt-base64.ts';
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
function desEncryptBlock(block: Bits, subkeys: readonly Bits[], saltSwaps: readonly number[] = []): Bits {
  const start = permute(block, INITIAL_PERMUTATION);
  let left = start.slice(0, 32);
  let right = start.slice(32);
  for (const subkey of subkeys) {
    const f = feistel(right, subkey, saltSwaps);
    [left, right] = [right, left.map((bit, i) => bit ^ f[i]!)];
  }
  return permute([...right, ...left], FINAL_PERMUTATION);
}

const bytesToBits = (bytes: Uint8Array): Bits => [...bytes].flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
const desSubkeys = (key: Uint8Array): Bits[] => keySchedule(bytesToBits(key));

/** Characters of crypt's alphabet as one number, first character lowest; null for another character. */
function base64Number(text: string): number | null {
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const v = ITOA64.indexOf(text[i]!);
    if (v < 0) return null;
    value += v * 2 ** (6 * i);
  }
  return value;
}

const saltSwapsOf = (salt: number, bits: number) => Array.from({ length: bits }, (_, i) => i).filter((i) => Math.floor(salt / 2 ** i) % 2 === 1);
const bitsToBytes = (bits: Bits) => Uint8Array.from({ length: 8 }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((v, bit) => (v << 1) | bit, 0));

/** 64 bits as 11 characters of 6 bits, the last one padded with two zero bits. */
function encodeBlock(block: Bits): string {
  const padded = [...block, 0, 0];
  let text = '';
  for (let i = 0; i < 66; i += 6) text += ITOA64[padded.slice(i, i + 6).reduce((v, bit) => (v << 1) | bit, 0)];
  return text;
}

/** Eight password bytes, shifted left once (DES ignores the lowest bit of each key byte). */
function keyBytes(key: Uint8Array, from: number): Uint8Array {
  const bytes = new Uint8Array(8);
  for (let i = 0; i < 8 && from + i < key.length; i++) bytes[i] = (key[from + i]! << 1) & 0xff;
  return bytes;
}

/** What crypt(3) writes for `key` and a setting whose first two characters are the salt, or null when it refuses the salt. */
export function desCrypt(key: Buffer, hash: string): string | null {
  const salt = hash.length >= 2 ? base64Number(hash.slice(0, 2)) : null;
  if (salt === null) return null;
  const subkeys = desSubkeys(keyBytes(key, 0));
  let block: Bits = new Array<number>(64).fill(0);
  for (let i = 0; i < 25; i++) block = desEncryptBlock(block, subkeys, saltSwapsOf(salt, 12));
  return hash.slice(0, 2) + encodeBlock(block);
}

/**
 * BSDi's extended DES ("_", 4 characters of rounds, 4 of salt): every byte of the password
 * counts (each further 8 are folded into the key after encrypting it with itself), a 24-bit
 * salt, and the rounds the setting names.
 */
export async function bsdiCrypt(key: Buffer, hash: string): Promise<string | null> {
  const rounds = hash.length >= 9 ? base64Number(hash.slice(1, 5)) : null;
  const salt = hash.length >= 9 ? base64Number(hash.slice(5, 9)) : null;
  if (!hash.startsWith('_') || rounds === null || salt === null) return null;
  let keyBlock = keyBytes(key, 0);
  let subkeys = desSubkeys(keyBlock);
  for (let at = 8; at < key.length; at += 8) {
    const folded = bitsToBytes(desEncryptBlock(bytesToBits(keyBlock), subkeys));
    const next = keyBytes(key, at);
    for (let i = 0; i < 8 && at + i < key.length; i++) folded[i] = folded[i]! ^ next[i]!;
    keyBlock = folded;
    subkeys = desSubkeys(keyBlock);
  }
  const swaps = saltSwapsOf(salt, 24);
  let block: Bits = new Array<number>(64).fill(0);
  // libxcrypt runs a count of 0 as 1.
  for (let i = 0; i < Math.max(rounds, 1); i++) {
    if (i > 0 && i % 1000 === 0) await yieldToEventLoop();
    block = desEncryptBlock(block, subkeys, swaps);
  }
  return hash.slice(0, 9) + encodeBlock(block);
}
