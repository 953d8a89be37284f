// Finishes the server drafts into hosts, the way nginx picks servers:
// - the default server of a port is the one marked default_server, else the first;
// - a nameless default server that only answers 444 / 404 is Portico's unknownHost setting;
// - "listen 80; return 301 https://$host$request_uri;" next to an HTTPS server with the
//   same names becomes that host's forceHttps.
import { isDeepStrictEqual } from 'node:util';
import { type Entrypoint, HostInput } from '../config/host.ts';
import type { GlobalSettings } from '../config/settings.ts';
import type { ImportContext } from './import-context.ts';
import { liftHsts } from './map-hsts.ts';
import { type Host, httpsRedirectStatus, type ServerDraft } from './map-server.ts';

const ENTRYPOINTS: Entrypoint[] = ['http', 'https'];

interface Finished {
  hosts: Host[];
  unknownHost?: GlobalSettings['unknownHost'];
  /** First names of hosts that are default servers by the first-server rule alone. */
  implicitDefaults: string[];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n) => b.includes(n));
}

function sameContent(host: Host, draft: ServerDraft): boolean {
  return isDeepStrictEqual(host.policies, HostInput.shape.policies.parse(draft.policies)) && isDeepStrictEqual(host.locations, HostInput.parse({ serverNames: ['x.invalid'], locations: draft.locations }).locations);
}

function defaultsByEntrypoint(drafts: readonly ServerDraft[], ctx: ImportContext): Map<Entrypoint, ServerDraft> {
  const defaults = new Map<Entrypoint, ServerDraft>();
  for (const entrypoint of ENTRYPOINTS) {
    const explicit = drafts.filter((d) => d.listening.defaults.includes(entrypoint));
    for (const extra of explicit.slice(1)) {
      ctx.warn(extra.directive, 'unsupported', `a second default server for the ${entrypoint} entrypoint (nginx refuses duplicates on one port); the first one is kept`);
    }
    const chosen = explicit[0] ?? drafts.find((d) => d.listening.entrypoints.includes(entrypoint));
    if (chosen) defaults.set(entrypoint, chosen);
  }
  return defaults;
}

