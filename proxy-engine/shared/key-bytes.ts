// Keys as the bytes a table slot stores: UTF-8, compared byte for byte so that two keys
// with the same hash stay two entries. A slot holds KEY_CAPACITY bytes; a longer key is
// stored as its SHA-256 digest (flagged by its length), which two different keys share
// only with a SHA-256 collision.
import { createHash } from 'node:crypto';

export const KEY_CAPACITY = 64;
/** Stored length of a digested key: above KEY_CAPACITY, so it never equals a short key's. */
export const DIGEST_LENGTH = KEY_CAPACITY + 1;

const encoder = new TextEncoder();
// One scratch buffer per thread: a key is encoded, looked up and done with before the next.
const scratch = new Uint8Array(KEY_CAPACITY * 3 + 8);

export interface EncodedKey {
  /** The bytes to store (a view of the scratch buffer: valid until the next encode). */
  bytes: Uint8Array;
  /** What the slot records as the key's length: bytes.length, or DIGEST_LENGTH. */
  storedLength: number;
  hash: number;
}

const encoded: EncodedKey = { bytes: scratch.subarray(0, 0), storedLength: 0, hash: 0 };

export function encodeKey(key: string): EncodedKey {
  if (key.length <= KEY_CAPACITY && encodeAscii(key)) return encoded;
  let length: number;
  if (key.length <= KEY_CAPACITY) {
    // UTF-8 needs at most 3 bytes per UTF-16 unit, so the scratch always fits it.
    length = encoder.encodeInto(key, scratch).written;
  } else {
    length = KEY_CAPACITY + 1;
  }
  if (length <= KEY_CAPACITY) {
    encoded.bytes = scratch.subarray(0, length);
    encoded.storedLength = length;
  } else {
    const digest = createHash('sha256').update(key).digest();
    scratch.set(digest, 0);
    encoded.bytes = scratch.subarray(0, digest.length);
    encoded.storedLength = DIGEST_LENGTH;
  }
  encoded.hash = fnv1a(encoded.bytes, encoded.storedLength);
  return encoded;
}

// Keys are mostly ASCII (addresses, paths): bytes and hash in one pass, no encoder call.
const views: Uint8Array[] = Array.from({ length: KEY_CAPACITY + 1 }, (_, n) => scratch.subarray(0, n));

function encodeAscii(key: string): boolean {
  const length = key.length;
  let hash = 0x811c9dc5 ^ length;
  for (let i = 0; i < length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0x7f) return false;
    scratch[i] = code;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  encoded.bytes = views[length]!;
  encoded.storedLength = length;
  encoded.hash = hash === 0 ? 1 : hash;
  return true;
}

/** FNV-1a over the bytes and their stored length; never 0 (0 marks an empty slot). */
function fnv1a(bytes: Uint8Array, storedLength: number): number {
  let hash = 0x811c9dc5 ^ storedLength;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash === 0 ? 1 : hash;
}
