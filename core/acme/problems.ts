// Every way an ACME order can fail, in plain language: what went wrong, where, and what
// to do about it. CA answers keep their RFC 7807 problem document alongside the
// sentence (shown in the dashboard), rate limits say when to retry. Nothing ends as a
// bare "Internal Error". Pure functions (no imports from the app), unit-tested.

export interface AcmeProblem {
  type: string;
  detail: string;
  status?: number;
  instance?: string;
  subproblems?: { type?: string; detail?: string; identifier?: { value?: string } }[];
}

export type FailureCode =
  | 'invalid_name'
  | 'dns_unresolved'
  | 'port_unreachable'
  | 'wrong_responder'
  | 'ca_unreachable'
  | 'ca_untrusted'
  | 'ca_refused'
  | 'ca_error'
  | 'rate_limited'
  | 'challenge_failed'
  | 'terms_required'
  | 'account_problem'
  | 'dns_credentials'
  | 'dns_zone_not_found'
  | 'dns_provider_error'
  | 'dns_not_propagated'
  | 'unexpected';

export type StepKey = 'preflight' | 'account' | 'order' | 'challenge' | 'validating' | 'finalized' | 'installed';

export interface AcmeFailure {
  code: FailureCode;
  message: string;
  step: StepKey;
  domain?: string;
  problem?: AcmeProblem;
  /** ISO time after which the CA accepts a new attempt (rate limits). */
  retryAfter?: string;
}

export class AcmeFailureError extends Error {
  readonly failure: AcmeFailure;
  constructor(failure: AcmeFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** What the ACME transport saw during one call (filled by http-client.ts). */
export interface TransportCapture {
  problem: AcmeProblem | null;
  retryAfter: string | null;
  transport: (Error & { code?: string }) | null;
  url: string | null;
}

const PREFIX = 'urn:ietf:params:acme:error:';

export function caName(directoryUrl: string): string {
  try {
    const host = new URL(directoryUrl).host;
    if (/(^|\.)letsencrypt\.org$/.test(host)) return "Let's Encrypt";
    if (/(^|\.)zerossl\.com$/.test(host)) return 'ZeroSSL';
    if (/(^|\.)buypass\.(com|no)$/.test(host)) return 'Buypass';
    if (/(^|\.)pki\.goog$/.test(host)) return 'Google Trust Services';
    return `the CA at ${host}`;
  } catch {
    return 'the CA';
  }
}

function detailOf(problem: AcmeProblem): string {
  const subs = (problem.subproblems ?? []).filter((s) => s.detail).map((s) => (s.identifier?.value ? `${s.identifier.value}: ${s.detail}` : s.detail!));
  const text = subs.length > 0 ? subs.join('; ') : problem.detail;
  return (text || problem.type).replace(/\s+/g, ' ').trim();
}

export function formatRetryAfter(iso: string): string {
  return new Date(iso).toUTCString();
}

export function describeProblem(problem: AcmeProblem, context: { ca: string; domain?: string; retryAfter?: string | null }): { code: FailureCode; message: string } {
  const type = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
  const ca = context.ca;
  const capital = ca.charAt(0).toUpperCase() + ca.slice(1);
  const name = context.domain ?? 'the name';
  const detail = detailOf(problem);
  switch (type) {
    case 'rateLimited':
      return {
        code: 'rate_limited',
        message: `${capital} is rate limiting this request: ${detail}. ${context.retryAfter ? `Try again after ${formatRetryAfter(context.retryAfter)}.` : 'Try again later.'}`,
      };
    case 'connection':
      return { code: 'challenge_failed', message: `${capital} could not connect to ${name} on port 80: ${detail}. Open port 80 to the internet and forward it to Portico's HTTP entrypoint.` };
    case 'dns':
      return { code: 'challenge_failed', message: `${capital} could not look up ${name} in DNS: ${detail}. Check the name's A/AAAA records.` };
    case 'unauthorized':
    case 'incorrectResponse':
      return {
        code: 'challenge_failed',
        message: `${capital} reached ${name} but did not get Portico's challenge answer: ${detail}. Another server may be answering for this name; check that its DNS records point to this machine.`,
      };
    case 'tls':
      return { code: 'challenge_failed', message: `${capital} had a TLS problem reaching ${name}: ${detail}` };
    case 'caa':
      return { code: 'ca_refused', message: `A CAA record of ${name} does not allow ${ca} to issue certificates: ${detail}. Add ${ca} to the CAA record or remove it.` };
    case 'rejectedIdentifier':
    case 'unsupportedIdentifier':
      return { code: 'ca_refused', message: `${capital} will not issue a certificate for ${name}: ${detail}` };
    case 'userActionRequired':
      return { code: 'terms_required', message: `${capital} needs you to act before it issues more certificates (usually to accept updated terms): ${detail}${problem.instance ? ` (${problem.instance})` : ''}` };
    case 'externalAccountRequired':
      return { code: 'account_problem', message: `${capital} requires an external account binding (a key ID and HMAC key from the CA), which Portico does not support yet.` };
    case 'accountDoesNotExist':
    case 'invalidContact':
    case 'unsupportedContact':
      return { code: 'account_problem', message: `${capital} refused the ACME account: ${detail}` };
    case 'serverInternal':
      return { code: 'ca_error', message: `${capital} reported a problem on its side: ${detail}. Portico will retry; nothing needs changing here.` };
    default:
      return { code: 'ca_refused', message: `${capital} refused the request: ${detail}` };
  }
}

const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function describeTransport(error: (Error & { code?: string }) | null, url: string | null, ca: string): { code: FailureCode; message: string } {
  const where = url ? new URL(url).host : ca;
  const code = error?.code ?? '';
  if (TLS_TRUST_CODES.has(code)) {
    return {
      code: 'ca_untrusted',
      message: `Portico does not trust the HTTPS certificate of ${where} (${code}). For a private or test CA, set PORTICO_ACME_CA_FILE to the file of its root certificate.`,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'ca_unreachable', message: `Portico could not look up ${where} in DNS (${code}); check this server's DNS settings and outbound connectivity.` };
  if (code === 'ECONNREFUSED') return { code: 'ca_unreachable', message: `${where} refused Portico's connection; check the ACME directory URL and that the CA is up.` };
  const reason = code || error?.message || 'no answer';
  return { code: 'ca_unreachable', message: `Portico could not reach ${where} (${reason}); check outbound connectivity to the CA and retry.` };
}

/** Turns anything thrown during an order into an AcmeFailure. */
export function classifyFailure(error: unknown, capture: TransportCapture | null, context: { step: StepKey; ca: string; domain?: string }): AcmeFailure {
  if (error instanceof AcmeFailureError) return error.failure;
  const base = { step: context.step, ...(context.domain ? { domain: context.domain } : {}) };
  if (capture?.problem) {
    const { code, message } = describeProblem(capture.problem, { ca: context.ca, domain: context.domain, retryAfter: capture.retryAfter });
    return { ...base, code, message, problem: capture.problem, ...(capture.retryAfter ? { retryAfter: capture.retryAfter } : {}) };
  }
  // acme-client 5.4 turns transport failures into "Cannot read properties of undefined";
  // the transport capture holds the real cause.
  if (capture?.transport || /reading 'config'|ECONN|ETIMEDOUT|ENOTFOUND|socket hang up|timeout/i.test((error as Error)?.message ?? '')) {
    return { ...base, ...describeTransport(capture?.transport ?? null, capture?.url ?? null, context.ca) };
  }
  const message = (error as Error)?.message || String(error);
  return { ...base, code: 'unexpected', message: `Unexpected failure at the "${context.step}" step: ${message}` };
}
