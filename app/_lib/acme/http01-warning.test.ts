import { describe, expect, it } from 'vitest';
import { http01Warning, type Http01Setup } from './http01-warning.ts';

describe('the HTTP-01 port warning', () => {
  const cases: { desc: string; setup: Http01Setup; warns: boolean }[] = [
    { desc: 'HTTP on port 80', setup: { httpPort: 80, validationPortSet: false, trustedProxies: 0 }, warns: false },
    { desc: 'HTTP on 8080, nothing said', setup: { httpPort: 8080, validationPortSet: false, trustedProxies: 0 }, warns: true },
    { desc: 'HTTP on 8080, PORTICO_ACME_HTTP_PORT set', setup: { httpPort: 8080, validationPortSet: true, trustedProxies: 0 }, warns: false },
    { desc: 'HTTP on 8080 behind trusted proxies', setup: { httpPort: 8080, validationPortSet: false, trustedProxies: 1 }, warns: false },
    { desc: 'the port is unknown', setup: { httpPort: null, validationPortSet: false, trustedProxies: 0 }, warns: false },
  ];
  it.each(cases)('$desc', ({ setup, warns }) => {
    const warning = http01Warning(setup);
    expect(warning !== null).toBe(warns);
    if (warning) expect(warning).toMatch(/port 8080.*port 80 of each name.*PORTICO_ACME_HTTP_PORT=80/);
    // Each way of running says what to do: the container's port mapping, systemd's unit, a forwarder.
    if (warning) expect(warning).toMatch(/-p 80:8080.*PORTICO_HTTP_PORT=80.*deploy\/portico\.service.*forward port 80 to 8080/);
  });
});
