// Talks to the engine's loopback control API (port from data/engine.json, token from
// data/engine.token). The engine may be down: every call degrades to "unknown", except
// engineFetch, which says which of down, too slow or answered it was (api/engine-call.ts
// turns that into a truthful API error).
import fs from 'node:fs';
import path from 'node:path';
import { readControlToken } from '@/core/contract/control-token.ts';
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

/** How a call to the engine went: no engine listening, no answer in time, a broken connection, or an answer (any status). */
export type EngineOutcome =
  | { kind: 'down' }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'broken'; code: string }
  | { kind: 'answered'; res: Response };

export async function engineFetch(
  method: string,
  pathname: string,
  init: { body?: unknown; timeoutMs?: number; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<EngineOutcome> {
  const endpoint = controlEndpoint();
  if (!endpoint) return { kind: 'down' };
  const timeoutMs = init.timeoutMs ?? 3000;
  const signals = [...(init.timeoutMs === 0 ? [] : [AbortSignal.timeout(timeoutMs)]), ...(init.signal ? [init.signal] : [])];
  try {
    const res = await fetch(`${endpoint.base}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${endpoint.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
    });
    return { kind: 'answered', res };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { kind: 'timeout', timeoutMs };
    const code = ((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? (error as Error).name) || 'error';
    return code === 'ECONNREFUSED' ? { kind: 'down' } : { kind: 'broken', code };
  }
}

/** The engine's answer (any status), or null when there was none (down, too slow, connection broken). */
export async function engineRequest(method: string, pathname: string, body?: unknown, timeoutMs = 3000): Promise<Response | null> {
  const outcome = await engineFetch(method, pathname, { body, timeoutMs });
  return outcome.kind === 'answered' ? outcome.res : null;
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
