// What the importer says about ssl_* and proxy_ssl_* directives. Portico terminates TLS
// itself with certificates it manages and Node's modern defaults, so these are notes
// when they match that, and warnings when they ask for something Portico does not do.
import type { NginxDirective } from './ast.ts';
import type { ImportWarningKind } from './import-plan.ts';

export interface Remark {
  kind: ImportWarningKind;
  message: string;
}

const MODERN_PROTOCOLS = new Set(['TLSv1.2', 'TLSv1.3']);

// Suites in Node's default list (TLS 1.2 AEAD suites with forward secrecy) and OpenSSL
// class words that only narrow that list down.
const MODERN_CIPHER = /^(ECDHE|DHE)-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$|^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/;
const CIPHER_CLASSES = /^(HIGH|ECDHE|EECDH|EDH|AESGCM|CHACHA20|[!-](aNULL|eNULL|NULL|MD5|RC4|DES|3DES|EXPORT|PSK|SRP|DSS|CAMELLIA|SHA1|kRSA|SEED|IDEA|ADH|AECDH|LOW|MEDIUM)|@STRENGTH)$/i;

function protocolsRemark(d: NginxDirective): Remark {
  const protocols = d.args;
  if (protocols.every((p) => MODERN_PROTOCOLS.has(p))) {
    return protocols.length === 2
      ? { kind: 'note', message: "matches Portico's defaults: TLS 1.2 and TLS 1.3" }
      : { kind: 'note', message: 'Portico offers TLS 1.2 and TLS 1.3 (both modern); the list is not configurable' };
  }
  const old = protocols.filter((p) => !MODERN_PROTOCOLS.has(p));
  return { kind: 'unsupported', message: `Portico offers only TLS 1.2 and TLS 1.3; clients limited to ${old.join(', ')} cannot connect` };
}

function ciphersRemark(d: NginxDirective): Remark {
  const parts = (d.args[0] ?? '').split(/[:\s]+/).filter((p) => p.length > 0);
  if (parts.length > 0 && parts.every((p) => MODERN_CIPHER.test(p) || CIPHER_CLASSES.test(p))) {
    return { kind: 'note', message: "only modern ciphers: Portico's defaults (Node's AEAD cipher suites with forward secrecy) cover this; the list is not imported" };
  }
  return { kind: 'unsupported', message: "custom cipher lists are not supported; Portico uses Node's modern defaults" };
}

const CERTIFICATE_FILES = new Set(['ssl_certificate', 'ssl_certificate_key', 'ssl_trusted_certificate', 'ssl_password_file', 'ssl_dhparam', 'ssl_session_ticket_key', 'ssl_stapling_file', 'ssl_crl']);

/** The remark for an ssl_* / proxy_ssl_* directive, or null if it is not one. */
export function tlsRemark(d: NginxDirective): Remark | null {
  const { name } = d;
  if (CERTIFICATE_FILES.has(name)) {
    return { kind: 'managed', message: `certificates and keys are managed by Portico (Let's Encrypt or uploaded in the dashboard); "${d.args[0] ?? ''}" is not imported` };
  }
  switch (name) {
    case 'ssl_protocols':
      return protocolsRemark(d);
    case 'ssl_ciphers':
      return ciphersRemark(d);
    case 'ssl_prefer_server_ciphers':
      return { kind: 'ignored', message: 'not needed: Portico offers only modern ciphers, so the client may choose' };
    case 'ssl_session_cache':
    case 'ssl_session_timeout':
    case 'ssl_session_tickets':
      return { kind: 'ignored', message: 'TLS session resumption is managed by Portico' };
    case 'ssl_stapling':
    case 'ssl_stapling_verify':
    case 'ssl_stapling_responder':
    case 'ssl_ocsp':
    case 'ssl_ocsp_cache':
    case 'ssl_ocsp_responder':
      return { kind: 'ignored', message: "Portico does not staple OCSP responses (Let's Encrypt no longer offers OCSP)" };
    case 'ssl_ecdh_curve':
    case 'ssl_buffer_size':
      return { kind: 'ignored', message: "not needed: Portico uses Node's TLS defaults" };
    case 'ssl_verify_client':
    case 'ssl_client_certificate':
    case 'ssl_verify_depth':
      return { kind: 'unsupported', message: 'client certificate authentication (mutual TLS) is not supported' };
    case 'ssl_early_data':
      return { kind: 'unsupported', message: 'TLS 1.3 early data (0-RTT) is not supported' };
    case 'proxy_ssl_verify':
      return d.args[0] === 'on'
        ? { kind: 'note', message: 'Portico verifies upstream certificates by default' }
        : { kind: 'unsupported', message: "nginx does not verify upstream certificates here; Portico does, unless verification is turned off in the pool's TLS settings" };
    case 'proxy_ssl_server_name':
      return { kind: 'note', message: 'Portico sends the upstream host name (SNI) by default' };
    case 'proxy_ssl_trusted_certificate':
      return { kind: 'managed', message: `paste the CA certificate from "${d.args[0] ?? ''}" into the pool's TLS settings` };
    case 'proxy_ssl_name':
      return { kind: 'unsupported', message: "set the name in the pool's TLS settings (server name)" };
    case 'proxy_ssl_protocols':
    case 'proxy_ssl_ciphers':
    case 'proxy_ssl_session_reuse':
      return { kind: 'ignored', message: "not needed: Portico uses Node's TLS defaults towards upstreams" };
    default:
      return name.startsWith('ssl_') || name.startsWith('proxy_ssl_') ? { kind: 'unsupported', message: `"${name}" is not supported by Portico` } : null;
  }
}
