// The request target the upstream receives, built from Portico's normalised path (never
// re-serialised by a URL library). proxy_pass rules, as nginx:
// - no URI part: the (normalised) request path is passed unchanged;
// - with a URI part (even "/"): the matched location prefix is replaced by it;
// - after a rewrite changed the path, the rewritten path is passed whole.
// The query string is appended as the client sent it.

export function upstreamTarget(path: string, query: string, uri: string | null, matchedPrefix: string, rewritten: boolean): string {
  let target = path;
  if (uri !== null && !rewritten && matchedPrefix !== '' && path.startsWith(matchedPrefix)) {
    target = uri + path.slice(matchedPrefix.length);
  }
  return query === '' ? target : `${target}?${query}`;
}
