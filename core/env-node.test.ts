// PORTICO_ROLE and PORTICO_NODE_NAME: what each role runs, the default name, and a clear
// error for a bad value.
import { describe, expect, it } from 'vitest';
import { EnvError, nodeName, readEnv, roleRuns } from './env.ts';

describe('instance role and name', () => {
  it.each([
    { role: undefined, expected: { engine: true, dashboard: true } },
    { role: 'all', expected: { engine: true, dashboard: true } },
    { role: 'engine', expected: { engine: true, dashboard: false } },
    { role: 'dashboard', expected: { engine: false, dashboard: true } },
  ])('PORTICO_ROLE=$role runs $expected (and the controller)', ({ role, expected }) => {
    expect(roleRuns(readEnv({ PORTICO_ROLE: role }).PORTICO_ROLE)).toEqual(expected);
  });

  it('refuses an unknown role, naming the variable and the choices', () => {
    expect(() => readEnv({ PORTICO_ROLE: 'worker' })).toThrow(EnvError);
    expect(() => readEnv({ PORTICO_ROLE: 'worker' })).toThrow(/PORTICO_ROLE: must be all, engine or dashboard/);
  });

  it.each([
    { desc: 'the given name', env: { PORTICO_NODE_NAME: 'edge-1' }, host: 'box', expected: 'edge-1' },
    { desc: 'host name and HTTP port by default', env: { PORTICO_HTTP_PORT: '8080' }, host: 'box', expected: 'box-8080' },
    { desc: 'the short host name', env: { PORTICO_HTTP_PORT: '80' }, host: 'web1.example.com', expected: 'web1-80' },
  ])('names the node: $desc', ({ env, host, expected }) => {
    expect(nodeName(readEnv(env), host)).toBe(expected);
  });

  it('refuses a name that is not a plain word', () => {
    expect(() => readEnv({ PORTICO_NODE_NAME: 'two words' })).toThrow(/PORTICO_NODE_NAME: must be letters, digits/);
  });
});
