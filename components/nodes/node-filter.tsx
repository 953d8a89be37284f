'use client';
// "Which node": next to the live charts, all nodes' traffic added up (the empty value) or
// one node's. Shown only when more than one node with an engine is registered: one
// instance alone has nothing to choose. The names come from GET /api/v1/nodes.
import { useEffect, useState } from 'react';
import { api } from '@/components/hooks/api-client.ts';
import { HostFilter } from '@/components/hosts/host-filter.tsx';
import type { NodesAnswer } from './nodes-client.tsx';

/** Nodes join and leave rarely: a minute is soon enough to offer a new one. */
const REFRESH_MS = 60_000;

/** The names of the registered nodes that serve traffic (role all or engine). */
export function useEngineNodeNames(): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const answer = await api<NodesAnswer>('GET', '/api/v1/nodes');
        if (!stopped) setNames(answer.nodes.filter((n) => n.role !== 'dashboard').map((n) => n.name).sort());
      } catch {
        // No selector this time: the charts keep showing every node.
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return names;
}

export function NodeFilter({ id, value, onChange, names, className }: { id: string; value: string; onChange(value: string): void; names: readonly string[]; className?: string }) {
  if (names.length <= 1) return null;
  return <HostFilter id={id} label="Node" allLabel="All nodes" value={value} onChange={onChange} hosts={names} className={className} />;
}
