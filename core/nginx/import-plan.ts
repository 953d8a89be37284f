// What an nginx import produces: objects in the shared configuration model, ready for
// the API to create in one transaction, and a warning for everything it did not map.
import type { z } from 'zod';
import type { HostInput } from '../config/host.ts';
import type { PoolInput } from '../config/pool.ts';
import type { GlobalSettings } from '../config/settings.ts';
import type { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import type { StreamInput } from '../config/stream.ts';

/**
 * How much a warning matters:
 * - `unsupported`: the directive's behaviour is not reproduced by Portico (review it);
 * - `ignored`: nothing to do in Portico (process tuning, buffers, OS options);
 * - `managed`: Portico handles this itself (certificates, log files, cache storage);
 * - `note`: the directive was mapped; the message explains a detail of how.
 */
export type ImportWarningKind = 'unsupported' | 'ignored' | 'managed' | 'note';

/** One directive the importer could not map one-to-one, with where it is. */
export interface ImportWarning {
  /** 1-based line of the directive. */
  line: number;
  /** 1-based column of the directive. */
  column?: number;
  /** Key of the pasted `files` entry the directive is in; absent for the main text. */
  file?: string;
  /** The directive's name, e.g. "ssl_certificate". */
  directive: string;
  message: string;
  kind: ImportWarningKind;
}

/**
 * The result of importing an nginx configuration. Every host, pool and zone is the
 * output of its zod schema (`HostInput.parse(x)` returns it unchanged): defaults are
 * filled in, and it is valid input wherever a `HostInput` / `PoolInput` ... is expected.
 *
 * References are by name, not id: a proxy action that targets an `upstream` block has
 * `action.poolId` set to the **pool name** (a name in `pools`), and cache / limit policies
 * name their zones. The API resolves pool names to ids inside its import transaction,
 * after creating the pools.
 */
export interface ImportPlan {
  pools: z.output<typeof PoolInput>[];
  hosts: z.output<typeof HostInput>[];
  cacheZones: z.output<typeof CacheZoneInput>[];
  limitZones: z.output<typeof LimitZoneInput>[];
  /** Streams of `stream {}` blocks; `poolId` is a pool **name** (of `pools`), like proxy actions. */
  streams?: z.output<typeof StreamInput>[];
  /** Only the settings the configuration states (set_real_ip_from, server_tokens, the catch-all server). */
  settings: Partial<GlobalSettings>;
  /**
   * Hosts (by their first server name) that are default servers only by nginx's rule that
   * the first server of a port answers names nobody claims (no `default_server` said so).
   */
  implicitDefaultServers?: string[];
  warnings: ImportWarning[];
}

/**
 * What decides where requests for unknown names go after an import: the entrypoints the
 * plan uses and its default servers. Small whatever the plan's size, so a worker can post
 * it beside the plan's text and a dry run can say it without parsing the plan.
 */
export interface DefaultsView {
  entrypoints: ('http' | 'https')[];
  defaultServers: { name: string; enabled: boolean; entrypoints: ('http' | 'https')[] }[];
  unknownHost?: GlobalSettings['unknownHost'];
  implicitDefaultServers?: string[];
}

export function defaultsView(plan: Pick<ImportPlan, 'hosts' | 'settings' | 'implicitDefaultServers'>): DefaultsView {
  const entrypoints = new Set<'http' | 'https'>();
  for (const h of plan.hosts) for (const e of h.entrypoints) entrypoints.add(e);
  return {
    entrypoints: [...entrypoints],
    defaultServers: plan.hosts.filter((h) => h.defaultServer).map((h) => ({ name: h.serverNames[0]!, enabled: h.enabled, entrypoints: h.entrypoints })),
    ...(plan.settings.unknownHost ? { unknownHost: plan.settings.unknownHost } : {}),
    ...(plan.implicitDefaultServers ? { implicitDefaultServers: plan.implicitDefaultServers } : {}),
  };
}

/** The names an import would create: enough to look for clashes with existing objects. */
export interface PlanNames {
  pools: string[];
  serverNames: string[];
  cacheZones: string[];
  limitZones: string[];
  /** Stream names and the ports they listen on. */
  streams?: { name: string; protocol: 'tcp' | 'udp'; listenPort: number | null }[];
}

export function planNames(plan: Omit<ImportPlan, 'warnings' | 'settings'>): PlanNames {
  return {
    pools: plan.pools.map((p) => p.name),
    serverNames: plan.hosts.flatMap((h) => h.serverNames),
    cacheZones: plan.cacheZones.map((z) => z.name),
    limitZones: plan.limitZones.map((z) => z.name),
    streams: (plan.streams ?? []).map((s) => ({ name: s.name, protocol: s.protocol, listenPort: s.listenPort })),
  };
}
