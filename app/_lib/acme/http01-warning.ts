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
    `Unless something forwards port 80 to port ${port} (a firewall or NAT rule, a container's port mapping, a proxy in front), orders will fail. ` +
    'If port 80 does reach Portico, set PORTICO_ACME_HTTP_PORT=80 to say so.'
  );
}
