// Which location serves a path with encoded slashes, and which form of the path it sees.
//
// Two readings of such a path exist: decoded ("%2F" is "/", nginx's and most upstreams')
// and kept ("%2F" is data, as an upstream whose router matches the raw path reads it).
// - By default nginx's rule: the decoded path chooses the location and is its $uri, so an
//   access rule holds for the path an upstream that decodes reads. When the kept reading
//   selects another location, that location's access rules (or its `return` of an error)
//   are checked first as well: either reading may deny ("/admin/..%2Fpublic" is "/public"
//   decoded, but a router that keeps %2F reads it under "/admin/").
// - A location may keep encoded slashes instead (`keepEncodedSlashes`, for applications
//   that carry "%2F" in names, like GitLab's project paths): it sees the path with "%2F"
//   intact, but only when both readings select that same location. When they select
//   different locations and either keeps encoded slashes, no single set of rules is
//   right for the reading its upstream makes: the request is refused (400).
import type { LocationMatch, LocationMatcher } from './location-matcher.ts';

/** A request's current path in both forms (the request context is one). */
export interface PathState<T> {
  /** Set here: the form the chosen location sees. */
  path: string;
  decodedPath: string;
  keptPath: string;
  /** Set here: the location the kept reading selects when it is another one (its access rules apply too), or null. */
  alsoCheckedBy: T | null;
}

/** Refused: the two readings of the path select different locations, and one keeps encoded slashes (400). */
export const AMBIGUOUS = 'ambiguous';

/** The location for the path (null: none), after setting `state.path` to the form it sees. */
export function chooseLocation<T>(matcher: LocationMatcher<T>, state: PathState<T>, keepsEncodedSlashes: (location: T) => boolean): LocationMatch<T> | null | typeof AMBIGUOUS {
  state.path = state.decodedPath;
  state.alsoCheckedBy = null;
  const decoded = matcher.match(state.decodedPath);
  if (state.keptPath === state.decodedPath) return decoded;
  const kept = matcher.match(state.keptPath);
  const keeping = (m: LocationMatch<T> | null) => m !== null && m.reason !== 'auto_redirect' && keepsEncodedSlashes(m.location);
  const same = decoded !== null && kept !== null && decoded.location === kept.location && decoded.reason === kept.reason;
  if (keeping(decoded) || keeping(kept)) {
    if (!same) return AMBIGUOUS;
    state.path = state.keptPath;
    return kept;
  }
  if (kept !== null && kept.reason !== 'auto_redirect' && kept.location !== decoded?.location) state.alsoCheckedBy = kept.location;
  return decoded;
}
