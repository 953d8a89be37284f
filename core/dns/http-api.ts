// One call to a DNS host's HTTP API, its failures in words: 401/403 are bad credentials,
// anything else non-2xx is the provider's own message, an unreachable API says so.
import { DnsProviderError } from './provider.ts';

export interface ApiCall {
  provider: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ApiAnswer {
  status: number;
  text: string;
}

const TIMEOUT_MS = 30_000;

export async function callApi(call: ApiCall, describeError: (answer: ApiAnswer) => string): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new DnsProviderError('dns_provider_error', `The ${call.provider} API could not be reached (${call.method} ${new URL(call.url).origin}): ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const answer = { status: res.status, text: await res.text() };
  if (res.ok) return answer;
  const detail = describeError(answer);
  if (res.status === 401 || res.status === 403) throw new DnsProviderError('dns_credentials', `The ${call.provider} API refused the credentials (HTTP ${res.status}: ${detail}): check the token and its permissions.`);
  throw new DnsProviderError('dns_provider_error', `The ${call.provider} API answered ${call.method} ${new URL(call.url).pathname} with HTTP ${res.status}: ${detail}`);
}

export function parseJson<T>(provider: string, answer: ApiAnswer): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    throw new DnsProviderError('dns_provider_error', `The ${provider} API answered with something other than JSON: ${answer.text.slice(0, 200)}`);
  }
}

/** The message of a JSON error body, whatever its shape; the start of the body otherwise. */
export function jsonMessage(answer: ApiAnswer, pick: (body: any) => string | undefined): string {
  try {
    return pick(JSON.parse(answer.text)) || answer.text.slice(0, 200) || '(empty body)';
  } catch {
    return answer.text.slice(0, 200) || '(empty body)';
  }
}

/** The record name relative to its zone: "_acme-challenge.a" in "example.com"; "@" at the apex. */
export function relativeName(name: string, zone: string): string {
  if (name === zone) return '@';
  return name.slice(0, -(zone.length + 1));
}
