// What went wrong talking to an upstream, in nginx's terms: the proxy_next_upstream
// condition it corresponds to, the status the client gets, and a reason a person can act on.
import { REFUSED_CODE } from '../../core/net/guarded-connect.ts';

export type FailureKind = 'error' | 'timeout' | 'invalid_header';

export interface UpstreamFailure {
  kind: FailureKind;
  /** Whether the request may have reached the upstream (non-idempotent requests are then not retried). */
  maybeSent: boolean;
  status: 502 | 504;
  reason: string;
}

interface ErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
}

export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const e = (error ?? {}) as ErrorLike;
  const code = e.code ?? (e.cause as ErrorLike | undefined)?.code ?? '';
  switch (code) {
    case REFUSED_CODE:
      // The SSRF guard (net/guarded-connect.ts): nothing was sent.
      return { kind: 'error', maybeSent: false, status: 502, reason: `${e.message} (the SSRF guard; allowLinkLocalUpstreams in the settings turns it off)` };
    case 'ECONNREFUSED':
      return { kind: 'error', maybeSent: false, status: 502, reason: 'connection refused' };
    case 'ENOENT':
      return { kind: 'error', maybeSent: false, status: 502, reason: 'unix socket not found' };
    case 'EACCES':
      return { kind: 'error', maybeSent: false, status: 502, reason: 'permission denied on unix socket' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'error', maybeSent: false, status: 502, reason: `upstream host unreachable (${code})` };
    case 'UND_ERR_CONNECT_TIMEOUT':
      // nginx answers 504 when the connect timeout expires.
      return { kind: 'timeout', maybeSent: false, status: 504, reason: 'timed out connecting to upstream' };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { kind: 'timeout', maybeSent: true, status: 504, reason: 'upstream timed out sending response headers' };
    case 'UND_ERR_BODY_TIMEOUT':
      return { kind: 'timeout', maybeSent: true, status: 504, reason: 'upstream timed out sending the response body' };
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_VERSION':
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
    case 'UND_ERR_INFO':
      return { kind: 'invalid_header', maybeSent: true, status: 502, reason: `upstream sent an invalid response (${code})` };
    case 'PORTICO_INVALID_UPSTREAM_FRAMING':
      return { kind: 'invalid_header', maybeSent: true, status: 502, reason: e.message ?? 'upstream sent an invalid response framing' };
    case 'UND_ERR_HEADERS_OVERFLOW':
    case 'HPE_HEADER_OVERFLOW':
      return { kind: 'invalid_header', maybeSent: true, status: 502, reason: 'upstream sent too big a header' };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { kind: 'error', maybeSent: true, status: 502, reason: 'upstream closed the connection prematurely' };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return { kind: 'error', maybeSent: false, status: 502, reason: `upstream TLS certificate verification failed (${code})` };
    default:
      if (code.startsWith('HPE_')) return { kind: 'invalid_header', maybeSent: true, status: 502, reason: `upstream sent an invalid response (${code})` };
      if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
        return { kind: 'error', maybeSent: false, status: 502, reason: `TLS handshake with upstream failed (${code})` };
      }
      return { kind: 'error', maybeSent: true, status: 502, reason: `${code || 'error'}: ${e.message ?? 'upstream error'}` };
  }
}
