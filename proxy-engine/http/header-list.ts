// Small helpers for flat header lists ([name, value, name, value, …]), the form every
// response head takes on its way through the pipeline. Names compare case-insensitively.

type Raw = readonly (string | Buffer)[];

/**
 * undici's raw headers (Buffers) as latin1 strings, made once per answer: the passes over
 * them (framing, head size, X-Accel-*, the client's headers, $upstream_http_*) then read
 * strings instead of decoding every Buffer again in each pass.
 */
export function latin1Headers(list: Raw): string[] {
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i]!.toString('latin1');
  return out;
}

/** The first value of `lower`, or undefined. */
export function headerValue(list: Raw, lower: string): string | undefined {
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toString('latin1');
    if (name.length === lower.length && name.toLowerCase() === lower) return list[i + 1]!.toString('latin1');
  }
  return undefined;
}

/** Every value of `lower` (headers that may repeat: Cache-Control, Vary, Set-Cookie). */
export function headerValues(list: Raw, lower: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toString('latin1');
    if (name.length === lower.length && name.toLowerCase() === lower) out.push(list[i + 1]!.toString('latin1'));
  }
  return out;
}

export function hasHeader(list: Raw, lower: string): boolean {
  return headerValue(list, lower) !== undefined;
}

/** Removes every header whose lower-case name is in `names`, in place. */
export function removeHeaders(list: string[], names: ReadonlySet<string>): void {
  let w = 0;
  for (let r = 0; r < list.length; r += 2) {
    if (names.has(list[r]!.toLowerCase())) continue;
    list[w++] = list[r]!;
    list[w++] = list[r + 1]!;
  }
  list.length = w;
}

/** Replaces the value of `lower` in place (first occurrence; others removed), or appends it. */
export function setHeader(list: string[], name: string, value: string): void {
  const lower = name.toLowerCase();
  removeHeaders(list, new Set([lower]));
  list.push(name, value);
}

/** Comma-separated tokens of every `lower` header, lower-cased ("Vary: Accept-Encoding, Origin"). */
export function headerTokens(list: Raw, lower: string): string[] {
  const out: string[] = [];
  for (const value of headerValues(list, lower)) {
    for (const token of value.split(',')) {
      const t = token.trim().toLowerCase();
      if (t) out.push(t);
    }
  }
  return out;
}
