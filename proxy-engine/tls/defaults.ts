// The TLS profile of the HTTPS entrypoint, after Mozilla's "intermediate" guidance
// (https://ssl-config.mozilla.org, guidelines v5.7) narrowed as Portico promises:
// TLS 1.2 and 1.3 only, forward-secret AEAD suites only (ECDHE with AES-GCM or
// ChaCha20-Poly1305; Mozilla's DHE suites are left out), and the client's cipher
// preference honoured because every offered suite is strong (ssl_prefer_server_ciphers
// off in Mozilla's nginx template).
import { constants } from 'node:crypto';
import type { SecureContextOptions, SecureVersion } from 'node:tls';

export const TLS13_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
];

export const TLS_PROFILE = {
  minVersion: 'TLSv1.2' as SecureVersion,
  maxVersion: 'TLSv1.3' as SecureVersion,
  ciphers: [...TLS13_SUITES, ...TLS12_CIPHERS].join(':'),
  ecdhCurve: 'X25519:prime256v1:secp384r1',
  honorCipherOrder: false,
  // No renegotiation (a DoS lever, and unneeded with TLS 1.3); no TLS compression (CRIME).
  secureOptions: constants.SSL_OP_NO_RENEGOTIATION | constants.SSL_OP_NO_COMPRESSION,
  // Mozilla: ssl_session_timeout 1d.
  sessionTimeout: 86400,
} satisfies SecureContextOptions & { sessionTimeout: number };

/** ALPN: HTTP/2 first, HTTP/1.1 for everything else (WebSocket included). */
export const ALPN_PROTOCOLS = ['h2', 'http/1.1'];
