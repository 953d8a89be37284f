// Where requests for names nobody claims go after an nginx import, said in words. nginx
// makes the server marked default_server, else the first server of a port, answer them;
// so importing one plain server makes it the catch-all. The preview says so, and the
// import can keep unknown hosts where they go now instead (keepDefaultServer).
import type { Db } from '@/core/db/client.ts';
import { GlobalSettings } from '@/core/config/settings.ts';
import { defaultsView, type DefaultsView, type ImportPlan } from '@/core/nginx/import-plan.ts';
import { SETTINGS_KEY } from '@/core/db/load-config.ts';
import type { Entrypoint, UnknownHost, UnknownHostOutcome } from '@/core/views/import.ts';



export interface CurrentUnknownHosts {
  /** Enabled default-server hosts by entrypoint (their first name). */
  defaults: Partial<Record<Entrypoint, string>>;
  unknownHost: UnknownHost;
}

const ON: Record<Entrypoint, string> = { http: 'HTTP', https: 'HTTPS' };
const SETTING_WORDS: Record<UnknownHost, { will: string; keep: string }> = {
  not_found: { will: 'will get the 404 page', keep: 'keep getting the 404 page' },
  close: { will: 'will have their connection closed', keep: 'keep having their connection closed' },
};

export async function currentUnknownHosts(db: Db): Promise<CurrentUnknownHosts> {
  const [hosts, row] = await Promise.all([
    db.host.findMany({ where: { defaultServer: true, enabled: true }, select: { entrypoints: true, serverNames: { orderBy: { position: 'asc' }, take: 1, select: { name: true } } } }),
    db.setting.findUnique({ where: { key: SETTINGS_KEY } }),
  ]);
  const defaults: CurrentUnknownHosts['defaults'] = {};
  for (const h of hosts) for (const e of h.entrypoints as Entrypoint[]) defaults[e] ??= h.serverNames[0]?.name ?? 'a host';
  return { defaults, unknownHost: GlobalSettings.parse(row?.value ?? {}).unknownHost };
}

/** The plan as it is applied when unknown hosts are to stay where they go now. */
export function keepingUnknownHosts(plan: ImportPlan): ImportPlan {
  const { unknownHost: _dropped, ...settings } = plan.settings;
  return { ...plan, hosts: plan.hosts.map((h) => (h.defaultServer ? { ...h, defaultServer: false } : h)), settings, implicitDefaultServers: [] };
}

/** The view of a plan that keeps unknown hosts where they go now (see keepingUnknownHosts). */
export function keepingUnknownHostsView(view: DefaultsView): DefaultsView {
  return { entrypoints: view.entrypoints, defaultServers: [] };
}

/** Per entrypoint the import touches: who answers unknown hosts after it, in a sentence. */
export function unknownHostOutcomes(plan: ImportPlan | DefaultsView, current: CurrentUnknownHosts): UnknownHostOutcome[] {
  const view = 'hosts' in plan ? defaultsView(plan) : plan;
  const used = new Set<Entrypoint>(view.entrypoints);
  if (used.size === 0 && view.unknownHost) used.add('http');
  const setting = view.unknownHost ?? current.unknownHost;
  return (['http', 'https'] as const)
    .filter((e) => used.has(e))
    .map((entrypoint): UnknownHostOutcome => {
      const existing = current.defaults[entrypoint];
      const on = `Unknown hosts on ${ON[entrypoint]}`;
      // One default per entrypoint: an existing default server stays (the import says so).
      if (existing) return { entrypoint, answer: 'host', host: existing, changed: false, message: `${on} keep reaching ${existing}, already the default server.` };
      const imported = view.defaultServers.find((h) => h.enabled && h.entrypoints.includes(entrypoint));
      if (imported) {
        const name = imported.name;
        const why = view.implicitDefaultServers?.includes(name) ? `: no server says default_server, and nginx makes the first server of a port answer names no server claims` : ' (marked default_server)';
        return { entrypoint, answer: 'host', host: name, changed: true, message: `${on} will reach ${name}${why}.` };
      }
      const changed = setting !== current.unknownHost;
      return { entrypoint, answer: setting, changed, message: changed ? `${on} ${SETTING_WORDS[setting].will} (the configuration's catch-all server).` : `${on} ${SETTING_WORDS[setting].keep}.` };
    });
}
