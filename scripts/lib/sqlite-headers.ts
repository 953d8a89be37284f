// The fixed headers of a SQLite database file and of its write-ahead log, checked byte by
// byte before SQLite opens them. SQLite itself treats a WAL whose header is damaged as
// empty and discards it when the next writer opens the database: the transactions in it
// would be lost without a word. (https://www.sqlite.org/fileformat2.html)

const DATABASE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const WAL_MAGIC_LITTLE = 0x377f0682;
const WAL_MAGIC_BIG = 0x377f0683;
const WAL_FORMAT = 3007000;
export const DATABASE_HEADER_BYTES = 100;
export const WAL_HEADER_BYTES = 32;

export interface DatabaseHeader {
  pageSize: number;
  /** The page count the header records, when the header says it is current (else null). */
  pageCount: number | null;
}

function validPageSize(size: number): boolean {
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}

/** The header's facts, or why these bytes are not the start of a SQLite database. */
export function readDatabaseHeader(bytes: Buffer): DatabaseHeader | string {
  if (bytes.length < DATABASE_HEADER_BYTES) return `it is only ${bytes.length} bytes long (a SQLite header alone is ${DATABASE_HEADER_BYTES})`;
  if (!bytes.subarray(0, DATABASE_MAGIC.length).equals(DATABASE_MAGIC)) return 'its first bytes are not a SQLite header ("SQLite format 3")';
  const raw = bytes.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (!validPageSize(pageSize)) return `its header records an impossible page size (${raw})`;
  // The in-header page count is only valid when "version-valid-for" matches the change counter.
  const current = bytes.readUInt32BE(24) === bytes.readUInt32BE(92);
  return { pageSize, pageCount: current ? bytes.readUInt32BE(28) : null };
}

/** SQLite's WAL checksum over 32-bit words of `bytes` (big- or little-endian per the magic). */
function walChecksum(bytes: Buffer, bigEndian: boolean): [number, number] {
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < bytes.length; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** Why these bytes are not a sound WAL header for a database of `pageSize`, or null. */
export function walHeaderProblem(bytes: Buffer, pageSize: number | null): string | null {
  if (bytes.length < WAL_HEADER_BYTES) return `it is only ${bytes.length} bytes long (a WAL header alone is ${WAL_HEADER_BYTES})`;
  const magic = bytes.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LITTLE && magic !== WAL_MAGIC_BIG) return 'its first bytes are not a SQLite WAL header';
  if (bytes.readUInt32BE(4) !== WAL_FORMAT) return `its header records an unknown format (${bytes.readUInt32BE(4)})`;
  const walPageSize = bytes.readUInt32BE(8);
  if (!validPageSize(walPageSize)) return `its header records an impossible page size (${walPageSize})`;
  if (pageSize !== null && walPageSize !== pageSize) return `its page size (${walPageSize}) differs from the database's (${pageSize})`;
  const [s0, s1] = walChecksum(bytes.subarray(0, 24), magic === WAL_MAGIC_BIG);
  if (s0 !== bytes.readUInt32BE(24) || s1 !== bytes.readUInt32BE(28)) return 'its header checksum does not match (the header is damaged)';
  return null;
}
