import { describe, expect, it } from 'vitest';
import { parseEvaluatedTarget } from './variable-target.ts';

describe('an evaluated proxy_pass target, read as nginx reads it', () => {
  it.each([
    { value: 'backend', expected: { host: 'backend', port: null, uri: '' } },
    { value: 'backend/x?y=1', expected: { host: 'backend', port: null, uri: '/x?y=1' } },
    { value: 'backend?q=1', expected: { host: 'backend', port: null, uri: '/?q=1' } },
    { value: '127.0.0.1:8080/a', expected: { host: '127.0.0.1', port: '8080', uri: '/a' } },
    { value: '[::1]:81', expected: { host: '[::1]', port: '81', uri: '' } },
    { value: 'Backend:80', expected: { host: 'Backend', port: '80', uri: '' } },
  ])('$value', ({ value, expected }) => {
    expect(parseEvaluatedTarget(value)).toEqual(expected);
  });

  it.each(['', '/x', ':80', 'backend:abc', 'backend:0', 'backend:70000', '[::1'])('refuses "%s" (nginx: 500)', (value) => {
    expect(parseEvaluatedTarget(value)).toBeNull();
  });
});
