// What an nginx import's preview says besides the objects: clashes and where unknown names go.
export interface ImportConflict {
  objectType: 'pool' | 'host' | 'cacheZone' | 'limitZone' | 'stream';
  name: string;
  message: string;
}

export type Entrypoint = 'http' | 'https';
export type UnknownHost = 'not_found' | 'close';

export interface UnknownHostOutcome {
  entrypoint: Entrypoint;
  /** "host": a host answers them; otherwise the unknown-host setting does. */
  answer: 'host' | UnknownHost;
  /** The host's first name, for "host". */
  host?: string;
  /** Whether the import changes it. */
  changed: boolean;
  message: string;
}
