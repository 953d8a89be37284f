// large_client_header_buffers over HTTP/2, as nginx measures it (ngx_http_v2_state_field_len
// and _process_header): each literal name or value as it came on the wire, HPACK-encoded
// (Huffman when the client chose it), must fit in one buffer; and the decoded names and
// values of all fields together (pseudo-headers included, no separators counted) must fit
// in all the buffers. Past either, nginx ends the whole connection with GOAWAY
// ENHANCE_YOUR_CALM. There is no request line to measure, so no 414 either.
// Node's HTTP/2 layer hands over decoded fields only: the wire length is taken as the
// shorter of the raw and the Huffman-coded length, which is what HPACK encoders send.
// (A field sent as an index into the dynamic table has no literal at all; nginx does not
// measure it, and neither does this on a repeated request: that case is counted as a
// literal, the stricter reading.)

/** Huffman code lengths in bits of RFC 7541 Appendix B, for the printable ASCII range (0x20–0x7e). */
const PRINTABLE_BITS: readonly number[] = (() => {
  const bits: Record<string, number> = {};
  const set = (chars: string, n: number) => {
    for (const c of chars) bits[c] = n;
  };
  set('012acehiost', 5);
  set(' %-./3456789=A_bdfghlmnpru', 6);
  set(':BCDEFGHIJKLMNOPQRSTUVWYjkqvwxyz', 7);
  set('&*,;XZ', 8);
  set('!"()?', 10);
  set("'+|", 11);
  set('#>', 12);
  set('$@[]~', 13);
  set('^}', 14);
  set('<`{', 15);
  set('\\', 19);
  return Array.from({ length: 0x7f - 0x20 }, (_, i) => bits[String.fromCharCode(0x20 + i)]!);
})();

/** Control characters and bytes past ASCII have codes of 13 to 30 bits; 24 stands for them all. */
const OTHER_BITS = 24;

/** The length a field's string takes on the wire: Huffman-coded when that is shorter. */
export function hpackLiteralLength(value: string): number {
  let bits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    bits += code >= 0x20 && code < 0x7f ? PRINTABLE_BITS[code - 0x20]! : OTHER_BITS;
  }
  return Math.min(value.length, Math.ceil(bits / 8));
}

const tooLong = (literal: string, limit: number): boolean => literal.length > limit && hpackLiteralLength(literal) > limit;

/**
 * Why nginx would end the connection over these fields (flat [name, value, …], as Node
 * gives them, cookie crumbs separate), or null when they fit.
 */
export function h2HeaderProblem(rawHeaders: readonly string[], buffers: { count: number; sizeBytes: number }): string | null {
  let total = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    // Pseudo-headers and common names come from HPACK's static table: only the value is a literal then.
    // A string no longer than a buffer fits whatever its coding (the wire length is at most the raw
    // one): only longer ones are measured, so an ordinary request costs no per-character pass.
    if (tooLong(value, buffers.sizeBytes) || (!name.startsWith(':') && tooLong(name, buffers.sizeBytes))) return 'client sent too large header field';
    total += name.length + value.length;
    if (total > buffers.count * buffers.sizeBytes) return 'client sent too large header';
  }
  return null;
}