export function finishHosts(drafts: readonly ServerDraft[], ctx: ImportContext): Finished {
  const result: Finished = { hosts: [], implicitDefaults: [] };
  const defaults = defaultsByEntrypoint(drafts, ctx);
  const isDefault = (d: ServerDraft, e: Entrypoint): boolean => defaults.get(e) === d;

  for (const draft of drafts.filter((d) => d.catchAll)) {
    const on = draft.listening.entrypoints.filter((e) => isDefault(draft, e));
    if (on.length === 0) {
      ctx.warn(draft.directive, 'note', 'a nameless server that is not the default server never answers; not imported');
    } else if (result.unknownHost && result.unknownHost !== draft.catchAll) {
      ctx.warn(draft.directive, 'unsupported', `Portico answers unknown hosts the same way on every entrypoint; keeping "${result.unknownHost}"`);
    } else {
      result.unknownHost = draft.catchAll!;
      ctx.warn(draft.directive, 'note', `the catch-all server becomes the unknown-host setting "${draft.catchAll}" (${draft.catchAll === 'close' ? 'close the connection' : 'answer 404'})`);
    }
  }

  const remaining = drafts.filter((d) => !d.catchAll);
  const merged = new Map<ServerDraft, { status: 301 | 308; from: ServerDraft }>();
  for (const redirect of remaining) {
    const status = httpsRedirectStatus(redirect);
    if (!status || redirect.names.length === 0 || redirect.listening.entrypoints.join() !== 'http') continue;
    const twin = remaining.find(
      (t) => t !== redirect && !merged.has(t) && sameNames(t.names, redirect.names) && t.listening.entrypoints.join() === 'https',
    );
    if (twin) merged.set(twin, { status, from: redirect });
  }
  const absorbed = new Set([...merged.values()].map((m) => m.from));

  let placeholder = 0;
  const claimed = new Set<Entrypoint>();
  const namesTaken = new Set<string>();
  // Hosts by server name, so finding a twin does not scan every host (20,000 servers).
  const hostsByName = new Map<string, Host[]>();
  for (const draft of remaining) {
    if (absorbed.has(draft)) continue;
    const redirect = merged.get(draft);
    const entrypoints = redirect ? ENTRYPOINTS : draft.listening.entrypoints;
    // Portico's default flag covers all of a host's entrypoints; nginx decides per port.
    const defaultOn = entrypoints.filter((e) => isDefault(draft, e) || (redirect !== undefined && isDefault(redirect.from, e)));
    const defaultServer = defaultOn.length === entrypoints.length && entrypoints.every((e) => !claimed.has(e));
    const saidDefault = (d: ServerDraft | undefined, e: Entrypoint) => d?.listening.defaults.includes(e) ?? false;
    const implicitDefault = defaultServer && !entrypoints.some((e) => saidDefault(draft, e) || saidDefault(redirect?.from, e));
    if (defaultServer) entrypoints.forEach((e) => claimed.add(e));
    else if (defaultOn.length > 0) {
      ctx.warn(draft.directive, 'note', `default server only for ${defaultOn.join(', ')} in nginx; Portico's default flag would cover all of the host's entrypoints, so it is not set`);
    }

    // The same names on another entrypoint with the same content (a "listen 80" server and
    // a "listen 443 ssl" one serving the same site): one Portico host on both.
    const candidates = draft.names.length > 0 ? (hostsByName.get(draft.names[0]!) ?? []) : [];
    const twinHost = candidates.find((h) => sameNames(h.serverNames, draft.names) && !h.entrypoints.some((e) => entrypoints.includes(e)));
    if (twinHost && !redirect && sameContent(twinHost, draft)) {
      twinHost.entrypoints = ENTRYPOINTS.filter((e) => twinHost.entrypoints.includes(e) || entrypoints.includes(e));
      for (const name of draft.names) for (const e of entrypoints) namesTaken.add(`${e} ${name}`);
      ctx.warn(draft.directive, 'note', `same names and content as the server on ${twinHost.entrypoints.filter((e) => !entrypoints.includes(e)).join(', ')}: imported as one host on both entrypoints`);
      continue;
    }
    // nginx answers a name with the first server that has it ("conflicting server name");
    // a Portico host answers its names on all of its entrypoints, so a name belongs to one host.
    let names = draft.names.filter((name) => {
      const taken = entrypoints.some((e) => namesTaken.has(`${e} ${name}`));
      if (taken) ctx.warn(draft.directive, 'unsupported', `conflicting server name "${name}": nginx answers it with an earlier server, so it is left out here`);
      const elsewhere = !taken && namesTaken.has(`* ${name}`);
      if (elsewhere) ctx.warn(draft.directive, 'unsupported', `server name "${name}" is served by another server block on another port with different content; a Portico host serves its names the same on every entrypoint, so it is left out here`);
      return !taken && !elsewhere;
    });
    for (const name of names) {
      namesTaken.add(`* ${name}`);
      for (const e of entrypoints) namesTaken.add(`${e} ${name}`);
    }
    if (names.length === 0) {
      placeholder++;
      const name = placeholder === 1 ? 'default.invalid' : `default-${placeholder}.invalid`;
      names = [name];
      ctx.warn(draft.directive, 'note', `server without a usable server_name: it answers only as the default server; imported as "${name}" (rename it in Portico)`);
    }
    const host: Host = {
      serverNames: names,
      enabled: true,
      defaultServer,
      entrypoints,
      tls: {
        certificateId: null,
        forceHttps: redirect !== undefined,
        redirectStatus: redirect?.status ?? 301,
        hsts: { enabled: false, maxAgeSeconds: 31536000, includeSubDomains: false, preload: false },
        // nginx sends no X-Forwarded-Proto unless told: a proxy_set_header stays a header rule.
        forwardedProto: false,
      },
      policies: draft.policies,
      errorPages: {},
      locations: draft.locations,
    };
    liftHsts(host);
    const parsed = HostInput.safeParse(host);
    if (parsed.success) {
      result.hosts.push(parsed.data);
      for (const name of parsed.data.serverNames) hostsByName.set(name, [...(hostsByName.get(name) ?? []), parsed.data]);
      if (implicitDefault) result.implicitDefaults.push(parsed.data.serverNames[0]!);
    } else {
      const issue = parsed.error.issues[0];
      ctx.warn(draft.directive, 'unsupported', `server cannot be imported: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
  }
  return result;
}
