// Every process logs one JSON object per line (time, level, msg, component), or the same
// records readably with PORTICO_LOG_FORMAT=pretty.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormat, logProcessWarnings } from './logger.ts';

function capture(env: Record<string, string>) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { log: createLogger('engine', { env, destination: out }), text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level as a word, msg and component', () => {
    const { log, text } = capture({ PORTICO_LOG_FORMAT: 'json' });
    log.info('serving "http"');
    log.error({ requestId: 'r-1' }, 'upstream refused\nthe connection');
    const lines = text().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'info', component: 'engine', msg: 'serving "http"' });
    expect(lines[1]).toMatchObject({ level: 'error', component: 'engine', requestId: 'r-1', msg: 'upstream refused\nthe connection' });
  });

  it('prints the component and message readably with PORTICO_LOG_FORMAT=pretty', async () => {
    const { log, text } = capture({ PORTICO_LOG_FORMAT: 'pretty' });
    log.warn('restarting');
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(/WARN.*\[engine\] restarting/);
    expect(text()).not.toContain('{');
  });

  it('drops levels below PORTICO_LOG_LEVEL', () => {
    const { log, text } = capture({ PORTICO_LOG_FORMAT: 'json', PORTICO_LOG_LEVEL: 'warn' });
    log.info('quiet');
    log.warn('loud');
    expect(text()).not.toContain('quiet');
    expect(text()).toContain('loud');
  });

  it('defaults to pretty at a terminal and JSON elsewhere', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ PORTICO_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ PORTICO_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });
});

describe('logProcessWarnings', () => {
  it("logs a process warning as a record instead of Node's text on stderr", async () => {
    const { log, text } = capture({ PORTICO_LOG_FORMAT: 'json' });
    const before = process.listeners('warning');
    try {
      logProcessWarnings(log);
      process.emitWarning('request r-9 failed: boom');
      await new Promise((r) => setImmediate(r));
      expect(JSON.parse(text().trim())).toMatchObject({ level: 'warn', component: 'engine', warning: 'Warning', msg: 'request r-9 failed: boom' });
    } finally {
      process.removeAllListeners('warning');
      for (const listener of before) process.on('warning', listener);
    }
  });
});
