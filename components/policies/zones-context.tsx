'use client';
// The zones policies can refer to (cache zones, request and connection limit zones), each
// with a few words on what it is, for the location editor's zone pickers and summaries.
import { createContext, useContext, type ReactNode } from 'react';

export interface ZoneOption {
  name: string;
  /** "1 GiB on disk, 80,000 keys", "10 r/s per client address". */
  detail: string;
}

export interface ZoneNames {
  cache: ZoneOption[];
  request: ZoneOption[];
  connection: ZoneOption[];
}

export type ZoneKind = keyof ZoneNames;

export const NO_ZONES: ZoneNames = { cache: [], request: [], connection: [] };

const ZonesContext = createContext<ZoneNames>(NO_ZONES);

export function ZonesProvider({ zones, children }: { zones: ZoneNames; children: ReactNode }) {
  return <ZonesContext.Provider value={zones}>{children}</ZonesContext.Provider>;
}

export function useZones(): ZoneNames {
  return useContext(ZonesContext);
}
