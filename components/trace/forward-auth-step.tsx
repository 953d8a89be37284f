'use client';
// The tracer's forward-auth step: the request the auth service would get (nothing is sent
// while tracing) and what its answer decides.
import type { TraceForwardAuth } from '../../core/contract/trace.ts';
import { HttpMessage } from './http-message.tsx';
import { Fact } from './trace-step.tsx';

export function ForwardAuthStep({ auth }: { auth: TraceForwardAuth }) {
  const path = auth.request.url.replace(/^https?:\/\/[^/]*/, '') || '/';
  return (
    <div className="space-y-3">
      {auth.skipped ? <p className="text-sm">{auth.skipped}.</p> : null}
      <HttpMessage label="Asked first, before the upstream (never with the body)" startLine={`GET ${path} HTTP/1.1`} headers={auth.request.headers} />
      <p className="text-xs text-muted">
        To <span className="font-mono break-all">{auth.request.url}</span>
      </p>
      <dl className="space-y-1.5">
        <Fact term="2xx">the request goes on{auth.copiedHeaders.length > 0 ? <>, with <span className="font-mono text-xs">{auth.copiedHeaders.join(', ')}</span> from the answer</> : null}</Fact>
        <Fact term="Refused">
          {auth.deniedAnswer === 'pass' ? "the service's own answer goes to the client (its login redirect)" : '401 (with the service’s WWW-Authenticate) and 403 are answered; any other status is a 500'}
        </Fact>
        {auth.variables.length > 0 ? <Fact term="Variables">{auth.variables.join(', ')}</Fact> : null}
      </dl>
    </div>
  );
}
