// Talks to the engine's loopback control API (port from data/engine.json, token from
// data/engine.token). The engine may be down: every call degrades to "unknown".
import fs from 'node:fs';
import path from 'node:path';
import { readControlToken } from '@/proxy-engine/admin/control-token.ts';
import { dashboardEnv } from './env.ts';

export interface EngineStatus {
  appliedRevision: number;
  desiredRevision: number;
  lastAppliedAt: number | null;
  lastApplyMs: number | null;
  databaseError: string | null;
  errors: { objectType: string; objectId: string; name: string; path: string; message: string }[];
  hostCount?: number;
  pid?: number;
}

function controlEndpoint(): { base: string; token: string } | null {
  const { dataDir } = dashboardEnv();
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { ports: { control: number } };
    const token = readControlToken(dataDir);
    if (!token) return null;
    return { base: `http://127.0.0.1:${info.ports.control}`, token };
  } catch {
    return null;
  }
}

export async function engineRequest(method: string, pathname: string, body?: unknown, timeoutMs = 3000): Promise<Response | null> {
  const endpoint = controlEndpoint();
  if (!endpoint) return null;
  try {
    return await fetch(`${endpoint.base}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${endpoint.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return null;
  }
}

/** A streaming request to the control API (no timeout; the caller's signal ends it). */
export async function controlFetch(method: string, pathname: string, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<Response | null> {
  const endpoint = controlEndpoint();
  if (!endpoint) return null;
  try {
    return await fetch(`${endpoint.base}${pathname}`, { method, headers: { authorization: `Bearer ${endpoint.token}`, ...init.headers }, signal: init.signal });
  } catch {
    return null;
  }
}

export async function engineStatus(): Promise<EngineStatus | null> {
  const res = await engineRequest('GET', '/status');
  return res?.ok ? ((await res.json()) as EngineStatus) : null;
}

/** Asks the engine to apply now; the engine also polls every second, so a failure here loses nothing. */
export async function reloadEngine(): Promise<EngineStatus | null> {
  const res = await engineRequest('POST', '/reload');
  if (!res?.ok) return null;
  return engineStatus();
}
