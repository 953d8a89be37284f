'use client';
// The zone names policies can refer to (cache zones, request and connection limit zones),
// offered as suggestions where a zone is typed.
import { createContext, useContext, type ReactNode } from 'react';

export interface ZoneNames {
  cache: string[];
  request: string[];
  connection: string[];
}

const ZonesContext = createContext<ZoneNames>({ cache: [], request: [], connection: [] });

export function ZonesProvider({ zones, children }: { zones: ZoneNames; children: ReactNode }) {
  return <ZonesContext.Provider value={zones}>{children}</ZonesContext.Provider>;
}

export function useZones(): ZoneNames {
  return useContext(ZonesContext);
}

/** The hint under a zone field: the zones there are, or where to make one. */
export function zoneHint(names: string[], what: string): string {
  return names.length ? `${what}: ${names.join(', ')}.` : `No ${what.toLowerCase()} exist yet: create one in Settings › Zones, or import an nginx configuration.`;
}
