import { describe, expect, it } from 'vitest';
import type { StreamTrace } from '@/core/contract/streams.ts';
import { streamTraceSteps } from './stream-trace-explain.ts';

const port = { protocol: 'tcp' as const, port: 5432, serverName: 'db.example.com', clientIp: '203.0.113.10' };
const https = { protocol: 'tcp' as const, entrypoint: 'https' as const, serverName: 'app.example.com', clientIp: '203.0.113.10' };
const pool = { name: 'pg', algorithm: 'LEAST_CONN', servers: ['10.0.0.5:5432', '10.0.0.6:5432'] };
const stream = { id: 's1', name: 'postgres' };

describe('streamTraceSteps', () => {
  const cases: { desc: string; q: typeof port | typeof https; trace: StreamTrace; titles: string[]; tones: string[]; says: string[] }[] = [
    {
      desc: 'no stream on the port: one stop step',
      q: port,
      trace: { stream: null, reason: 'TCP port 5432: no stream listens there', via: null, allowed: null, pool: null },
      titles: ['Listener'],
      tones: ['stop'],
      says: ['no stream listens there', 'refused'],
    },
    {
      desc: 'a configured stream that cannot listen',
      q: port,
      trace: { stream, reason: 'TCP port 5432: cannot listen on TCP port 5432: the port is already in use', via: null, allowed: null, pool: null },
      titles: ['Listener'],
      tones: ['stop'],
      says: ['already in use', 'does not take connections'],
    },
    {
      desc: 'an SNI route, allowed, to a pool',
      q: port,
      trace: { stream, reason: 'stream postgres: the SNI route for "db.example.com"', via: 'sni', allowed: true, pool },
      titles: ['Stream postgres', 'SNI route', 'Client address', 'Upstream'],
      tones: ['done', 'done', 'done', 'done'],
      says: ['TCP port 5432', 'ssl_preread', '203.0.113.10 is allowed', 'least conn', '10.0.0.6:5432'],
    },
    {
      desc: 'the default target, denied by allow/deny',
      q: port,
      trace: { stream, reason: 'stream postgres', via: 'default', allowed: false, pool },
      titles: ['Stream postgres', 'Target', 'Client address'],
      tones: ['done', 'done', 'stop'],
      says: ['is denied', 'closed at once'],
    },
    {
      desc: 'no route and no default: the connection is closed',
      q: port,
      trace: { stream, reason: 'stream postgres: no route for "x" and no default: the connection is closed', via: null, allowed: true, pool: null },
      titles: ['Stream postgres', 'Target'],
      tones: ['done', 'stop'],
      says: ['no default'],
    },
    {
      desc: 'the HTTPS entrypoint: a name Portico terminates',
      q: https,
      trace: { stream: null, reason: 'no stream passes "app.example.com" through: Portico terminates TLS and routes the request to a host', via: 'terminated', allowed: null, pool: null },
      titles: ['Entrypoint', 'Terminated by Portico'],
      tones: ['done', 'done'],
      says: ['HTTPS entrypoint', 'as an HTTP request'],
    },
    {
      desc: 'the HTTPS entrypoint: a passthrough name',
      q: https,
      trace: { stream: { id: 's2', name: 'legacy' }, reason: 'stream legacy passes "app.example.com" through', via: 'sni', allowed: true, pool: { name: 'legacy', algorithm: 'ROUND_ROBIN', servers: ['10.0.0.9:443'] } },
      titles: ['Stream legacy', 'SNI route', 'Client address', 'Upstream'],
      tones: ['done', 'done', 'done', 'done'],
      says: ['without terminating TLS', 'round robin'],
    },
  ];
  it.each(cases)('$desc', ({ q, trace, titles, tones, says }) => {
    const steps = streamTraceSteps(q, trace);
    expect(steps.map((s) => s.title)).toEqual(titles);
    expect(steps.map((s) => s.tone)).toEqual(tones);
    const text = steps.map((s) => s.text).join(' ');
    for (const words of says) expect(text).toContain(words);
  });
});
