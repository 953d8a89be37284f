// A stream trace (POST /api/v1/streams/trace) as the tracer's steps: the listener the
// connection reaches, how its target was chosen (an SNI route, the stream's default, or
// Portico's own TLS on the HTTPS entrypoint), the client-address rules, and the pool.
// Pure, so the words are unit-tested.
import type { StreamTrace, StreamTraceInput } from '@/core/contract/streams.ts';

export interface StreamTraceStep {
  title: string;
  tone: 'done' | 'stop' | 'skip';
  text: string;
}

type Question = Pick<StreamTraceInput, 'protocol' | 'port' | 'entrypoint' | 'serverName' | 'clientIp'>;

function where(q: Question): string {
  return q.entrypoint ? 'the HTTPS entrypoint' : `${q.protocol.toUpperCase()} port ${q.port}`;
}

function sniName(q: Question): string {
  return q.serverName ? `the SNI name “${q.serverName}”` : 'no SNI name';
}

export function streamTraceSteps(q: Question, trace: StreamTrace): StreamTraceStep[] {
  const steps: StreamTraceStep[] = [];
  // 1. Who takes the connection.
  if (trace.via === 'terminated') {
    steps.push({ title: 'Entrypoint', tone: 'done', text: `A TLS connection to ${where(q)} with ${sniName(q)}.` });
    steps.push({ title: 'Terminated by Portico', tone: 'done', text: `${trace.reason}. Trace it as an HTTP request (https://…) to see the host and location that answer.` });
    return steps;
  }
  if (!trace.stream || (trace.via === null && trace.pool === null && trace.allowed === null)) {
    steps.push({ title: 'Listener', tone: 'stop', text: `${trace.reason}. ${trace.stream ? 'The stream is configured but does not take connections now.' : 'Nothing answers there: the client’s connection is refused.'}` });
    return steps;
  }
  steps.push({ title: `Stream ${trace.stream.name}`, tone: 'done', text: q.entrypoint ? `The stream passes ${sniName(q)} through on the HTTPS entrypoint, without terminating TLS.` : `Stream ${trace.stream.name} listens on ${where(q)}.` });
  // 2. The target: an SNI route, the default, or none.
  if (trace.via === 'sni') steps.push({ title: 'SNI route', tone: 'done', text: `${trace.reason}: the ClientHello’s name picks the target, and TLS goes on to it untouched (ssl_preread).` });
  else if (trace.via === 'default') steps.push({ title: 'Target', tone: 'done', text: `${trace.reason}.` });
  else {
    steps.push({ title: 'Target', tone: 'stop', text: `${trace.reason}.` });
    return steps;
  }
  // 3. allow/deny, checked when the connection is accepted (before the upstream is reached).
  if (trace.allowed === false) {
    steps.push({ title: 'Client address', tone: 'stop', text: `${q.clientIp} is denied by the stream’s allow/deny rules: the connection is closed at once.` });
    return steps;
  }
  if (trace.allowed === true) steps.push({ title: 'Client address', tone: 'done', text: `${q.clientIp} is allowed by the stream’s allow/deny rules.` });
  // 4. The pool.
  if (trace.pool) {
    const servers = trace.pool.servers.length === 0 ? 'no servers' : trace.pool.servers.join(', ');
    steps.push({ title: 'Upstream', tone: 'done', text: `Balanced over ${trace.pool.name} (${trace.pool.algorithm.toLowerCase().replace(/_/g, ' ')}): ${servers}.` });
  }
  return steps;
}
