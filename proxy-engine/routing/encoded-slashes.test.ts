import { describe, expect, it } from 'vitest';
import type { MatchKind } from '../../core/config/location.ts';
import { AMBIGUOUS, chooseLocation } from './encoded-slashes.ts';
import { LocationMatcher } from './location-matcher.ts';
import { normalizeTarget } from '../../core/config/normalize-uri.ts';

describe('chooseLocation (encoded slashes)', () => {
  // Locations named "keep-…" keep encoded slashes. `also`: the location the kept reading selects, checked too.
  const loc = (name: string, matchKind: MatchKind, path: string) => ({ location: name, matchKind, path, autoRedirect: true });
  const matcher = new LocationMatcher([
    loc('root', 'PREFIX', '/'),
    loc('admin', 'PREFIX', '/admin/'),
    loc('private-rx', 'REGEX', '^/private/'),
    loc('keep-git', 'PREFIX', '/git/'),
    loc('keep-git-admin', 'PREFIX', '/git/admin/'),
    loc('docs', 'PREFIX', '/docs/'),
    loc('keep-files', 'PREFIX', '/files/'),
  ]);
  const keeps = (name: string) => name.startsWith('keep-');
  const cases: { desc: string; target: string; location: string | null | typeof AMBIGUOUS; path?: string; also?: string }[] = [
    { desc: 'no encoded slash: the decoded path', target: '/admin/x', location: 'admin', path: '/admin/x' },
    { desc: 'an encoded slash is a separator', target: '/admin%2Fx', location: 'admin', path: '/admin/x', also: 'root' },
    { desc: 'a regex location sees the decoded path', target: '/private%2Fkey', location: 'private-rx', path: '/private/key', also: 'root' },
    { desc: 'dot-dot through an encoded slash', target: '/docs/..%2Fadmin/x', location: 'admin', path: '/admin/x', also: 'docs' },
    { desc: 'a keeping location sees %2F when both readings select it', target: '/git/group%2Fproject', location: 'keep-git', path: '/git/group%2Fproject' },
    { desc: 'a keeping location, no encoded slash', target: '/git/a/b', location: 'keep-git', path: '/git/a/b' },
    { desc: 'decoded into a deeper keeping location, kept in the shallower one: refused', target: '/git/admin%2Fx', location: AMBIGUOUS },
    { desc: 'decoded into a default location, kept in a keeping one: refused', target: '/git/..%2Fadmin/x', location: AMBIGUOUS },
    { desc: 'decoded into a keeping location, kept in a default one: refused', target: '/files%2Fx', location: AMBIGUOUS },
    { desc: 'decoded into a default location, kept in another default one: the decoded reading, the other checked too', target: '/docs%2Fx', location: 'docs', path: '/docs/x', also: 'root' },
    { desc: 'a dot-dot hidden in a segment: the kept reading stays in the other location', target: '/admin/..%2Fdocs/x', location: 'docs', path: '/docs/x', also: 'admin' },
    { desc: 'auto redirect only in the decoded reading: refused when the kept one keeps', target: '/git/x%2F..%2F..%2Fdocs', location: AMBIGUOUS },
  ];
  it.each(cases)('$desc: $target', ({ target, location, path, also }) => {
    const normalized = normalizeTarget(target);
    if (!normalized.ok) throw new Error(normalized.reason);
    const state = { path: '', decodedPath: normalized.path, keptPath: normalized.keptPath, alsoCheckedBy: null as string | null };
    const match = chooseLocation(matcher, state, keeps);
    expect(match === AMBIGUOUS || match === null ? match : match.location).toBe(location);
    if (path !== undefined) expect(state.path).toBe(path);
    if (location !== AMBIGUOUS) expect(state.alsoCheckedBy).toBe(also ?? null);
  });
});
