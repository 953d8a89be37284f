// Resolves `include` against the files pasted next to the main configuration. People
// paste "conf.d/app.conf" while the config says "/etc/nginx/conf.d/*.conf", so a key
// matches when it equals the pattern, glob-matches it, or matches its trailing path
// segments. Matches come back sorted, as glob(3) returns them to nginx.

function normalise(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.');
}

function hasGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/** One path segment of a glob (fnmatch without FNM_PATHNAME crossing) as a RegExp. */
function segmentRegex(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }
}

function segmentsMatch(pattern: string[], path: string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => (hasGlob(p) ? segmentRegex(p).test(path[i]!) : p === path[i]));
}

function keyMatches(pattern: string[], key: string[]): boolean {
  if (key.length === 0) return false;
  if (segmentsMatch(pattern, key)) return true;
  // "/etc/nginx/conf.d/*.conf" vs "conf.d/app.conf": compare the trailing segments.
  if (key.length < pattern.length) return segmentsMatch(pattern.slice(pattern.length - key.length), key);
  // "mime.types" vs "/etc/nginx/mime.types".
  return segmentsMatch(pattern, key.slice(key.length - pattern.length));
}

/** Keys of `files` that an `include <pattern>;` refers to, sorted. */
export function matchIncludes(pattern: string, files: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(files);
  if (keys.includes(pattern)) return [pattern];
  const wanted = normalise(pattern);
  if (wanted.length === 0) return [];
  return keys.filter((key) => keyMatches(wanted, normalise(key))).sort();
}

export function isGlobPattern(pattern: string): boolean {
  return hasGlob(pattern);
}
