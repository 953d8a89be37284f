'use client';
// The node registry, refreshed every two seconds (as often as nodes heart-beat): each
// instance's role, whether it is up, the revision its engine serves (flagged when behind the
// revision the configuration is at), when it was last heard from, its traffic, and which
// node's controller holds the lease. One instance alone gets a word on how to add more.
import { useEffect, useState } from 'react';
import type { NodeView } from '@/core/db/node-registry.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { NodesIcon } from '@/components/ui/icons.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { useServerClock } from '@/components/ui/server-clock.tsx';
import { plural } from '@/components/ui/plural.ts';
import { lastSeenLabel, ROLE_LABELS, revisionState } from './node-labels.ts';

const REFRESH_MS = 2000;

export interface NodesAnswer {
  nodes: NodeView[];
  desiredRevision: number;
}

function RevisionCell({ node, desired }: { node: NodeView; desired: number }) {
  const state = revisionState(node, desired);
  if (state.kind === 'none') return <span className="text-muted">{state.label}</span>;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <span className="font-mono">{node.appliedRevision}</span>
      {state.kind === 'behind' ? (
        <Badge tone="warning" title={state.label}>
          behind
        </Badge>
      ) : null}
    </span>
  );
}

export function NodesClient({ initial }: { initial: NodesAnswer }) {
  const [answer, setAnswer] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const now = useServerClock();
  const [, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const next = await api<NodesAnswer>('GET', '/api/v1/nodes');
        if (stopped) return;
        setAnswer(next);
        setError(null);
      } catch (e) {
        if (!stopped) setError(failureMessage(e));
      }
      if (!stopped) setTick((t) => t + 1);
    };
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const { nodes, desiredRevision } = answer;
  const up = nodes.filter((n) => n.status === 'up').length;
  const holder = nodes.find((n) => n.controller);
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted" aria-live="polite">
        {plural(up, 'node')} up of {nodes.length}; configuration at revision <span className="font-mono">{desiredRevision}</span>;{' '}
        {holder ? (
          <>
            background work (certificates, health gate, rollups, backups) runs on <strong className="text-foreground">{holder.name}</strong>
          </>
        ) : (
          'no controller holds the lease right now'
        )}
        .{error ? <span className="text-danger"> Refreshing failed: {error}</span> : null}
      </p>
      {nodes.length === 0 ? (
        <EmptyState icon={<NodesIcon size={20} />} title="No node has registered yet">
          Each instance registers within two seconds of starting (its controller does). If none appears, the controller is not running: see the log of <code className="font-mono">npm start</code>.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Nodes (refreshed every 2 seconds)</caption>
            <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Node</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Revision</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Last seen</th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">Requests/s</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((node) => (
                <tr key={node.name} className="border-b border-border last:border-0" data-node={node.name}>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-mono font-medium">{node.name}</span>
                      {node.controller ? (
                        <Badge tone="accent" title="This node's controller holds the lease: it orders and renews certificates, runs the health gate, the rollups and scheduled backups.">
                          controller
                        </Badge>
                      ) : null}
                    </div>
                    <div className="mt-0.5 text-xs text-muted">
                      {node.hostname} · v{node.version}
                    </div>
                  </td>
                  <td className="px-4 py-3">{ROLE_LABELS[node.role] ?? node.role}</td>
                  <td className="px-4 py-3">
                    <Badge tone={node.status === 'up' ? 'success' : 'danger'} dot>
                      {node.status === 'up' ? 'up' : node.stoppedAt ? 'stopped' : 'down'}
                    </Badge>
                  </td>
                  <td className="px-4 py-3">
                    <RevisionCell node={node} desired={desiredRevision} />
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    <time dateTime={node.lastSeenAt} title={node.lastSeenAt}>
                      {lastSeenLabel(node.lastSeenAt, now())}
                    </time>
                  </td>
                  <td className="px-4 py-3 text-right font-mono">{node.status === 'up' && node.role !== 'dashboard' ? node.requestsPerSecond.toLocaleString('en-US') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {nodes.length === 1 ? (
        <EmptyState icon={<NodesIcon size={20} />} title="This is the only instance">
          To add instances, start Portico on other machines against the same database with <code className="font-mono">PORTICO_ROLE=engine</code> (traffic only) or{' '}
          <code className="font-mono">PORTICO_ROLE=dashboard</code>, each with its own <code className="font-mono">PORTICO_NODE_NAME</code>; they appear here within two seconds. How, step by step:{' '}
          <code className="font-mono">docs/running-several-instances.md</code>, section &ldquo;Instances, roles and the controller&rdquo;.
        </EmptyState>
      ) : null}
    </div>
  );
}
