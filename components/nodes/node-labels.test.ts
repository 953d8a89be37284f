import { describe, expect, it } from 'vitest';
import { lastSeenLabel, revisionState } from './node-labels.ts';

const T = Date.UTC(2026, 0, 1);
const ago = (s: number) => new Date(T - s * 1000).toISOString();

describe('node labels', () => {
  it.each([
    { seconds: 0, expected: 'just now' },
    { seconds: 1, expected: 'just now' },
    { seconds: 12, expected: '12 seconds ago' },
    { seconds: 61, expected: '1 minute ago' },
    { seconds: 7300, expected: '2 hours ago' },
    { seconds: 86400, expected: '1 day ago' },
  ])('last seen $seconds s ago: $expected', ({ seconds, expected }) => {
    expect(lastSeenLabel(ago(seconds), T)).toBe(expected);
  });

  it.each([
    { desc: 'a dashboard-only node has no engine', node: { role: 'dashboard', appliedRevision: null, status: 'up' as const }, expected: 'none' },
    { desc: 'an engine that does not answer', node: { role: 'engine', appliedRevision: null, status: 'up' as const }, expected: 'none' },
    { desc: 'an engine behind', node: { role: 'engine', appliedRevision: 4, status: 'up' as const }, expected: 'behind' },
    { desc: 'an engine at the revision', node: { role: 'all', appliedRevision: 5, status: 'up' as const }, expected: 'current' },
  ])('$desc', ({ node, expected }) => {
    expect(revisionState(node, 5).kind).toBe(expected);
  });
});
