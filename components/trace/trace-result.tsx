'use client';
// A trace, step by step as the engine takes them: the request as normalised, the host
// and the location that matched and why, the policies on the way, then either the
// upstream request and the server selection, or the answer Portico makes itself.
import Link from 'next/link';
import { Badge } from '@/components/ui/badge.tsx';
import { describeSize, formatDuration } from '@/components/forms/units.ts';
import { explainAccess, explainHost, explainLocation, locationLabel } from './explain.ts';
import { HttpMessage } from './http-message.tsx';
import { ForwardAuthStep } from './forward-auth-step.tsx';
import { ServerSelection } from './server-selection.tsx';
import { Fact, TraceStep } from './trace-step.tsx';
import type { TraceResult } from '../../core/contract/trace.ts';

function Limits({ limits }: { limits: NonNullable<TraceResult['policies']>['limits'] }) {
  if (limits.length === 0) return <>none</>;
  return (
    <ul className="space-y-1">
      {limits.map((l) => (
        <li key={l.zone}>
          <span className="font-mono text-xs">{l.zone}</span>{' '}
          {'error' in l ? (
            <span className="text-danger">{l.error}</span>
          ) : 'note' in l ? (
            <span className="text-muted">{l.note}</span>
          ) : (
            <>
              <span className="text-muted">
                key <span className="font-mono text-xs">{l.key}</span> · {l.ratePerSecond}/s, burst {l.burst} · excess now {l.currentExcess}
              </span>{' '}
              {l.wouldReject ? <Badge tone="danger">would be rejected</Badge> : <Badge tone="success">within the limit</Badge>}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function TraceResultView({ result }: { result: TraceResult }) {
  const { normalized, host, location, policies, action, response } = result;
  const proxied = action?.kind === 'proxy' ? action : null;
  let n = 0;
  return (
    <ol className="space-y-4" aria-label="What the engine does with this request">
      <TraceStep n={++n} title="Request">
        <dl className="space-y-1.5">
          <Fact term="Entrypoint">{result.entrypoint.toUpperCase()}</Fact>
          <Fact term="Host">
            <span className="font-mono text-xs">{normalized.host || '(none)'}</span>
          </Fact>
          <Fact term="Path (normalised)">
            <span className="font-mono text-xs">{normalized.path}</span>
            {normalized.query ? <span className="font-mono text-xs text-muted">?{normalized.query}</span> : null}
          </Fact>
          <Fact term="Client address">
            <span className="font-mono text-xs">{result.clientAddress.client}</span>
            {result.clientAddress.client !== result.clientAddress.peer ? <span className="text-muted"> (from {result.clientAddress.peer}, a trusted proxy)</span> : null}
          </Fact>
        </dl>
        <p className="text-xs text-muted">Traced against revision {result.revision}, with the engine&apos;s own matchers: nothing was sent upstream and no counter changed.</p>
      </TraceStep>

      <TraceStep n={++n} title="Host" tone={host ? 'done' : 'stop'}>
        {host ? (
          <>
            <p>
              <Link href={`/hosts/${host.id}`} className="font-medium text-accent hover:underline">
                {host.names[0]}
              </Link>
              {host.names.length > 1 ? <span className="text-muted"> (also {host.names.slice(1).join(', ')})</span> : null} <Badge tone="accent">{host.matchedBy.replace('_', ' ')}</Badge>
            </p>
            <p className="text-muted">{explainHost(host.matchedBy, host.serverName, normalized.host, result.entrypoint)}</p>
          </>
        ) : (
          <p>No host answers for “{normalized.host || '(no Host header)'}” and there is no default server: Portico answers itself (below).</p>
        )}
      </TraceStep>

      {host ? (
        <TraceStep n={++n} title="Location" tone={location ? 'done' : 'stop'}>
          {location ? (
            <>
              <p>
                <span className="font-mono text-[13px] font-medium">{locationLabel(location)}</span> <Badge tone="accent">{location.matchedBy.replace('_', ' ')}</Badge>
              </p>
              <p className="text-muted">{explainLocation(location.matchedBy, location, normalized.path)}</p>
              {location.alsoCheckedBy ? (
                <p className="text-muted">
                  Read with <span className="font-mono">%2F</span> as data, the path belongs to{' '}
                  <span className="font-mono text-[13px]">{locationLabel(location.alsoCheckedBy)}</span>: its access rules are checked too.
                </p>
              ) : null}
            </>
          ) : (
            <p>No location of this host matches “{normalized.path}”: nginx answers 404.</p>
          )}
        </TraceStep>
      ) : null}

      {policies ? (
        <TraceStep n={++n} title="Policies">
          <dl className="space-y-1.5">
            <Fact term="Access">{policies.access ? explainAccess(policies.access, result.clientAddress.client) : 'No access rules: everyone may ask.'}</Fact>
            <Fact term="Rate limits">
              <Limits limits={policies.limits} />
            </Fact>
            <Fact term="Cache">
              {policies.cache ? (
                <>
                  zone <span className="font-mono text-xs">{policies.cache.zone}</span>, key <span className="font-mono text-xs">{policies.cache.key}</span>
                </>
              ) : (
                'not cached'
              )}
            </Fact>
            <Fact term="Request body">at most {describeSize(policies.maxBodyBytes)}</Fact>
            <Fact term="Timeouts">
              connect {formatDuration(policies.timeouts.connectMs)}, read {formatDuration(policies.timeouts.readMs)}
            </Fact>
            <Fact term="WebSocket">{policies.websocket ? 'upgrades are passed through' : 'upgrades are not passed'}</Fact>
          </dl>
        </TraceStep>
      ) : null}

      {policies?.forwardAuth ? (
        <TraceStep n={++n} title="Forward authentication">
          <ForwardAuthStep auth={policies.forwardAuth} />
        </TraceStep>
      ) : null}

      {proxied ? (
        <>
          <TraceStep n={++n} title="Upstream request">
            <HttpMessage label="Sent exactly like this (Host and forwarding headers included)" startLine={`${proxied.upstreamRequest.method} ${proxied.upstreamRequest.path} HTTP/1.1`} headers={proxied.upstreamRequest.headers} />
            <p className="text-xs text-muted">
              To <span className="font-mono">{proxied.upstreamRequest.url}</span>
            </p>
          </TraceStep>
          <TraceStep n={++n} title="Server selection" last>
            <ServerSelection selection={proxied.selection} />
          </TraceStep>
        </>
      ) : response ? (
        <TraceStep n={++n} title="Portico answers itself" last tone={response.status !== null && response.status >= 400 ? 'stop' : 'done'}>
          {response.closeConnection ? (
            <p>The connection is closed without an answer (nginx&apos;s 444).</p>
          ) : (
            <HttpMessage label={action ? `The ${action.kind} action's answer` : 'The answer'} startLine={`HTTP/1.1 ${response.status ?? ''}`} headers={response.headers} body={response.body} />
          )}
        </TraceStep>
      ) : null}
    </ol>
  );
}
