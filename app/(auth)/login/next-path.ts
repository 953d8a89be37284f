// Where the browser goes after signing in: a path on the dashboard itself, nothing else.
// Browsers resolve a link with the WHATWG URL rules, which read "\" as "/" and drop tabs
// and newlines anywhere in it: "/\evil.example" and "/<TAB>/evil.example" are both
// "//evil.example", another origin. So `next` is judged by that same parse (resolved against
// the dashboard's origin, which must not change), and any spelling a browser could read
// differently from a plain path (backslashes, control characters, "//", also once
// percent-decoded) is refused outright rather than repaired.

const FALLBACK = '/';

/** A path the URL parser cannot read as anything but a path on this origin. */
function plainPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(value);
}

/** The value and its percent-decodings (a router or server may decode it again). */
function decodings(value: string): string[] | null {
  const layers = [value];
  for (let i = 0; i < 3; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(layers.at(-1)!);
    } catch {
      return null;
    }
    if (decoded === layers.at(-1)) break;
    layers.push(decoded);
  }
  return layers;
}

export function sameOriginPath(next: string | null | undefined, origin: string): string {
  if (!next) return FALLBACK;
  const layers = decodings(next);
  if (!layers || !layers.every(plainPath)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== new URL(origin).origin) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can leave "//" in front ("/.//evil.example" → "//evil.example"), which a
  // router would then read as protocol-relative.
  return plainPath(path) ? path : FALLBACK;
}
