// nginx builds a returned text as bytes: the configured text's UTF-8 bytes, a capture's
// decoded bytes, a header's bytes, side by side. Portico's request values (captures,
// headers, the request line) are byte strings (one char per byte, as Node reads them), so
// a `return` text is evaluated in that form too and sent as those bytes: "café" typed in
// the configuration and "caf%C3%A9" captured from the path both reach the client as
// UTF-8, and a byte that is no UTF-8 (%FF) is sent as it came, as nginx does.

/** Configured text (Unicode) as the byte string of its UTF-8 encoding. */
export function utf8ByteString(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII needs no conversion
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** A byte string as the bytes it stands for. */
export function byteStringBuffer(bytes: string): Buffer {
  return Buffer.from(bytes, 'latin1');
}
