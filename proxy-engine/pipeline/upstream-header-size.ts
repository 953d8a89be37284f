// proxy_buffer_size: nginx reads the upstream's status line and headers into one buffer
// of that size; an answer whose head does not fit is "upstream sent too big header"
// (502, and an invalid header for proxy_next_upstream). The size is counted as the
// bytes of the head in the usual form ("Name: value\r\n" per line, the blank line
// included), which is what an upstream sends unless it pads its lines.

const STATUS_LINE = 'HTTP/1.1 200 \r\n'.length;
const BLANK_LINE = 2;
const LINE_OVERHEAD = ': \r\n'.length;

/** The head's size in bytes. */
function upstreamHeadSize(reason: string, rawHeaders: readonly (string | Buffer)[]): number {
  let size = STATUS_LINE + Buffer.byteLength(reason) + BLANK_LINE;
  for (let i = 0; i < rawHeaders.length; i += 2) size += byteLength(rawHeaders[i]!) + byteLength(rawHeaders[i + 1]!) + LINE_OVERHEAD;
  return size;
}

function byteLength(part: string | Buffer): number {
  return typeof part === 'string' ? Buffer.byteLength(part, 'latin1') : part.length;
}

/** nginx's error-log line when the head does not fit, or null. */
export function headTooBig(reason: string, rawHeaders: readonly (string | Buffer)[], limit: number | undefined): string | null {
  if (limit === undefined) return null;
  return upstreamHeadSize(reason, rawHeaders) > limit ? 'upstream sent too big header while reading response header from upstream' : null;
}
