// The upstream response's framing, checked before anything of it is relayed, as nginx
// (1.23 and later) checks it: one Content-Length of digits, or one Transfer-Encoding that
// is exactly "chunked", never both. Anything else ("chunked, chunked", "identity,
// chunked", chunked not last, two Content-Length lines even if equal, a length with a
// sign or letters) leaves two readings of where the body ends: on a keep-alive upstream
// connection that is a response desync. Such an answer is an invalid header (502, and
// proxy_next_upstream invalid_header), and its connection is closed, never reused.

/** A mis-framed upstream response; its message is nginx's error-log wording. */
export class InvalidUpstreamFraming extends Error {
  readonly code = 'PORTICO_INVALID_UPSTREAM_FRAMING';
}

const DIGITS = /^[0-9]+$/;

/** Returns why the response's framing is invalid, or null when it is sound. */
export function upstreamFramingProblem(rawHeaders: readonly (string | Buffer)[]): string | null {
  let length: string | null = null;
  let encoding: string | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    // Only two names matter, both ASCII: compare the length first (most headers are
    // neither), before undici's Buffer becomes a string (a string's length is the same).
    const raw = rawHeaders[i]!;
    if (raw.length !== 14 && raw.length !== 17) continue;
    const lower = String(raw).toLowerCase();
    const value = String(rawHeaders[i + 1]).trim();
    if (lower === 'content-length') {
      if (length !== null) return `upstream sent duplicate header line: "Content-Length: ${value}", previous value: "Content-Length: ${length}"`;
      if (encoding !== null) return 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time';
      if (!DIGITS.test(value) || !Number.isSafeInteger(Number(value))) return `upstream sent invalid "Content-Length" header: "Content-Length: ${value}"`;
      length = value;
    } else if (lower === 'transfer-encoding') {
      if (encoding !== null) return `upstream sent duplicate header line: "Transfer-Encoding: ${value}", previous value: "Transfer-Encoding: ${encoding}"`;
      if (length !== null) return 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time';
      if (value.toLowerCase() !== 'chunked') return `upstream sent unknown "Transfer-Encoding": "${value}"`;
      encoding = value;
    }
  }
  return null;
}
