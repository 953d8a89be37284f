// The proxy's HTTP port as the engine reports it (ports may be ephemeral in tests), for
// the "send a request" hints.
import fs from 'node:fs';
import { engineInfoFile } from '@/core/contract/engine-client.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';

export function proxyHttpPort(): number | null {
  try {
    const info = JSON.parse(fs.readFileSync(engineInfoFile(dashboardEnv().dataDir), 'utf8')) as { ports?: { http?: number } };
    return info.ports?.http ?? null;
  } catch {
    return null;
  }
}

/** A curl command that sends a request to a host through the proxy. */
export function curlHint(hostName: string | undefined): string {
  return `curl -H 'Host: ${hostName ?? 'app.example.com'}' http://127.0.0.1:${proxyHttpPort() ?? 8080}/`;
}
