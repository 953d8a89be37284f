// Said before ordering: public CAs validate HTTP-01 on port 80 of each name. When Portico's
// HTTP entrypoint listens elsewhere and nothing says a forwarder is in front (an explicit
// PORTICO_ACME_HTTP_PORT, trusted proxies), the order is bound to fail at the preflight.

export interface Http01Setup {
  /** The port the HTTP entrypoint listens on (null: unknown). */
  httpPort: number | null;
  /** PORTICO_ACME_HTTP_PORT was set: someone said where the CA reaches Portico. */
  validationPortSet: boolean;
  /** settings.trustedProxies: a proxy in front forwards to Portico. */
  trustedProxies: number;
}

export function http01Warning(setup: Http01Setup): string | null {
  const port = setup.httpPort;
  if (port === null || port === 80 || setup.validationPortSet || setup.trustedProxies > 0) return null;
  return (
    `Portico's HTTP entrypoint listens on port ${port}, but the certificate authority connects to port 80 of each name to check it (the HTTP-01 challenge). ` +
    `Unless something forwards port 80 to port ${port}, orders will fail: in a container, publish it as port 80 (docker run -p 80:${port}); ` +
    'installed natively, listen on port 80 itself (PORTICO_HTTP_PORT=80, which systemd allows without root through deploy/portico.service); ' +
    `behind another proxy or a NAT rule, have it forward port 80 to ${port}. ` +
    'If port 80 does reach Portico, set PORTICO_ACME_HTTP_PORT=80 to say so (see the README, "Running on ports 80 and 443").'
  );
}
