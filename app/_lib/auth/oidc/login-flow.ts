// The state of one sign-in through the provider (state, nonce, PKCE verifier, where to go
// afterwards), kept in the browser in a short-lived cookie sealed with the secret box:
// nothing to store server-side, and a tampered or foreign cookie fails to open. SameSite=Lax
// because the provider's redirect back is a cross-site top-level navigation.
import { secretBoxFor } from '@/core/tls/secret-box.ts';
import { dashboardEnv } from '../../env.ts';

export const FLOW_COOKIE = 'portico_oidc';
const FLOW_PATH = '/api/v1/auth/oidc';
const FLOW_SECONDS = 10 * 60;

export interface LoginFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  issuer: string;
  expiresAt: number;
}

const box = () => secretBoxFor(dashboardEnv().dataDir);

export function flowCookie(flow: Omit<LoginFlow, 'expiresAt'>, secure: boolean): string {
  const value = box().seal(JSON.stringify({ ...flow, expiresAt: Date.now() + FLOW_SECONDS * 1000 }));
  return `${FLOW_COOKIE}=${encodeURIComponent(value)}; Path=${FLOW_PATH}; HttpOnly; SameSite=Lax; Max-Age=${FLOW_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedFlowCookie(secure: boolean): string {
  return `${FLOW_COOKIE}=; Path=${FLOW_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The flow the cookie holds, or null when it is missing, expired or not ours. */
export function openFlow(cookie: string | undefined): LoginFlow | null {
  if (!cookie) return null;
  try {
    const flow = JSON.parse(box().open(cookie)) as LoginFlow;
    return typeof flow.state === 'string' && typeof flow.expiresAt === 'number' && flow.expiresAt > Date.now() ? flow : null;
  } catch {
    return null;
  }
}
