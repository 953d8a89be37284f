// The Range header read as nginx's range filter reads it (ngx_http_range_parse): spaces
// around numbers allowed, a malformed or empty set of ranges is 416, a set nginx will
// not serve (more ranges than allowed, overlapping ranges larger than the body, a first
// range starting at 0 that selects nothing) is "declined": the whole answer, as 200.
// Only single ranges are served here (nginx's single_range, as with proxy_force_ranges);
// a set of several is declined, which HTTP allows.

/** Inclusive byte positions of the one range to send. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeDecision = ByteRange | 'unsatisfiable' | 'declined';

const MAX = Number.MAX_SAFE_INTEGER;

/** `value` is the Range header without "bytes=" (already checked by the caller); `size` the body's length. */
export function parseRangeSet(value: string, size: number): RangeDecision {
  const ranges: ByteRange[] = [];
  let total = 0;
  let i = 0;
  const at = () => value[i] ?? '';
  const digit = () => at() >= '0' && at() <= '9';
  const spaces = () => {
    while (at() === ' ') i++;
  };
  const number = (): number | null => {
    let n = 0;
    while (digit()) {
      n = n * 10 + (value.charCodeAt(i++) - 48);
      if (n > MAX) return null;
    }
    return n;
  };
  for (;;) {
    let start = 0;
    let end = 0;
    let suffix = false;
    let open = false;
    spaces();
    if (at() !== '-') {
      if (!digit()) return 'unsatisfiable';
      const n = number();
      if (n === null) return 'unsatisfiable';
      start = n;
      spaces();
      if (value[i++] !== '-') return 'unsatisfiable';
      spaces();
      if (at() === ',' || at() === '') {
        end = size;
        open = true;
      }
    } else {
      suffix = true;
      i++;
    }
    if (!open) {
      if (!digit()) return 'unsatisfiable';
      const n = number();
      if (n === null) return 'unsatisfiable';
      end = n;
      spaces();
      if (at() !== ',' && at() !== '') return 'unsatisfiable';
      if (suffix) {
        start = end < size ? size - end : 0;
        end = size - 1;
      }
      // From here `end` is exclusive, as in nginx.
      end = end >= size ? size : end + 1;
    }
    if (start < end) {
      ranges.push({ start, end: end - 1 });
      total += end - start;
      if (ranges.length > 1) return 'declined';
    } else if (start === 0) {
      return 'declined';
    }
    if (value[i++] !== ',') break;
  }
  if (ranges.length === 0) return 'unsatisfiable';
  if (total > size) return 'declined';
  return ranges[0]!;
}

/**
 * Whether If-Range lets the range through: a quoted value must equal the answer's ETag
 * byte for byte (W/ included), any other value must be the answer's Last-Modified time.
 */
export function ifRangeAllows(ifRange: string | undefined, etag: string | undefined, lastModified: string | undefined): boolean {
  if (ifRange === undefined) return true;
  if (ifRange.length >= 2 && ifRange.endsWith('"')) return etag !== undefined && etag === ifRange;
  if (lastModified === undefined) return false;
  const modified = Date.parse(lastModified);
  return !Number.isNaN(modified) && Date.parse(ifRange) === modified;
}
