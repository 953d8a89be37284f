// nginx's map matching order, table-driven: exact keys (ASCII case ignored), hostnames
// masks by specificity, regexes in order, the empty value and the trailing dot.
import { describe, expect, it } from 'vitest';
import { VariableMap, type MapEntry } from '../../core/config/variable-maps.ts';
import { compileMapLookup } from './map-lookup.ts';

const exact = (key: string): Partial<MapEntry> => ({ match: 'exact', key, value: key });
const regex = (key: string, caseless = false): Partial<MapEntry> => ({ match: caseless ? 'regexCaseless' : 'regex', key, value: key });

function keyFor(entries: Partial<MapEntry>[], hostnames: boolean, source: string): string | null {
  const map = VariableMap.parse({ variable: 'v', source: '$x', hostnames, entries });
  const hit = compileMapLookup(map)(source);
  return hit ? map.entries[hit.index]!.key : null;
}

describe('map lookup', () => {
  const plain = [exact('Foo'), exact(''), exact('*.a.test'), regex('^fo'), regex('^F', true), regex('o')];
  it.each([
    ['foo', 'Foo'],
    ['FOO', 'Foo'],
    ['', ''],
    ['fox', '^fo'],
    ['Fox', '^F'],
    ['xo', 'o'],
    ['*.A.test', '*.a.test'],
    ['b.a.test', null],
    ['zzz', null],
  ])('without hostnames: %j → %j', (source, key) => expect(keyFor(plain, false, source)).toBe(key));

  const hosts = [exact('a.test'), exact('.b.test'), exact('*.a.test'), exact('*.x.a.test'), exact('www.a.*'), exact('www.*'), regex('^www\\.a\\.test$'), regex('^r')];
  it.each([
    ['a.test', 'a.test'],
    ['A.TEST.', 'a.test'],
    ['y.a.test', '*.a.test'],
    ['x.a.test', '*.a.test'],
    ['z.x.a.test', '*.x.a.test'],
    ['www.a.test', '*.a.test'],
    ['b.test', '.b.test'],
    ['c.d.b.test', '.b.test'],
    ['www.a.org', 'www.a.*'],
    ['www.a.co.uk', 'www.a.*'],
    ['www.a', 'www.*'],
    ['www.b.io', 'www.*'],
    ['r.io', '^r'],
    ['', null],
    ['nota.test', null],
  ])('with hostnames: %j → %j', (source, key) => expect(keyFor(hosts, true, source)).toBe(key));

  it('an empty value is never matched against a regex', () => {
    expect(keyFor([regex('^$'), regex('')], false, '')).toBeNull();
    expect(keyFor([regex('')], false, 'x')).toBe('');
  });

  it('a matching regex hands its match (captures) over', () => {
    const map = VariableMap.parse({ variable: 'v', source: '$x', entries: [regex('^/u/(\\d+)/(?<tab>\\w+)')] });
    const hit = compileMapLookup(map)('/u/42/posts');
    expect([...hit!.match!]).toEqual(['/u/42/posts', '42', 'posts']);
    expect(hit!.match!.groups).toEqual({ tab: 'posts' });
  });
});

describe('map validation', () => {
  it.each([
    [{ hostnames: true, entries: [exact('*a.test')] }, /invalid hostname or wildcard/],
    [{ hostnames: true, entries: [exact('a.*.test')] }, /invalid hostname or wildcard/],
    [{ hostnames: true, entries: [exact('.a.test'), exact('A.test')] }, /conflicts/],
    [{ entries: [exact('x'), exact('X')] }, /conflicts/],
    [{ entries: [regex('(?=a)')] }, /lookahead/],
    [{ entries: [regex('(a')] }, /invalid regex/],
  ])('refuses %j', (map, message) => {
    const result = VariableMap.safeParse({ variable: 'v', source: '$x', ...map });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(message);
  });

  it('accepts masks as plain keys without hostnames', () => {
    expect(VariableMap.safeParse({ variable: 'v', source: '$x', entries: [exact('*a.test'), exact('.a.test'), exact('a.test')] }).success).toBe(true);
  });
});
