import { describe, expect, it } from 'vitest';
import { LocationInput } from './location.ts';

describe('LocationInput: keepEncodedSlashes', () => {
  const proxy = (extra: Record<string, unknown>) => ({ path: '/api/', action: { kind: 'proxy', address: '127.0.0.1:3000', ...extra } });

  it('is off unless asked for (nginx decodes %2F)', () => {
    const parsed = LocationInput.parse(proxy({}));
    expect(parsed.action).toMatchObject({ kind: 'proxy', keepEncodedSlashes: false });
  });

  it('is a boolean of the proxy action', () => {
    expect(LocationInput.parse(proxy({ keepEncodedSlashes: true, uri: '/' })).action).toMatchObject({ keepEncodedSlashes: true, uri: '/' });
    const bad = LocationInput.safeParse(proxy({ keepEncodedSlashes: 'yes' }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['action.keepEncodedSlashes']);
  });
});

describe('named locations ("@name", stored as EXACT)', () => {
  it('accepts "@name" and refuses other forms or a proxy URI part', () => {
    const proxy = { kind: 'proxy', address: '127.0.0.1:3000' } as const;
    expect(LocationInput.safeParse({ matchKind: 'EXACT', path: '@fallback', action: proxy }).success).toBe(true);
    expect(LocationInput.safeParse({ matchKind: 'EXACT', path: '@bad name', action: proxy }).success).toBe(false);
    expect(LocationInput.safeParse({ matchKind: 'PREFIX', path: '@fallback', action: proxy }).success).toBe(false);
    expect(LocationInput.safeParse({ matchKind: 'EXACT', path: '@fallback', action: { ...proxy, uri: '/x' } }).success).toBe(false);
  });
});
