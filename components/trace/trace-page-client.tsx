'use client';
// The tracer's two questions: an HTTP request (hosts and locations) or a connection to a
// TCP/UDP stream (ports, SNI routes, pools). One page, a switch between them.
import { useState } from 'react';
import { Segmented } from '@/components/forms/choice-fields.tsx';
import type { TraceRequest } from '@/core/contract/trace.ts';
import { TraceClient } from './trace-client.tsx';
import { StreamTraceClient, type StreamTraceQuestion } from './stream-trace-client.tsx';

type Kind = 'http' | 'stream';
const KINDS = [
  { value: 'http', label: 'HTTP request' },
  { value: 'stream', label: 'Stream connection' },
] as const;

export function TracePageClient({ kind: initialKind, http, stream, examples }: { kind: Kind; http: TraceRequest; stream: StreamTraceQuestion; examples: string[] }) {
  const [kind, setKind] = useState<Kind>(initialKind);
  return (
    <div className="space-y-4">
      <Segmented<Kind> legend="What to trace" hideLegend value={kind} options={KINDS} onChange={setKind} />
      {kind === 'http' ? <TraceClient initial={http} examples={examples} /> : <StreamTraceClient initial={stream} autoRun={initialKind === 'stream' && (stream.target === 'https' || stream.port !== '')} />}
    </div>
  );
}
